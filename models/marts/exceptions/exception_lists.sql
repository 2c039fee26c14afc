{#-
    The exception lists (issue 15, section 4): the children behind each missed timescale at the
    build's as-at date, one row per child or event, for the managers who must act on them. INTERNAL
    ONLY: each row carries the authority's own person id (so a worker can find the child), never a
    name, postcode or date of birth (age band only). `runner export --exceptions` writes them; no
    published export and no report page ever reads this model (the report shows only counts,
    report_exception_counts).

    Each list is the complement of one indicator's numerator within its denominator, worked out
    from the same fact columns and the same tests as the indicator model (ind_front_door,
    ind_child_protection, ind_looked_after, ind_reviews), at the as-at date only. The data tests in
    _exceptions__models.yml check, for every list, that its count equals the indicator's
    denominator minus numerator at the as-at date, so the two can never silently disagree. Lists and
    their indicators: exception_list_catalogue.

    Every row: la_code, list_id, record_id (the assessment, conference, plan, period of care,
    episode or enquiry), person_id, the as-at date and the indicator period, the child's age band at
    the as-at date, team and worker, start_date (when the clock started), due_date (the last day
    within the timescale), done_date (when it happened, null if it has not by the as-at date),
    elapsed (working days, days or whole months, in elapsed_unit) and the rule in words.

    Team and worker (indicators.md, Breakdowns): the event's own team where its table has one
    (cina_assessment_team), else the team of the child's allocated involvement (a blank
    invo_professional_role_id) open on the row's date (the latest started, ties by the largest id),
    else "not recorded"; the worker is that involvement's invo_professional_id. The row's date is
    the event's date for a flow (authorisation, conference, end of the enquiry, start of care) and
    the as-at date for a stock.
-#}
{%- set visit_days = var('cp_visit_working_days') | int %}

with reporting_window as (

    select
        la_code,
        as_at_date,
        {{ month_start('as_at_date') }} as month_first,
        {#- the financial year to date, as the indicator's ytd row: from 1 April, or from the
            reporting window's start when the window starts later in that year (no ytd row then) -#}
        case
            when {{ financial_year_start('as_at_date') }} >= window_start then {{ financial_year_start('as_at_date') }}
            else window_start
        end as year_first
    from {{ ref('int_reporting_windows__resolved') }}

),

calendar as (

    select date_day, working_day_number, is_working_day from {{ ref('dim_date') }}

),

-- 1. assessment_45wd_pct, month of the as-at date: authorised in the month, not within 45 working
-- days (a duration that cannot be counted is in the denominator and not the numerator)
assessments_over_45wd as (

    select
        assessments.la_code,
        'assessments_over_45wd' as list_id,
        assessments.assessment_id as record_id,
        assessments.person_id,
        reporting_window.as_at_date,
        reporting_window.month_first as period_start,
        reporting_window.as_at_date as period_end,
        assessments.assessment_auth_date as team_date,
        staged.assessment_team as own_team,
        assessments.duration_start_date as start_date,
        due_day.date_day as due_date,
        assessments.assessment_auth_date as done_date,
        assessments.working_days_to_auth as elapsed,
        'working days' as elapsed_unit,
        case
            when assessments.working_days_to_auth is null
                then 'authorised in the month; its working days cannot be counted (a date outside the calendar)'
            when assessments.has_linked_referral
                then 'authorised in the month more than 45 working days after the referral'
            else 'authorised in the month more than 45 working days after its start (no linked referral)'
        end as rule
    from {{ ref('fct_assessments') }} as assessments
    inner join reporting_window
        on reporting_window.la_code = assessments.la_code
        and assessments.auth_month = reporting_window.month_first
    left join {{ ref('stg_ssd__cin_assessments') }} as staged
        on staged.la_code = assessments.la_code
        and staged.assessment_id = assessments.assessment_id
    left join calendar as start_day on start_day.date_day = assessments.duration_start_date
    left join calendar as due_day
        on due_day.working_day_number = start_day.working_day_number + 45
        and due_day.is_working_day
    where not coalesce(assessments.working_days_to_auth <= 45, false)

),

-- 2. open assessments at the as-at date (started, not authorised by it) already beyond 45 working
-- days from the referral (or their own start, with no linked referral)
open_assessments_over_45wd as (

    select
        assessments.la_code,
        'open_assessments_over_45wd' as list_id,
        assessments.assessment_id as record_id,
        assessments.person_id,
        reporting_window.as_at_date,
        reporting_window.as_at_date as period_start,
        reporting_window.as_at_date as period_end,
        reporting_window.as_at_date as team_date,
        staged.assessment_team as own_team,
        assessments.duration_start_date as start_date,
        due_day.date_day as due_date,
        cast(null as date) as done_date,
        {{ working_days('start_day', 'as_at_day') }} as elapsed,
        'working days' as elapsed_unit,
        case
            when assessments.has_linked_referral
                then 'not authorised by the as-at date, more than 45 working days after the referral'
            else 'not authorised by the as-at date, more than 45 working days after its start (no linked referral)'
        end as rule
    from {{ ref('fct_assessments') }} as assessments
    inner join reporting_window
        on reporting_window.la_code = assessments.la_code
        and assessments.assessment_start_date <= reporting_window.as_at_date
        and (assessments.assessment_auth_date is null or assessments.assessment_auth_date > reporting_window.as_at_date)
    left join {{ ref('stg_ssd__cin_assessments') }} as staged
        on staged.la_code = assessments.la_code
        and staged.assessment_id = assessments.assessment_id
    inner join calendar as start_day on start_day.date_day = assessments.duration_start_date
    inner join calendar as as_at_day on as_at_day.date_day = reporting_window.as_at_date
    left join calendar as due_day
        on due_day.working_day_number = start_day.working_day_number + 45
        and due_day.is_working_day
    where {{ working_days('start_day', 'as_at_day') }} > 45

),

-- 3. icpc_15wd_pct, month of the as-at date: conferences (not transfer-in) with a linked enquiry
-- that started on or before them, held more than 15 working days after its start
icpcs_over_15wd as (

    select
        conferences.la_code,
        'icpcs_over_15wd' as list_id,
        conferences.icpc_id as record_id,
        conferences.person_id,
        reporting_window.as_at_date,
        reporting_window.month_first as period_start,
        reporting_window.as_at_date as period_end,
        conferences.icpc_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        conferences.s47_start_date as start_date,
        due_day.date_day as due_date,
        conferences.icpc_date as done_date,
        conferences.working_days_from_s47_start as elapsed,
        'working days' as elapsed_unit,
        'conference in the month more than 15 working days after the section 47 enquiry started' as rule
    from {{ ref('fct_icpcs') }} as conferences
    inner join reporting_window
        on reporting_window.la_code = conferences.la_code
        and conferences.icpc_month = reporting_window.month_first
    left join calendar as start_day on start_day.date_day = conferences.s47_start_date
    left join calendar as due_day
        on due_day.working_day_number = start_day.working_day_number + 15
        and due_day.is_working_day
    where not conferences.is_transfer_in
        and conferences.working_days_from_s47_start is not null
        and conferences.working_days_from_s47_start > 15

),

-- 4. cp_visit_pct at the as-at date d: children with a plan open at d that started more than N
-- working days before d, none of whose such plans had the child seen on or after its start, on or
-- before d, with wd(visit, d) <= N
cp_visit_cohort as (

    select
        plans.la_code,
        plans.cp_plan_id,
        plans.person_id,
        plans.plan_start_date,
        reporting_window.as_at_date,
        as_at_day.working_day_number as as_at_day_number
    from {{ ref('fct_cp_plans') }} as plans
    inner join reporting_window
        on reporting_window.la_code = plans.la_code
        and {{ is_open_at('plans.plan_start_date', 'plans.plan_end_date', 'reporting_window.as_at_date') }}
    inner join calendar as start_day on start_day.date_day = plans.plan_start_date
    inner join calendar as as_at_day on as_at_day.date_day = reporting_window.as_at_date
    where {{ working_days('start_day', 'as_at_day') }} > {{ visit_days }}

),

cp_seen_visits as (

    select visits.la_code, visits.person_id, visits.visit_date, calendar.working_day_number
    from {{ ref('fct_cp_visits') }} as visits
    inner join calendar on calendar.date_day = visits.visit_date
    where visits.is_child_seen

),

cp_visit_plans as (

    select
        cohort.la_code,
        cohort.cp_plan_id,
        cohort.person_id,
        cohort.plan_start_date,
        cohort.as_at_date,
        max(case when seen.working_day_number >= cohort.as_at_day_number - {{ visit_days }} then 1 else 0 end)
            as is_visited_in_time,
        max(seen.visit_date) as last_seen_date
    from cp_visit_cohort as cohort
    left join cp_seen_visits as seen
        on seen.la_code = cohort.la_code
        and seen.person_id = cohort.person_id
        and seen.visit_date >= cohort.plan_start_date
        and seen.visit_date <= cohort.as_at_date
    group by cohort.la_code, cohort.cp_plan_id, cohort.person_id, cohort.plan_start_date, cohort.as_at_date

),

cp_visit_children as (

    -- one row per child none of whose cohort plans was visited in time: the longest-running plan
    select *
    from (
        select
            cp_visit_plans.*,
            max(is_visited_in_time) over (partition by la_code, person_id) as child_visited_in_time,
            row_number() over (
                partition by la_code, person_id order by plan_start_date, cp_plan_id
            ) as longest_first
        from cp_visit_plans
    ) as plans_of_child
    where child_visited_in_time = 0 and longest_first = 1

),

cp_visits_overdue as (

    select
        children.la_code,
        'cp_visits_overdue' as list_id,
        children.cp_plan_id as record_id,
        children.person_id,
        children.as_at_date,
        children.as_at_date as period_start,
        children.as_at_date as period_end,
        children.as_at_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        children.plan_start_date as start_date,
        due_day.date_day as due_date,
        children.last_seen_date as done_date,
        {{ working_days('since_day', 'as_at_day') }} as elapsed,
        'working days' as elapsed_unit,
        case
            when children.last_seen_date is null then 'not seen on a visit since the plan started'
            else 'last seen more than {{ visit_days }} working days before the as-at date'
        end as rule
    from cp_visit_children as children
    inner join calendar as since_day
        on since_day.date_day = coalesce(children.last_seen_date, children.plan_start_date)
    inner join calendar as as_at_day on as_at_day.date_day = children.as_at_date
    left join calendar as due_day
        on due_day.working_day_number = since_day.working_day_number + {{ visit_days }}
        and due_day.is_working_day

),

-- children looked after at the as-at date (a child's intervals never overlap: one row per child)
looked_after as (

    select
        intervals.la_code,
        intervals.person_id,
        intervals.period_of_care_id,
        intervals.period_start_date,
        reporting_window.as_at_date
    from {{ ref('fct_cla_looked_after_intervals') }} as intervals
    inner join reporting_window
        on reporting_window.la_code = intervals.la_code
        and {{ is_open_at('intervals.looked_after_start', 'intervals.looked_after_end', 'reporting_window.as_at_date') }}

),

-- the placement the child is in on d (start <= d < end; the latest started where rows overlap)
placement_on_day as (

    select la_code, person_id, placement_start_date
    from (
        select
            looked_after.la_code,
            looked_after.person_id,
            placements.placement_start_date,
            row_number() over (
                partition by looked_after.la_code, looked_after.person_id
                order by placements.placement_start_date desc, placements.cla_placement_id desc
            ) as latest_first
        from looked_after
        inner join {{ ref('fct_cla_placements') }} as placements
            on placements.la_code = looked_after.la_code
            and placements.person_id = looked_after.person_id
            and {{ is_open_at('placements.placement_start_date', 'placements.placement_end_date', 'looked_after.as_at_date') }}
    ) as occupied
    where latest_first = 1

),

cla_seen_visits as (

    select
        looked_after.la_code,
        looked_after.person_id,
        max(visits.visit_date) as last_seen_date,
        max(case when visits.visit_date >= cast({{ dbt.dateadd('day', -91, 'looked_after.as_at_date') }} as date)
            then visits.visit_date end) as seen_in_91_days
    from looked_after
    inner join {{ ref('fct_cla_visits') }} as visits
        on visits.la_code = looked_after.la_code
        and visits.person_id = looked_after.person_id
        and visits.visit_date <= looked_after.as_at_date
    where visits.is_child_seen
    group by looked_after.la_code, looked_after.person_id

),

-- 5. cla_visit_pct at d: looked after, period of care started on or before d - 42 days, not seen
-- within 42 days (within 91 days where the placement on d started on or before d - 1 year)
cla_visit_measures as (

    select
        looked_after.*,
        visits.last_seen_date,
        coalesce(placement_on_day.placement_start_date <= {{ years_before('looked_after.as_at_date', 1) }}, false)
            as is_long_placement,
        coalesce(
            visits.seen_in_91_days >= cast({{ dbt.dateadd('day', -42, 'looked_after.as_at_date') }} as date)
            or (visits.seen_in_91_days is not null
                and placement_on_day.placement_start_date <= {{ years_before('looked_after.as_at_date', 1) }}),
            false
        ) as is_visited_in_time
    from looked_after
    left join cla_seen_visits as visits
        on visits.la_code = looked_after.la_code
        and visits.person_id = looked_after.person_id
    left join placement_on_day
        on placement_on_day.la_code = looked_after.la_code
        and placement_on_day.person_id = looked_after.person_id
    where looked_after.period_start_date <= cast({{ dbt.dateadd('day', -42, 'looked_after.as_at_date') }} as date)

),

cla_visits_overdue as (

    select
        la_code,
        'cla_visits_overdue' as list_id,
        period_of_care_id as record_id,
        person_id,
        as_at_date,
        as_at_date as period_start,
        as_at_date as period_end,
        as_at_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        period_start_date as start_date,
        case
            when is_long_placement
                then cast({{ dbt.dateadd('day', 91, 'coalesce(last_seen_date, period_start_date)') }} as date)
            else cast({{ dbt.dateadd('day', 42, 'coalesce(last_seen_date, period_start_date)') }} as date)
        end as due_date,
        last_seen_date as done_date,
        {{ dbt.datediff('coalesce(last_seen_date, period_start_date)', 'as_at_date', 'day') }} as elapsed,
        'days' as elapsed_unit,
        case
            when last_seen_date is null then 'not seen on a visit in this period of care'
            when is_long_placement then 'not seen in the 91 days to the as-at date (in the same placement a year or more)'
            else 'not seen in the 42 days to the as-at date'
        end as rule
    from cla_visit_measures
    where not is_visited_in_time

),

-- 6 and 7. cla_health_pct and cla_dental_pct at d: looked after, period of care started on or
-- before d - 12 months, no Completed check dated d - 1 year < date <= d
cla_checks as (

    select
        looked_after.la_code,
        looked_after.person_id,
        checks.check_kind,
        max(checks.health_check_date) as last_check_date,
        max(case when checks.health_check_date > {{ years_before('looked_after.as_at_date', 1) }} then 1 else 0 end)
            as has_check_in_12_months
    from looked_after
    inner join {{ ref('fct_cla_health_checks') }} as checks
        on checks.la_code = looked_after.la_code
        and checks.person_id = looked_after.person_id
        and checks.health_check_date <= looked_after.as_at_date
    where checks.is_completed and checks.check_kind in ('health_assessment', 'dental_check')
    group by looked_after.la_code, looked_after.person_id, checks.check_kind

),

cla_check_kinds as (

    select 'health_assessment' as check_kind, 'health_assessments_overdue' as list_id, 'health assessment' as check_name
    union all
    select 'dental_check', 'dental_checks_overdue', 'dental check'

),

cla_checks_overdue as (

    select
        looked_after.la_code,
        kinds.list_id,
        looked_after.period_of_care_id as record_id,
        looked_after.person_id,
        looked_after.as_at_date,
        looked_after.as_at_date as period_start,
        looked_after.as_at_date as period_end,
        looked_after.as_at_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        looked_after.period_start_date as start_date,
        {#- the last day a check still counts: the day before its anniversary (a check on 29 February
            counts until 28 February, d - 1 year being then 28 February) -#}
        case
            when extract(month from coalesce(checks.last_check_date, looked_after.period_start_date)) = 2
                and extract(day from coalesce(checks.last_check_date, looked_after.period_start_date)) = 29
                then cast({{ dbt.dateadd('year', 1, 'coalesce(checks.last_check_date, looked_after.period_start_date)') }} as date)
            else cast({{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'coalesce(checks.last_check_date, looked_after.period_start_date)')) }} as date)
        end as due_date,
        checks.last_check_date as done_date,
        {{ dbt.datediff('coalesce(checks.last_check_date, looked_after.period_start_date)', 'looked_after.as_at_date', 'day') }}
            as elapsed,
        'days' as elapsed_unit,
        case
            when checks.last_check_date is null then 'no Completed ' || kinds.check_name || ' recorded'
            else 'no Completed ' || kinds.check_name || ' in the 12 months to the as-at date'
        end as rule
    from looked_after
    cross join cla_check_kinds as kinds
    left join cla_checks as checks
        on checks.la_code = looked_after.la_code
        and checks.person_id = looked_after.person_id
        and checks.check_kind = kinds.check_kind
    where looked_after.period_start_date <= {{ years_before('looked_after.as_at_date', 1) }}
        and coalesce(checks.has_check_in_12_months, 0) = 0

),

-- 8. cla_iha_20wd_pct, financial year to the as-at date: care starts in the period whose 20th
-- working day is on or before its end, without a Completed initial health assessment within 20
-- working days
initial_health_assessments_late as (

    select
        episodes.la_code,
        'initial_health_assessments_late' as list_id,
        episodes.cla_episode_id as record_id,
        episodes.person_id,
        reporting_window.as_at_date,
        reporting_window.year_first as period_start,
        reporting_window.as_at_date as period_end,
        episodes.episode_start_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        episodes.episode_start_date as start_date,
        episodes.iha_due_date as due_date,
        case when episodes.first_iha_date <= reporting_window.as_at_date then episodes.first_iha_date end as done_date,
        case
            when episodes.first_iha_date <= reporting_window.as_at_date then episodes.working_days_to_iha
            else {{ working_days('start_day', 'as_at_day') }}
        end as elapsed,
        'working days' as elapsed_unit,
        case
            when episodes.first_iha_date <= reporting_window.as_at_date
                then 'initial health assessment more than 20 working days after care started'
            else 'no Completed initial health assessment by the as-at date'
        end as rule
    from {{ ref('fct_cla_episodes') }} as episodes
    inner join reporting_window
        on reporting_window.la_code = episodes.la_code
        and episodes.start_month >= reporting_window.year_first
        and episodes.start_month <= reporting_window.month_first
        and episodes.iha_due_date <= reporting_window.as_at_date
    left join calendar as start_day on start_day.date_day = episodes.episode_start_date
    left join calendar as as_at_day on as_at_day.date_day = reporting_window.as_at_date
    where episodes.is_care_start
        and not coalesce(episodes.is_iha_within_20wd, false)

),

-- 9. cp_open_18m_plus at d: plans open at d that started on or before d - 18 months (the indicator
-- counts children: a child with two such plans is one child, two rows here)
cp_plans_18m_plus as (

    select
        plans.la_code,
        'cp_plans_18m_plus' as list_id,
        plans.cp_plan_id as record_id,
        plans.person_id,
        reporting_window.as_at_date,
        reporting_window.as_at_date as period_start,
        reporting_window.as_at_date as period_end,
        reporting_window.as_at_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        plans.plan_start_date as start_date,
        cast(null as date) as due_date,
        cast(null as date) as done_date,
        {#- whole months open: the largest n with start <= d - n months -#}
        {%- set months_apart = dbt.datediff('plans.plan_start_date', 'reporting_window.as_at_date', 'month') %}
        {{ months_apart }}
            - case
                when plans.plan_start_date
                    > cast({{ dbt.dateadd('month', '-1 * ' ~ months_apart, 'reporting_window.as_at_date') }} as date)
                    then 1 else 0
              end as elapsed,
        'months' as elapsed_unit,
        case
            when plans.plan_start_date <= {{ years_before('reporting_window.as_at_date', 2) }}
                then 'plan open two years or more'
            else 'plan open 18 months or more'
        end as rule
    from {{ ref('fct_cp_plans') }} as plans
    inner join reporting_window
        on reporting_window.la_code = plans.la_code
        and {{ is_open_at('plans.plan_start_date', 'plans.plan_end_date', 'reporting_window.as_at_date') }}
    where plans.plan_start_date <= {{ months_before('reporting_window.as_at_date', 18) }}

),

-- 10. s47_icpc_pct, month of the as-at date: enquiries ended in the month with no ICPC naming them
s47_ended_without_icpc as (

    select
        enquiries.la_code,
        's47_ended_without_icpc' as list_id,
        enquiries.s47_enquiry_id as record_id,
        enquiries.person_id,
        reporting_window.as_at_date,
        reporting_window.month_first as period_start,
        reporting_window.as_at_date as period_end,
        enquiries.s47_end_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        enquiries.s47_start_date as start_date,
        cast(null as date) as due_date,
        enquiries.s47_end_date as done_date,
        {{ working_days('start_day', 'end_day') }} as elapsed,
        'working days' as elapsed_unit,
        case
            when enquiries.is_nfa then 'ended in the month with no conference (recorded as no further action)'
            else 'ended in the month with no conference'
        end as rule
    from {{ ref('fct_s47_enquiries') }} as enquiries
    inner join reporting_window
        on reporting_window.la_code = enquiries.la_code
        and enquiries.end_month = reporting_window.month_first
    left join calendar as start_day on start_day.date_day = enquiries.s47_start_date
    left join calendar as end_day on end_day.date_day = enquiries.s47_end_date
    where not enquiries.has_icpc

),

-- 11. cla_review_timely_pct at d: looked after with wd(period of care start, d) > 20 (a period
-- starting before the calendar counts from its first day), and either a review of the period in
-- the 12 months ending d was not in time, or the next review is overdue at d
cla_review_cohort as (

    select looked_after.*
    from looked_after
    inner join calendar as as_at_day on as_at_day.date_day = looked_after.as_at_date
    left join calendar as start_day on start_day.date_day = looked_after.period_start_date
    where as_at_day.working_day_number - coalesce(start_day.working_day_number, 0) > 20

),

cla_review_facts as (

    select
        cohort.la_code,
        cohort.person_id,
        sum(case
            when reviews.review_date > {{ years_before('cohort.as_at_date', 1) }}
                and not coalesce(reviews.is_in_time, false) then 1 else 0
        end) as late_reviews,
        max(reviews.review_date) as last_review_date,
        max(case
            when reviews.next_review_date is null or reviews.next_review_date > cohort.as_at_date
                then reviews.next_review_due_by
        end) as next_review_due_by
    from cla_review_cohort as cohort
    inner join {{ ref('fct_cla_reviews') }} as reviews
        on reviews.la_code = cohort.la_code
        and reviews.period_of_care_id = cohort.period_of_care_id
        and reviews.review_date <= cohort.as_at_date
    group by cohort.la_code, cohort.person_id

),

cla_reviews_overdue as (

    select
        cohort.la_code,
        'cla_reviews_overdue' as list_id,
        cohort.period_of_care_id as record_id,
        cohort.person_id,
        cohort.as_at_date,
        cohort.as_at_date as period_start,
        cohort.as_at_date as period_end,
        cohort.as_at_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        cohort.period_start_date as start_date,
        coalesce(facts.next_review_due_by, due_day.date_day) as due_date,
        facts.last_review_date as done_date,
        {{ dbt.datediff('coalesce(facts.last_review_date, cohort.period_start_date)', 'cohort.as_at_date', 'day') }}
            as elapsed,
        'days' as elapsed_unit,
        case
            when facts.last_review_date is null then 'first review overdue (none held in this period of care)'
            when cohort.as_at_date > facts.next_review_due_by and coalesce(facts.late_reviews, 0) > 0
                then 'next review overdue, and a review in the 12 months to the as-at date was late'
            when cohort.as_at_date > facts.next_review_due_by then 'next review overdue'
            else 'a review in the 12 months to the as-at date was late'
        end as rule
    from cla_review_cohort as cohort
    left join cla_review_facts as facts
        on facts.la_code = cohort.la_code
        and facts.person_id = cohort.person_id
    left join calendar as start_day on start_day.date_day = cohort.period_start_date
    left join calendar as due_day
        on due_day.working_day_number = start_day.working_day_number + 20
        and due_day.is_working_day
    where not (
        coalesce(facts.late_reviews, 0) = 0
        and facts.next_review_due_by is not null
        and cohort.as_at_date <= facts.next_review_due_by
    )

),

-- 12. cp_review_timely_pct at d: plans open at d that started on or before d - 3 months with a
-- review in the 12 months ending d not in time, or the next review overdue at d (the indicator
-- counts children: a child is in time only when every such plan is; a row here per plan)
cp_review_cohort as (

    select
        plans.la_code,
        plans.cp_plan_id,
        plans.person_id,
        plans.plan_start_date,
        reporting_window.as_at_date
    from {{ ref('fct_cp_plans') }} as plans
    inner join reporting_window
        on reporting_window.la_code = plans.la_code
        and {{ is_open_at('plans.plan_start_date', 'plans.plan_end_date', 'reporting_window.as_at_date') }}
    where plans.plan_start_date <= {{ months_before('reporting_window.as_at_date', 3) }}

),

cp_review_facts as (

    select
        cohort.la_code,
        cohort.cp_plan_id,
        sum(case
            when reviews.review_date > {{ years_before('cohort.as_at_date', 1) }}
                and not coalesce(reviews.is_in_time, false) then 1 else 0
        end) as late_reviews,
        max(reviews.review_date) as last_review_date,
        max(case
            when reviews.next_review_date is null or reviews.next_review_date > cohort.as_at_date
                then reviews.next_review_due_by
        end) as next_review_due_by
    from cp_review_cohort as cohort
    inner join {{ ref('fct_cp_reviews') }} as reviews
        on reviews.la_code = cohort.la_code
        and reviews.cp_plan_id = cohort.cp_plan_id
        and reviews.review_date <= cohort.as_at_date
    group by cohort.la_code, cohort.cp_plan_id

),

cp_reviews_overdue as (

    select
        cohort.la_code,
        'cp_reviews_overdue' as list_id,
        cohort.cp_plan_id as record_id,
        cohort.person_id,
        cohort.as_at_date,
        cohort.as_at_date as period_start,
        cohort.as_at_date as period_end,
        cohort.as_at_date as team_date,
        cast(null as {{ dbt.type_string() }}) as own_team,
        cohort.plan_start_date as start_date,
        coalesce(facts.next_review_due_by, cast({{ dbt.dateadd('month', 3, 'cohort.plan_start_date') }} as date))
            as due_date,
        facts.last_review_date as done_date,
        {{ dbt.datediff('coalesce(facts.last_review_date, cohort.plan_start_date)', 'cohort.as_at_date', 'day') }}
            as elapsed,
        'days' as elapsed_unit,
        case
            when facts.last_review_date is null then 'first review overdue (none held on this plan)'
            when cohort.as_at_date > facts.next_review_due_by and coalesce(facts.late_reviews, 0) > 0
                then 'next review overdue, and a review in the 12 months to the as-at date was late'
            when cohort.as_at_date > facts.next_review_due_by then 'next review overdue'
            else 'a review in the 12 months to the as-at date was late'
        end as rule
    from cp_review_cohort as cohort
    left join cp_review_facts as facts
        on facts.la_code = cohort.la_code
        and facts.cp_plan_id = cohort.cp_plan_id
    where not (
        coalesce(facts.late_reviews, 0) = 0
        and cohort.as_at_date <= coalesce(
            facts.next_review_due_by,
            cast({{ dbt.dateadd('month', 3, 'cohort.plan_start_date') }} as date)
        )
    )

),

every_list as (

    {%- set parts = [
        'assessments_over_45wd', 'open_assessments_over_45wd', 'icpcs_over_15wd', 'cp_visits_overdue',
        'cla_visits_overdue', 'cla_checks_overdue', 'initial_health_assessments_late', 'cp_plans_18m_plus',
        's47_ended_without_icpc', 'cla_reviews_overdue', 'cp_reviews_overdue',
    ] %}
    {%- for part in parts %}
    select
        la_code, list_id, record_id, person_id, as_at_date, period_start, period_end, team_date, own_team,
        start_date, due_date, done_date, elapsed, elapsed_unit, rule
    from {{ part }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

-- a list exists only where its indicator does: one whose source table was not supplied (no CLA
-- reviews, say) is not produced, so its list would otherwise hold every child as overdue
listed as (

    select every_list.*
    from every_list
    inner join {{ ref('exception_list_catalogue') }} as lists
        on lists.list_id = every_list.list_id
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = every_list.la_code
        and available.indicator_id = lists.indicator_id

),

-- the allocated involvement open on the row's date: the latest started, ties by the largest id
allocations as (

    select la_code, list_id, record_id, professional_team, professional_id
    from (
        select
            listed.la_code,
            listed.list_id,
            listed.record_id,
            involvements.professional_team,
            involvements.professional_id,
            row_number() over (
                partition by listed.la_code, listed.list_id, listed.record_id
                order by involvements.involvement_start_date desc, involvements.involvement_id desc
            ) as latest_first
        from listed
        inner join {{ ref('fct_involvements') }} as involvements
            on involvements.la_code = listed.la_code
            and involvements.person_id = listed.person_id
            and involvements.is_allocated
            and {{ is_open_at('involvements.involvement_start_date', 'involvements.involvement_end_date',
                              'listed.team_date') }}
    ) as open_allocations
    where latest_first = 1

),

children as (

    select la_code, person_id, birth_month from {{ ref('dim_child') }}

)

select
    cast(listed.la_code as {{ dbt.type_string() }}) as la_code,
    cast(listed.list_id as {{ dbt.type_string() }}) as list_id,
    cast(listed.record_id as {{ dbt.type_string() }}) as record_id,
    cast(listed.person_id as {{ dbt.type_string() }}) as person_id,
    cast(listed.as_at_date as date) as as_at_date,
    cast(listed.period_start as date) as period_start,
    cast(listed.period_end as date) as period_end,
    {#- whole years on the as-at date, decided by the month of birth (exact at a month end, which the
        as-at date is unless --as-at says otherwise); unknown without a usable date of birth -#}
    cast(case
        when children.birth_month is null or children.birth_month > {{ month_start('listed.as_at_date') }}
            then 'unknown'
        when children.birth_month <= {{ month_start(years_before('listed.as_at_date', 16)) }} then '16 and over'
        when children.birth_month <= {{ month_start(years_before('listed.as_at_date', 10)) }} then '10 to 15'
        when children.birth_month <= {{ month_start(years_before('listed.as_at_date', 5)) }} then '5 to 9'
        when children.birth_month <= {{ month_start(years_before('listed.as_at_date', 1)) }} then '1 to 4'
        else 'under 1'
    end as {{ dbt.type_string() }}) as age_band,
    cast(coalesce(listed.own_team, allocations.professional_team, 'not recorded') as {{ dbt.type_string() }}) as team,
    cast(allocations.professional_id as {{ dbt.type_string() }}) as worker_id,
    cast(listed.start_date as date) as start_date,
    cast(listed.due_date as date) as due_date,
    cast(listed.done_date as date) as done_date,
    cast(listed.elapsed as integer) as elapsed,
    cast(listed.elapsed_unit as {{ dbt.type_string() }}) as elapsed_unit,
    cast(listed.rule as {{ dbt.type_string() }}) as rule
from listed
left join allocations
    on allocations.la_code = listed.la_code
    and allocations.list_id = listed.list_id
    and allocations.record_id = listed.record_id
left join children
    on children.la_code = listed.la_code
    and children.person_id = listed.person_id

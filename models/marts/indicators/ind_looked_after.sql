{#-
    Children looked after, permanence, care leavers and workforce (indicators.md, last table), in
    long format: one row per authority, indicator and period. Definitions:
    models/marts/indicators/_indicators__docs.md.

    "Looked after at d" is an interval of fct_cla_looked_after_intervals open at d (an episode open
    and a legal status other than V3/V4 short breaks); each interval meets only the month ends it
    covers. Flows are additive monthly parts rolled up by roll_up_flows (month, ytd, rolling_12m);
    stocks count distinct children at each month end (roll_up_snapshots); cla_rate divides
    cla_open by the ONS child population (rates_per_10k). Measures that cannot be summed from
    months take their own path over dim_period: distinct children going missing (and those looked
    after on at least one day of the period), and initial health assessments, whose cohort depends
    on the period's end (wd(start, period_end) >= 20). The workforce measures are a snapshot at the
    build's as-at date only (the SSD holds current staff, no history).

    Ages are in whole years on d: a child is at least n years old on d when the date of birth is on
    or before d - n years (years_before: 29 February + n years falls on 1 March in a common year).
    Every d here is a month end, and d - n years is then the end of the same month n years earlier,
    so the month of birth decides it exactly (dim_child keeps no more): born in that month or before.
-#}
{%- set flow_indicators = [
    'cla_starts', 'cla_ceased', 'adoptions', 'adoption_pct', 'cla_missing_episodes', 'ffa_placements',
    'adm_to_match_days',
] %}
{%- set stock_indicators = [
    'cla_open', 'cla_3plus_placements_pct', 'cla_long_term_stability_pct', 'cla_visit_pct', 'cla_health_pct',
    'cla_dental_pct', 'care_leavers_in_touch_pct', 'care_leavers_accom_pct', 'care_leavers_eet_pct',
] %}
{%- set period_indicators = ['cla_iha_20wd_pct', 'cla_missing_children', 'cla_missing_pct'] %}
{%- set as_at_indicators = ['agency_sw_pct', 'sw_caseload_avg'] %}
{%- set rates = {
    'cla_rate': ['cla_open', ['snapshot']],
} %}

with episodes as (

    select * from {{ ref('fct_cla_episodes') }}

),

intervals as (

    select * from {{ ref('fct_cla_looked_after_intervals') }}

),

placements as (

    select * from {{ ref('fct_cla_placements') }}

),

seen_visits as (

    select la_code, person_id, visit_date from {{ ref('fct_cla_visits') }}
    where is_child_seen

),

completed_health_checks as (

    select la_code, person_id, health_check_date, check_kind from {{ ref('fct_cla_health_checks') }}
    where is_completed and check_kind in ('health_assessment', 'dental_check')

),

missing_episodes as (

    select * from {{ ref('fct_missing_episodes') }}

),

permanence as (

    select * from {{ ref('fct_permanence') }}

),

care_leavers as (

    select * from {{ ref('fct_care_leavers') }}

),

professionals as (

    select * from {{ ref('fct_professionals') }}

),

children as (

    select la_code, person_id, birth_month from {{ ref('dim_child') }}

),

months as (

    select la_code, month_end from {{ ref('int_reporting_windows__split_into_months') }}

),

monthly_parts as (

    -- cla_starts: episodes with start reason S dated in the period (not under a V3/V4 short break)
    {{ monthly_part('cla_starts', 'episodes', 'start_month', numerator='1', where='is_care_start') }}

    union all
    -- cla_ceased: episodes ceased in the period with a ceased reason other than X1
    {{ monthly_part('cla_ceased', 'episodes', 'ceased_month', numerator='1', where='is_care_end') }}

    union all
    -- adoptions: episodes ceased in the period with reason E11 or E12
    {{ monthly_part('adoptions', 'episodes', 'ceased_month', numerator='1', where='is_adoption') }}

    union all
    -- adoption_pct: adoptions / episodes ceased (not X1) in the period
    {{ monthly_part('adoption_pct', 'episodes', 'ceased_month',
        numerator='case when is_adoption then 1 else 0 end', denominator='1', where='is_care_end') }}

    union all
    -- cla_missing_episodes: Missing episodes starting in the period on a day the child was looked after
    {{ monthly_part('cla_missing_episodes', 'missing_episodes', 'start_month', numerator='1',
        where='is_missing and is_looked_after_at_start') }}

    union all
    -- ffa_placements: fostering for adoption placements (perm_placed_ffa_cp_date) in the period
    {{ monthly_part('ffa_placements', 'permanence', 'placed_ffa_cp_month', numerator='1') }}

    union all
    -- adm_to_match_days: days from adoption decision to match, summed over those matched in the
    -- period, over their number (a mean: unit days)
    {{ monthly_part('adm_to_match_days', 'permanence', 'matched_month',
        numerator='days_decision_to_match', denominator='1', where='days_decision_to_match is not null') }}

),

{{ roll_up_flows('monthly_parts', flow_indicators) }},

-- every child looked after at each month end d, with the start of the period of care they are in
looked_after_at_month_end as (

    select
        intervals.la_code,
        months.month_end,
        intervals.person_id,
        intervals.period_start_date
    from intervals
    inner join months
        on months.la_code = intervals.la_code
        and {{ is_open_at('intervals.looked_after_start', 'intervals.looked_after_end', 'months.month_end') }}

),

-- different placements occupied on at least one day of the 12 months ending d:
-- start <= d and (end null or end > d - 1 year + 1 day), and not ending the day it starts
placements_in_12_months as (

    select
        looked_after.la_code,
        looked_after.month_end,
        looked_after.person_id,
        count(distinct placements.cla_placement_id) as placement_count
    from looked_after_at_month_end as looked_after
    inner join placements
        on placements.la_code = looked_after.la_code
        and placements.person_id = looked_after.person_id
        and placements.placement_start_date <= looked_after.month_end
        and (
            placements.placement_end_date is null
            or (placements.placement_end_date > cast({{ dbt.dateadd('day', 1, years_before('looked_after.month_end', 1)) }} as date)
                and placements.placement_end_date > placements.placement_start_date)
        )
    group by looked_after.la_code, looked_after.month_end, looked_after.person_id

),

-- the placement the child is in on d (start <= d < end; the latest started where rows overlap)
placement_on_day as (

    select la_code, month_end, person_id, placement_start_date
    from (
        select
            looked_after.la_code,
            looked_after.month_end,
            looked_after.person_id,
            placements.placement_start_date,
            row_number() over (
                partition by looked_after.la_code, looked_after.month_end, looked_after.person_id
                order by placements.placement_start_date desc, placements.cla_placement_id desc
            ) as latest_first
        from looked_after_at_month_end as looked_after
        inner join placements
            on placements.la_code = looked_after.la_code
            and placements.person_id = looked_after.person_id
            and {{ is_open_at('placements.placement_start_date', 'placements.placement_end_date', 'looked_after.month_end') }}
    ) as occupied
    where latest_first = 1

),

-- the child's latest visit where they were seen, in the 91 days to d (d - 91 <= visit date <= d)
latest_seen_visit as (

    select
        looked_after.la_code,
        looked_after.month_end,
        looked_after.person_id,
        max(seen_visits.visit_date) as visit_date
    from looked_after_at_month_end as looked_after
    inner join seen_visits
        on seen_visits.la_code = looked_after.la_code
        and seen_visits.person_id = looked_after.person_id
        and seen_visits.visit_date <= looked_after.month_end
        and seen_visits.visit_date >= cast({{ dbt.dateadd('day', -91, 'looked_after.month_end') }} as date)
    group by looked_after.la_code, looked_after.month_end, looked_after.person_id

),

-- Completed health assessments and dental checks in the 12 months ending d (d - 1 year < date <= d)
health_checks_in_12_months as (

    select
        looked_after.la_code,
        looked_after.month_end,
        looked_after.person_id,
        max(case when completed_health_checks.check_kind = 'health_assessment' then 1 else 0 end) as has_health_assessment,
        max(case when completed_health_checks.check_kind = 'dental_check' then 1 else 0 end) as has_dental_check
    from looked_after_at_month_end as looked_after
    inner join completed_health_checks
        on completed_health_checks.la_code = looked_after.la_code
        and completed_health_checks.person_id = looked_after.person_id
        and completed_health_checks.health_check_date <= looked_after.month_end
        and completed_health_checks.health_check_date > {{ years_before('looked_after.month_end', 1) }}
    group by looked_after.la_code, looked_after.month_end, looked_after.person_id

),

looked_after_measures as (

    select
        looked_after.la_code,
        looked_after.month_end,
        looked_after.person_id,
        coalesce(placements_in_12_months.placement_count, 0) >= 3 as has_3plus_placements,
        -- under 16 at d: not yet 16 in whole years on d (a child with no person row has no age)
        coalesce(children.birth_month > {{ month_start(years_before('looked_after.month_end', 16)) }}, false)
            and looked_after.period_start_date <= {{ months_before('looked_after.month_end', 30) }}
            as in_long_term_cohort,
        coalesce(placement_on_day.placement_start_date <= {{ years_before('looked_after.month_end', 2) }}, false)
            as placement_2_years,
        looked_after.period_start_date <= cast({{ dbt.dateadd('day', -42, 'looked_after.month_end') }} as date)
            as in_visit_cohort,
        -- seen within 42 days, or within 91 days (latest_seen_visit looks no further back) where
        -- the placement on d started on or before d - 1 year
        coalesce(
            latest_seen_visit.visit_date >= cast({{ dbt.dateadd('day', -42, 'looked_after.month_end') }} as date)
            or (latest_seen_visit.visit_date is not null
                and placement_on_day.placement_start_date <= {{ years_before('looked_after.month_end', 1) }}),
            false
        ) as visited_in_time,
        looked_after.period_start_date <= {{ years_before('looked_after.month_end', 1) }} as in_health_cohort,
        coalesce(health_checks_in_12_months.has_health_assessment = 1, false) as has_health_assessment,
        coalesce(health_checks_in_12_months.has_dental_check = 1, false) as has_dental_check
    from looked_after_at_month_end as looked_after
    left join placements_in_12_months
        on placements_in_12_months.la_code = looked_after.la_code
        and placements_in_12_months.month_end = looked_after.month_end
        and placements_in_12_months.person_id = looked_after.person_id
    left join placement_on_day
        on placement_on_day.la_code = looked_after.la_code
        and placement_on_day.month_end = looked_after.month_end
        and placement_on_day.person_id = looked_after.person_id
    left join latest_seen_visit
        on latest_seen_visit.la_code = looked_after.la_code
        and latest_seen_visit.month_end = looked_after.month_end
        and latest_seen_visit.person_id = looked_after.person_id
    left join health_checks_in_12_months
        on health_checks_in_12_months.la_code = looked_after.la_code
        and health_checks_in_12_months.month_end = looked_after.month_end
        and health_checks_in_12_months.person_id = looked_after.person_id
    left join children
        on children.la_code = looked_after.la_code
        and children.person_id = looked_after.person_id

),

-- Former Relevant care leavers aged 19 to 21 at d: at least 19 and not yet 22 in whole years on d
care_leavers_at_month_end as (

    select
        care_leavers.la_code,
        months.month_end,
        care_leavers.person_id,
        care_leavers.is_in_touch,
        care_leavers.is_accommodation_suitable,
        care_leavers.is_eet
    from care_leavers
    inner join months
        on months.la_code = care_leavers.la_code
        and care_leavers.birth_month <= {{ month_start(years_before('months.month_end', 19)) }}
        and care_leavers.birth_month > {{ month_start(years_before('months.month_end', 22)) }}
    where care_leavers.is_former_relevant

),

open_at_month_end as (

    -- cla_open: children looked after at d
    select la_code, 'cla_open' as indicator_id, month_end, person_id as counted_id,
        true as in_numerator, false as in_denominator
    from looked_after_at_month_end

    union all

    -- cla_3plus_placements_pct: of children looked after at d, those in 3 or more placements in
    -- the 12 months ending d
    select la_code, 'cla_3plus_placements_pct', month_end, person_id, has_3plus_placements, true
    from looked_after_measures

    union all

    -- cla_long_term_stability_pct: of those under 16 whose period of care started on or before
    -- d - 30 months, those whose placement on d started on or before d - 2 years
    select la_code, 'cla_long_term_stability_pct', month_end, person_id, placement_2_years, true
    from looked_after_measures
    where in_long_term_cohort

    union all

    -- cla_visit_pct: of those whose period of care started on or before d - 42 days, those seen
    -- within 42 days (91 days where the placement on d started on or before d - 1 year)
    select la_code, 'cla_visit_pct', month_end, person_id, visited_in_time, true
    from looked_after_measures
    where in_visit_cohort

    union all

    -- cla_health_pct and cla_dental_pct: of those looked after for 12 months or more, those with a
    -- Completed check in the 12 months ending d
    select la_code, 'cla_health_pct', month_end, person_id, has_health_assessment, true
    from looked_after_measures
    where in_health_cohort

    union all

    select la_code, 'cla_dental_pct', month_end, person_id, has_dental_check, true
    from looked_after_measures
    where in_health_cohort

    union all

    -- care leavers aged 19 to 21 (Former Relevant): in touch, suitably accommodated, in EET
    select la_code, 'care_leavers_in_touch_pct', month_end, person_id, is_in_touch, true
    from care_leavers_at_month_end

    union all

    select la_code, 'care_leavers_accom_pct', month_end, person_id, is_accommodation_suitable, true
    from care_leavers_at_month_end

    union all

    select la_code, 'care_leavers_eet_pct', month_end, person_id, is_eet, true
    from care_leavers_at_month_end

),

{{ roll_up_snapshots('open_at_month_end', stock_indicators) }},

{{ rates_per_10k(['snapshot_periods'], rates) }},

-- the flow periods of the measures that cannot be summed from months
flow_period_spine as (

    select
        periods.la_code,
        available.indicator_id,
        available.unit,
        periods.period_type,
        periods.period_start,
        periods.period_end,
        periods.first_month,
        periods.last_month
    from {{ ref('dim_period') }} as periods
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = periods.la_code
        and available.indicator_id in ('{{ period_indicators | join("', '") }}')
    where periods.period_type in ('month', 'ytd', 'rolling_12m')

),

-- cla_iha_20wd_pct: care starts in the period whose 20th working day is on or before the period's
-- end (wd(start, period_end) >= 20), and of those, the ones with a Completed Initial Health
-- Assessment within 20 working days; each start meets the (at most 12) periods of a type it is in
iha_periods as (

    select
        spine.la_code,
        spine.period_type,
        spine.period_end,
        sum(case when episodes.is_iha_within_20wd then 1 else 0 end) as numerator,
        count(episodes.cla_episode_id) as denominator
    from flow_period_spine as spine
    inner join episodes
        on episodes.la_code = spine.la_code
        and episodes.is_care_start
        and episodes.start_month >= spine.first_month
        and episodes.start_month <= spine.last_month
        and episodes.iha_due_date <= spine.period_end
    where spine.indicator_id = 'cla_iha_20wd_pct'
    group by spine.la_code, spine.period_type, spine.period_end

),

-- cla_missing_children: distinct children with a Missing episode starting in the period on a day
-- they were looked after
missing_children_periods as (

    select
        spine.la_code,
        spine.period_type,
        spine.period_end,
        count(distinct missing_episodes.person_id) as children
    from flow_period_spine as spine
    inner join missing_episodes
        on missing_episodes.la_code = spine.la_code
        and missing_episodes.is_missing
        and missing_episodes.is_looked_after_at_start
        and missing_episodes.start_month >= spine.first_month
        and missing_episodes.start_month <= spine.last_month
    where spine.indicator_id = 'cla_missing_children'
    group by spine.la_code, spine.period_type, spine.period_end

),

-- cla_missing_pct's denominator: distinct children looked after on at least one day of the period
-- (an interval with start <= period_end and (end null or end > period_start))
looked_after_in_period as (

    select
        spine.la_code,
        spine.period_type,
        spine.period_end,
        count(distinct intervals.person_id) as children
    from flow_period_spine as spine
    inner join intervals
        on intervals.la_code = spine.la_code
        and intervals.looked_after_start <= spine.period_end
        and (intervals.looked_after_end is null or intervals.looked_after_end > spine.period_start)
    where spine.indicator_id = 'cla_missing_pct'
    group by spine.la_code, spine.period_type, spine.period_end

),

period_measures as (

    select
        spine.la_code,
        spine.indicator_id,
        spine.unit,
        spine.period_type,
        spine.period_start,
        spine.period_end,
        case spine.indicator_id
            when 'cla_iha_20wd_pct' then coalesce(iha_periods.numerator, 0)
            else coalesce(missing_children_periods.children, 0)
        end as numerator,
        case spine.indicator_id
            when 'cla_iha_20wd_pct' then coalesce(iha_periods.denominator, 0)
            when 'cla_missing_pct' then coalesce(looked_after_in_period.children, 0)
            else 0
        end as denominator
    from flow_period_spine as spine
    left join iha_periods
        on iha_periods.la_code = spine.la_code
        and iha_periods.period_type = spine.period_type
        and iha_periods.period_end = spine.period_end
        and spine.indicator_id = 'cla_iha_20wd_pct'
    left join missing_children_periods
        on missing_children_periods.la_code = spine.la_code
        and missing_children_periods.period_type = spine.period_type
        and missing_children_periods.period_end = spine.period_end
        and spine.indicator_id in ('cla_missing_children', 'cla_missing_pct')
    left join looked_after_in_period
        on looked_after_in_period.la_code = spine.la_code
        and looked_after_in_period.period_type = spine.period_type
        and looked_after_in_period.period_end = spine.period_end
        and spine.indicator_id = 'cla_missing_pct'

),

-- agency_sw_pct and sw_caseload_avg: social workers (job title contains "social worker") at the
-- build's as-at date only. The agency share is of full-time equivalents, so its numerator and
-- denominator are FTE (rounded to whole posts in the output; the value is from the exact FTE)
social_workers as (

    select
        la_code,
        sum(case when is_agency_worker then full_time_equivalency else 0 end) as agency_fte,
        sum(full_time_equivalency) as all_fte,
        avg(case when caseload > 0 then caseload end) as mean_caseload
    from professionals
    where is_social_worker
    group by la_code

),

workforce_periods as (

    select
        reporting_window.la_code,
        available.indicator_id,
        available.unit,
        'snapshot' as period_type,
        reporting_window.as_at_date as period_start,
        reporting_window.as_at_date as period_end,
        case when available.indicator_id = 'agency_sw_pct'
            then cast(round(coalesce(social_workers.agency_fte, 0), 0) as {{ dbt.type_bigint() }}) end as numerator,
        case when available.indicator_id = 'agency_sw_pct'
            then cast(round(coalesce(social_workers.all_fte, 0), 0) as {{ dbt.type_bigint() }}) end as denominator,
        case
            when available.indicator_id = 'agency_sw_pct'
                then 100.0 * social_workers.agency_fte / nullif(social_workers.all_fte, 0)
            else cast(social_workers.mean_caseload as {{ type_double() }})
        end as value
    from {{ ref('int_reporting_windows__resolved') }} as reporting_window
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = reporting_window.la_code
        and available.indicator_id in ('{{ as_at_indicators | join("', '") }}')
    left join social_workers
        on social_workers.la_code = reporting_window.la_code

),

{{ indicator_rows(['flow_periods', 'snapshot_periods', 'rate_periods', 'period_measures'], ['workforce_periods']) }}

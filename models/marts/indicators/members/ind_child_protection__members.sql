{#-
    The members of the child protection indicators (indicators.md, second table): one row per
    indicator and thing counted, in the shape of macros/members.sql. Flows: one row per enquiry,
    conference or plan, dated by the event the indicator counts; stocks: one row per child (plans
    for cp_open_2y_plus_pct, DfE D5) at each month end d of the reporting window. "d - 12 months"
    and the like are taken at d (months_before / years_before, clamped to the month's end), never as
    start + N months. ind_child_protection rolls them up; definitions: _indicators__docs.md.

    cp_visit_pct: the interval is var('cp_visit_working_days') (10 unless an authority's local
    standard differs: change it in dbt_project.yml). A child is in the denominator at d when a plan
    of theirs open at d started more than that many working days before d, wd(start, d) > N; in the
    numerator when, for such a plan, the child was seen on a visit dated on or after the plan's
    start, on or before d, with wd(visit date, d) <= N. A visit after d is not evidence at d.
-#}
{%- set visit_days = var('cp_visit_working_days') | int %}

with enquiries as (

    select * from {{ ref('fct_s47_enquiries') }}

),

conferences as (

    -- every ICPC indicator excludes transfer-in conferences (icpc_icpc_transfer_in = Y)
    select * from {{ ref('fct_icpcs') }}
    where not is_transfer_in and icpc_date is not null

),

plans as (

    select * from {{ ref('fct_cp_plans') }}

),

visits as (

    select * from {{ ref('fct_cp_visits') }}

),

months as (

    select la_code, month_end from {{ ref('int_reporting_windows__split_into_months') }}

),

calendar as (

    select date_day, working_day_number from {{ ref('dim_date') }}

),

events as (

    -- s47_starts: s47 enquiries with a start date in the period
    select {{ member('s47_starts', 's47_enquiry_id', 's47_start_date', event_id='s47_enquiry_id') }}
    from enquiries
    where s47_start_date is not null

    union all
    -- s47_icpc_pct: enquiries ended in the period that have an ICPC / enquiries ended in the period
    select {{ member('s47_icpc_pct', 's47_enquiry_id', 's47_end_date', event_id='s47_enquiry_id',
                     in_numerator='has_icpc', in_denominator='true') }}
    from enquiries
    where s47_end_date is not null

    union all
    -- icpcs: ICPCs dated in the period, not transfer-in
    select {{ member('icpcs', 'icpc_id', 'icpc_date', event_id='icpc_id') }}
    from conferences

    union all
    -- icpc_15wd_pct: of those, the ones with a linked s47 enquiry that started on or before the
    -- ICPC date: within 15 working days of its start / all of them
    select {{ member('icpc_15wd_pct', 'icpc_id', 'icpc_date', event_id='icpc_id',
                     in_numerator='working_days_from_s47_start <= 15', in_denominator='true') }}
    from conferences
    where working_days_from_s47_start is not null

    union all
    -- icpc_plan_pct: ICPCs in the period with icpc_icpc_outcome_cp_flag = Y / ICPCs in the period
    select {{ member('icpc_plan_pct', 'icpc_id', 'icpc_date', event_id='icpc_id',
                     in_numerator='is_outcome_cp_plan', in_denominator='true') }}
    from conferences

    union all
    -- cp_starts: plans with a start date in the period
    select {{ member('cp_starts', 'cp_plan_id', 'plan_start_date', event_id='cp_plan_id') }}
    from plans
    where plan_start_date is not null

    union all
    -- cp_repeat_pct: plans started in the period for a child with a plan that started earlier
    select {{ member('cp_repeat_pct', 'cp_plan_id', 'plan_start_date', event_id='cp_plan_id',
                     in_numerator='is_repeat_plan', in_denominator='true') }}
    from plans
    where plan_start_date is not null

    union all
    -- cp_repeat_2y_pct: plans started in the period for a child with a previous plan that ended on
    -- or after this start - 2 years (or has not ended)
    select {{ member('cp_repeat_2y_pct', 'cp_plan_id', 'plan_start_date', event_id='cp_plan_id',
                     in_numerator='is_repeat_within_2y', in_denominator='true') }}
    from plans
    where plan_start_date is not null

    union all
    -- cp_ended_2y_plus_pct: plans ended in the period that lasted 2 years or more / plans ended
    select {{ member('cp_ended_2y_plus_pct', 'cp_plan_id', 'plan_end_date', event_id='cp_plan_id',
                     in_numerator='lasted_2y_plus', in_denominator='true') }}
    from plans
    where plan_end_date is not null

),

-- every plan open at each month end d, with the dates its stocks compare its start with
open_plans as (

    select
        months.la_code,
        months.month_end,
        plans.cp_plan_id,
        plans.person_id,
        plans.plan_start_date,
        plans.plan_start_date <= {{ months_before('months.month_end', 12) }} as is_open_12m_plus,
        plans.plan_start_date <= {{ months_before('months.month_end', 18) }} as is_open_18m_plus,
        plans.plan_start_date <= {{ years_before('months.month_end', 2) }} as is_open_2y_plus
    from plans
    inner join months
        on months.la_code = plans.la_code
        and {{ is_open_at('plans.plan_start_date', 'plans.plan_end_date', 'months.month_end') }}

),

-- cp_visit_pct's cohort: open plans at d that started more than N working days before d
visit_cohort as (

    select
        open_plans.*,
        {#- the earliest working-day number a visit may have: wd(visit, d) = n(d) - n(visit) <= N.
            Kept as a column so the visit join compares a column of each side (a hash join on the
            child, not a nested loop over an expression of both sides) -#}
        month_day.working_day_number - {{ visit_days }} as earliest_visit_day_number
    from open_plans
    inner join calendar as start_day on start_day.date_day = open_plans.plan_start_date
    inner join calendar as month_day on month_day.date_day = open_plans.month_end
    where {{ working_days('start_day', 'month_day') }} > {{ visit_days }}

),

seen_visits as (

    select visits.la_code, visits.person_id, visits.visit_date, calendar.working_day_number
    from visits
    inner join calendar on calendar.date_day = visits.visit_date
    where visits.is_child_seen

),

-- a cohort plan is visited in time at d when the child was seen on or after its start, on or
-- before d, with wd(visit date, d) = n(d) - n(visit date) <= N, i.e. n(visit date) >= n(d) - N
visited as (

    select
        cohort.la_code,
        cohort.month_end,
        cohort.cp_plan_id,
        cohort.person_id,
        count(seen_visits.visit_date) > 0 as is_visited_in_time
    from visit_cohort as cohort
    left join seen_visits
        on seen_visits.la_code = cohort.la_code
        and seen_visits.person_id = cohort.person_id
        and seen_visits.visit_date >= cohort.plan_start_date
        and seen_visits.visit_date <= cohort.month_end
        and seen_visits.working_day_number >= cohort.earliest_visit_day_number
    group by cohort.la_code, cohort.month_end, cohort.cp_plan_id, cohort.person_id

),

stocks as (

    -- cp_open: children with a plan open at d
    select {{ member('cp_open', 'person_id', 'month_end') }}
    from open_plans

    union all

    -- cp_open_12_18m: children whose open plan at d started on or before d - 12 months and after
    -- d - 18 months
    select {{ member('cp_open_12_18m', 'person_id', 'month_end') }}
    from open_plans
    where is_open_12m_plus and not is_open_18m_plus

    union all

    -- cp_open_18m_plus: children whose open plan at d started on or before d - 18 months
    select {{ member('cp_open_18m_plus', 'person_id', 'month_end') }}
    from open_plans
    where is_open_18m_plus

    union all

    -- cp_open_2y_plus_pct: plans (not children) open at d that started on or before d - 2 years /
    -- plans open at d
    select {{ member('cp_open_2y_plus_pct', 'cp_plan_id', 'month_end', event_id='cp_plan_id',
                     in_numerator='is_open_2y_plus', in_denominator='true') }}
    from open_plans

    union all

    -- cp_visit_pct: children of the cohort seen in time / children of the cohort
    select {{ member('cp_visit_pct', 'person_id', 'month_end',
                     in_numerator='is_visited_in_time', in_denominator='true') }}
    from visited

)

{{ members_from('events', 'stocks') }}

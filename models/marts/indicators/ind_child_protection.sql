{#-
    Child protection (indicators.md, second table), in long format: one row per authority,
    indicator and period. Definitions: models/marts/indicators/_indicators__docs.md.

    Flows (s47 enquiries, ICPCs, plans started and ended) are additive monthly parts rolled up by
    roll_up_flows (month, ytd, rolling_12m). Stocks are ids open at each month end d
    (roll_up_snapshots): children for cp_open, cp_open_12_18m, cp_open_18m_plus and cp_visit_pct,
    plans for cp_open_2y_plus_pct (DfE D5). "d - 12 months" and the like are taken at d with
    months_before / years_before (calendar arithmetic clamped to the month's end), never as
    start + N months. Rates divide by the ONS child population (rates_per_10k).

    cp_visit_pct: the interval is var('cp_visit_working_days') (10 unless an authority's local
    standard differs: change it in dbt_project.yml). A child is in the denominator at d when a plan
    of theirs open at d started more than that many working days before d, wd(start, d) > N; in the
    numerator when, for such a plan, the child was seen on a visit dated on or after the plan's
    start, on or before d, with wd(visit date, d) <= N. A visit after d is not evidence at d.
-#}
{%- set visit_days = var('cp_visit_working_days') | int %}
{%- set flow_indicators = [
    's47_starts', 's47_icpc_pct', 'icpcs', 'icpc_15wd_pct', 'icpc_plan_pct', 'cp_starts',
    'cp_repeat_pct', 'cp_repeat_2y_pct', 'cp_ended_2y_plus_pct',
] %}
{%- set stock_indicators = [
    'cp_open', 'cp_open_12_18m', 'cp_open_18m_plus', 'cp_open_2y_plus_pct', 'cp_visit_pct',
] %}
{%- set rates = {
    's47_rate': ['s47_starts', ['rolling_12m']],
    'icpc_rate': ['icpcs', ['rolling_12m']],
    'cp_rate': ['cp_open', ['snapshot']],
} %}

with enquiries as (

    select * from {{ ref('fct_s47_enquiries') }}

),

conferences as (

    -- every ICPC indicator excludes transfer-in conferences (icpc_icpc_transfer_in = Y)
    select * from {{ ref('fct_icpcs') }}
    where not is_transfer_in

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

monthly_parts as (

    -- s47_starts: s47 enquiries with a start date in the period
    {{ monthly_part('s47_starts', 'enquiries', 'start_month', numerator='1') }}

    union all
    -- s47_icpc_pct: enquiries ended in the period that have an ICPC / enquiries ended in the period
    {{ monthly_part('s47_icpc_pct', 'enquiries', 'end_month',
        numerator='case when has_icpc then 1 else 0 end', denominator='1') }}

    union all
    -- icpcs: ICPCs dated in the period, not transfer-in
    {{ monthly_part('icpcs', 'conferences', 'icpc_month', numerator='1') }}

    union all
    -- icpc_15wd_pct: of those, the ones with a linked s47 enquiry that started on or before the
    -- ICPC date: within 15 working days of its start / all of them
    {{ monthly_part('icpc_15wd_pct', 'conferences', 'icpc_month',
        numerator='case when working_days_from_s47_start <= 15 then 1 else 0 end', denominator='1',
        where='working_days_from_s47_start is not null') }}

    union all
    -- icpc_plan_pct: ICPCs in the period with icpc_icpc_outcome_cp_flag = Y / ICPCs in the period
    {{ monthly_part('icpc_plan_pct', 'conferences', 'icpc_month',
        numerator='case when is_outcome_cp_plan then 1 else 0 end', denominator='1') }}

    union all
    -- cp_starts: plans with a start date in the period
    {{ monthly_part('cp_starts', 'plans', 'start_month', numerator='1') }}

    union all
    -- cp_repeat_pct: plans started in the period for a child with a plan that started earlier
    {{ monthly_part('cp_repeat_pct', 'plans', 'start_month',
        numerator='case when is_repeat_plan then 1 else 0 end', denominator='1') }}

    union all
    -- cp_repeat_2y_pct: plans started in the period for a child with a previous plan that ended on
    -- or after this start - 2 years (or has not ended)
    {{ monthly_part('cp_repeat_2y_pct', 'plans', 'start_month',
        numerator='case when is_repeat_within_2y then 1 else 0 end', denominator='1') }}

    union all
    -- cp_ended_2y_plus_pct: plans ended in the period that lasted 2 years or more / plans ended
    {{ monthly_part('cp_ended_2y_plus_pct', 'plans', 'end_month',
        numerator='case when lasted_2y_plus then 1 else 0 end', denominator='1') }}

),

{{ roll_up_flows('monthly_parts', flow_indicators) }},

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
        open_plans.la_code,
        open_plans.month_end,
        open_plans.cp_plan_id,
        open_plans.person_id,
        open_plans.plan_start_date,
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

open_at_month_end as (

    -- cp_open: children with a plan open at d
    select la_code, 'cp_open' as indicator_id, month_end, person_id as counted_id,
        true as in_numerator, false as in_denominator
    from open_plans

    union all

    -- cp_open_12_18m: children whose open plan at d started on or before d - 12 months and after
    -- d - 18 months
    select la_code, 'cp_open_12_18m' as indicator_id, month_end, person_id as counted_id,
        true as in_numerator, false as in_denominator
    from open_plans
    where is_open_12m_plus and not is_open_18m_plus

    union all

    -- cp_open_18m_plus: children whose open plan at d started on or before d - 18 months
    select la_code, 'cp_open_18m_plus' as indicator_id, month_end, person_id as counted_id,
        true as in_numerator, false as in_denominator
    from open_plans
    where is_open_18m_plus

    union all

    -- cp_open_2y_plus_pct: plans (not children) open at d that started on or before d - 2 years /
    -- plans open at d
    select la_code, 'cp_open_2y_plus_pct' as indicator_id, month_end, cp_plan_id as counted_id,
        is_open_2y_plus as in_numerator, true as in_denominator
    from open_plans

    union all

    -- cp_visit_pct: children of the cohort seen in time / children of the cohort
    select la_code, 'cp_visit_pct' as indicator_id, month_end, person_id as counted_id,
        is_visited_in_time as in_numerator, true as in_denominator
    from visited

),

{{ roll_up_snapshots('open_at_month_end', stock_indicators) }},

{{ rates_per_10k(['flow_periods', 'snapshot_periods'], rates) }},

{{ indicator_rows(['flow_periods', 'snapshot_periods', 'rate_periods']) }}

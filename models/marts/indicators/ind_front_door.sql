{#-
    Front door, early help and children in need (indicators.md, first table), in long format: one
    row per authority, indicator and period. Definitions: models/marts/indicators/_indicators__docs.md;
    who is counted: ind_front_door__members.

    Flows are rolled up from their members by month (roll_up_flows: month, ytd, rolling_12m);
    stocks are distinct children open at each month end (roll_up_snapshots); rates divide by the
    ONS child population (rates_per_10k); the median duration takes its own path over dim_period.
-#}
{%- set flow_indicators = [
    'contacts', 'referrals', 'contact_referral_pct', 'rereferral_pct', 'referral_nfa_pct',
    'referral_assessment_pct', 'ethnicity_unrecorded_pct', 'assessments', 'assessment_45wd_pct',
    'early_help_starts',
] %}
{%- set stock_indicators = ['early_help_open', 'cin_open', 'cin_plans_open'] %}
{%- set rates = {
    'referral_rate': ['referrals', ['rolling_12m']],
    'early_help_rate': ['early_help_starts', ['rolling_12m']],
    'cin_rate': ['cin_open', ['snapshot']],
} %}

with members as (

    select * from {{ ref('ind_front_door__members') }}

),

{{ roll_up_flows('members', flow_indicators) }},

{{ roll_up_snapshots('members', stock_indicators) }},

{{ rates_per_10k(['flow_periods', 'snapshot_periods'], rates) }},

-- assessment_median_wd: the median working days from referral to authorisation of the assessments
-- authorised in the period; medians cannot be summed from months, so each flow period meets the
-- months it covers (at most 12 per assessment and period type)
median_periods as (

    select
        periods.la_code,
        'assessment_median_wd' as indicator_id,
        'days' as unit,
        periods.period_type,
        periods.period_start,
        periods.period_end,
        cast(null as {{ dbt.type_bigint() }}) as numerator,
        count(members.counted_id) as denominator,
        {{ median('members.measure_value') }} as value
    from {{ ref('dim_period') }} as periods
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = periods.la_code
        and available.indicator_id = 'assessment_median_wd'
    left join members
        on members.la_code = periods.la_code
        and members.indicator_id = 'assessment_median_wd'
        and members.month_start >= periods.first_month
        and members.month_start <= periods.last_month
    where periods.period_type in ('month', 'ytd', 'rolling_12m')
    group by periods.la_code, periods.period_type, periods.period_start, periods.period_end

),

{{ indicator_rows(['flow_periods', 'snapshot_periods', 'rate_periods'], ['median_periods']) }}

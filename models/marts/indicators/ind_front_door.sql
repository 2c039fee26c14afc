{#-
    Front door, early help and children in need (indicators.md, first table), in long format: one
    row per authority, indicator and period. Definitions: models/marts/indicators/_indicators__docs.md.

    Flows are additive monthly parts rolled up by roll_up_flows (month, ytd, rolling_12m); stocks
    are distinct children open at each month end (roll_up_snapshots); rates divide either by the
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

with contacts as (

    select * from {{ ref('fct_contacts') }}

),

referrals as (

    select * from {{ ref('fct_referrals') }}

),

assessments as (

    select * from {{ ref('fct_assessments') }}

),

early_help as (

    select * from {{ ref('fct_early_help_episodes') }}

),

cin_plans as (

    select * from {{ ref('fct_cin_plans') }}

),

months as (

    select la_code, month_end from {{ ref('int_reporting_windows__split_into_months') }}

),

monthly_parts as (

    -- contacts: contacts with a contact date in the period
    {{ monthly_part('contacts', 'contacts', 'contact_month', numerator='1') }}

    union all
    -- referrals: referrals with a referral date in the period
    {{ monthly_part('referrals', 'referrals', 'referral_month', numerator='1') }}

    union all
    -- contact_referral_pct: referrals in the period / contacts in the period
    {{ monthly_part('contact_referral_pct', 'referrals', 'referral_month', numerator='1') }}
    union all
    {{ monthly_part('contact_referral_pct', 'contacts', 'contact_month', denominator='1') }}

    union all
    -- rereferral_pct: referrals in the period that are re-referrals within 12 months / referrals
    {{ monthly_part('rereferral_pct', 'referrals', 'referral_month',
        numerator='case when is_rereferral_12m then 1 else 0 end', denominator='1') }}

    union all
    -- referral_nfa_pct: referrals in the period with cine_referral_nfa = Y / referrals
    {{ monthly_part('referral_nfa_pct', 'referrals', 'referral_month',
        numerator='case when is_nfa then 1 else 0 end', denominator='1') }}

    union all
    -- referral_assessment_pct: referrals in the period with at least one linked assessment / referrals
    {{ monthly_part('referral_assessment_pct', 'referrals', 'referral_month',
        numerator='case when assessment_count > 0 then 1 else 0 end', denominator='1') }}

    union all
    -- ethnicity_unrecorded_pct: referrals in the period whose child's ethnicity is null, blank or NOBT
    {{ monthly_part('ethnicity_unrecorded_pct', 'referrals', 'referral_month',
        numerator='case when is_ethnicity_unrecorded then 1 else 0 end', denominator='1') }}

    union all
    -- assessments: assessments authorised in the period
    {{ monthly_part('assessments', 'assessments', 'auth_month', numerator='1') }}

    union all
    -- assessment_45wd_pct: assessments authorised in the period within 45 working days of the
    -- referral / assessments authorised in the period
    {{ monthly_part('assessment_45wd_pct', 'assessments', 'auth_month',
        numerator='case when working_days_to_auth <= 45 then 1 else 0 end', denominator='1') }}

    union all
    -- early_help_starts: early help episodes starting in the period
    {{ monthly_part('early_help_starts', 'early_help', 'start_month', numerator='1') }}

),

{{ roll_up_flows('monthly_parts', flow_indicators) }},

open_at_month_end as (

    -- early_help_open: children with an early help episode open at d
    select months.la_code, 'early_help_open' as indicator_id, months.month_end,
        early_help.person_id as counted_id, true as in_numerator, false as in_denominator
    from early_help
    inner join months
        on months.la_code = early_help.la_code
        and {{ is_open_at('early_help.episode_start_date', 'early_help.episode_end_date', 'months.month_end') }}

    union all

    -- cin_open: children with a referral open at d that is not a no-further-action referral
    select months.la_code, 'cin_open' as indicator_id, months.month_end,
        referrals.person_id as counted_id, true as in_numerator, false as in_denominator
    from referrals
    inner join months
        on months.la_code = referrals.la_code
        and {{ is_open_at('referrals.referral_date', 'referrals.close_date', 'months.month_end') }}
    where referrals.is_nfa is null or not referrals.is_nfa

    union all

    -- cin_plans_open: children with a child in need plan open at d
    select months.la_code, 'cin_plans_open' as indicator_id, months.month_end,
        cin_plans.person_id as counted_id, true as in_numerator, false as in_denominator
    from cin_plans
    inner join months
        on months.la_code = cin_plans.la_code
        and {{ is_open_at('cin_plans.plan_start_date', 'cin_plans.plan_end_date', 'months.month_end') }}

),

{{ roll_up_snapshots('open_at_month_end', stock_indicators) }},

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
        count(assessments.assessment_id) as denominator,
        {{ median('assessments.working_days_to_auth') }} as value
    from {{ ref('dim_period') }} as periods
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = periods.la_code
        and available.indicator_id = 'assessment_median_wd'
    left join assessments
        on assessments.la_code = periods.la_code
        and assessments.auth_month >= periods.first_month
        and assessments.auth_month <= periods.last_month
        and assessments.working_days_to_auth is not null
    where periods.period_type in ('month', 'ytd', 'rolling_12m')
    group by periods.la_code, periods.period_type, periods.period_start, periods.period_end

),

{{ indicator_rows(['flow_periods', 'snapshot_periods', 'rate_periods'], ['median_periods']) }}

{#-
    Front door indicators (indicators.md, first table), in long format: one row per authority,
    indicator and period. Each indicator is one or more monthly parts; roll_up_flows makes the
    month, ytd and rolling_12m periods from them.
-#}
{%- set flow_indicators = ['contacts', 'referrals', 'contact_referral_pct', 'rereferral_pct', 'assessment_45wd_pct'] %}

with contacts as (

    select * from {{ ref('fct_contacts') }}

),

referrals as (

    select * from {{ ref('fct_referrals') }}

),

assessments as (

    select * from {{ ref('fct_assessments') }}

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
    -- assessment_45wd_pct: assessments authorised in the period within 45 working days of the
    -- referral / assessments authorised in the period
    {{ monthly_part('assessment_45wd_pct', 'assessments', 'auth_month',
        numerator='case when working_days_to_auth <= 45 then 1 else 0 end', denominator='1') }}

),

{{ roll_up_flows('monthly_parts', flow_indicators) }}

select
    la_code,
    indicator_id,
    period_type,
    period_start,
    period_end,
    case when unit = 'count' then null else numerator end as numerator,
    case when unit = 'count' then null else denominator end as denominator,
    {{ indicator_value('unit', 'numerator', 'denominator') }} as value,
    unit
from flow_periods

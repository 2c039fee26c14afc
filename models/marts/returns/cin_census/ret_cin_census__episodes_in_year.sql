{{ config(materialized='ephemeral') }}
{#- The CIN episodes (SSD referrals) each collection year's census holds: referred on or before
    31 March and not closed before 1 April. Every other census table hangs off these. -#}
select
    years.la_code,
    years.collection_year,
    years.year_start,
    years.year_end,
    referrals.person_id,
    referrals.referral_id,
    referrals.referral_date,
    referrals.referral_source_code,
    referrals.primary_need_code,
    referrals.close_date,
    referrals.close_reason,
    referrals.is_nfa
from {{ ref('stg_ssd__cin_episodes') }} as referrals
inner join {{ ref('ret_collection_years') }} as years on years.la_code = referrals.la_code
where referrals.referral_date <= years.year_end
    and (referrals.close_date is null or referrals.close_date >= years.year_start)

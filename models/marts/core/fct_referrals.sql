{#-
    One row per referral (an SSD children in need episode), with what the indicators ask of it:
    whether it is a re-referral within 12 months, and whether an assessment is linked to it.
    A re-referral: the child has another referral with an earlier referral date on or after this
    referral date minus 12 months (calendar arithmetic: 29 Feb - 1 year = 28 Feb).
-#}
with referrals as (

    select * from {{ ref('stg_ssd__cin_episodes') }}

),

previous as (

    select * from {{ ref('int_referrals__previous') }}

),

assessed as (

    select la_code, referral_id, count(*) as assessment_count
    from {{ ref('stg_ssd__cin_assessments') }}
    where referral_id is not null
    group by la_code, referral_id

)

select
    referrals.la_code,
    referrals.referral_id,
    referrals.person_id,
    referrals.referral_date,
    {{ month_start('referrals.referral_date') }} as referral_month,
    referrals.close_date,
    referrals.is_nfa,
    referrals.primary_need_code,
    referrals.referral_source_code,
    previous.previous_referral_date,
    coalesce(
        previous.previous_referral_date >= {{ years_before('referrals.referral_date', 1) }}, false
    ) as is_rereferral_12m,
    coalesce(assessed.assessment_count, 0) as assessment_count
from referrals
inner join previous
    on previous.la_code = referrals.la_code
    and previous.referral_id = referrals.referral_id
left join assessed
    on assessed.la_code = referrals.la_code
    and assessed.referral_id = referrals.referral_id

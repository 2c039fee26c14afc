{#-
    One row per referral (an SSD children in need episode), with what the indicators ask of it.

    is_rereferral_12m: the child has another referral with an earlier referral date on or after
    this referral date minus 12 months (calendar arithmetic: 29 Feb - 1 year = 28 Feb). "Earlier"
    is strict: a second referral on the same day is not a re-referral. The child's previous
    referral date is found on the child's distinct referral dates, so same-day referrals both see
    the same earlier date.
-#}
with referrals as (

    select * from {{ ref('stg_ssd__cin_episodes') }}

),

referral_days as (

    select distinct la_code, person_id, referral_date
    from referrals

),

previous_days as (

    select
        la_code,
        person_id,
        referral_date,
        lag(referral_date) over (partition by la_code, person_id order by referral_date) as previous_referral_date
    from referral_days

),

people as (

    select la_code, person_id, ethnicity from {{ ref('stg_ssd__person') }}

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
    referrals.referral_team,
    previous_days.previous_referral_date,
    coalesce(
        previous_days.previous_referral_date >= {{ years_before('referrals.referral_date', 1) }}, false
    ) as is_rereferral_12m,
    coalesce(assessed.assessment_count, 0) as assessment_count,
    {#- null, blank or NOBT (information not yet obtained); a child with no person row has no
        recorded ethnicity either (and is reported as orphan_person) -#}
    coalesce(people.ethnicity, 'NOBT') = 'NOBT' as is_ethnicity_unrecorded
from referrals
inner join previous_days
    on previous_days.la_code = referrals.la_code
    and previous_days.person_id = referrals.person_id
    and previous_days.referral_date = referrals.referral_date
left join assessed
    on assessed.la_code = referrals.la_code
    and assessed.referral_id = referrals.referral_id
left join people
    on people.la_code = referrals.la_code
    and people.person_id = referrals.person_id

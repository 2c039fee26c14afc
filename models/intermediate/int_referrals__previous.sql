{#- Each referral with the child's most recent referral dated strictly before it (same-day
    referrals are not "earlier"). Computed on the child's distinct referral dates, so two referrals
    on one day both see the same earlier date. -#}
with referral_days as (

    select distinct la_code, person_id, referral_date
    from {{ ref('stg_ssd__cin_episodes') }}

),

with_previous as (

    select
        la_code,
        person_id,
        referral_date,
        lag(referral_date) over (partition by la_code, person_id order by referral_date) as previous_referral_date
    from referral_days

)

select
    referrals.la_code,
    referrals.referral_id,
    with_previous.previous_referral_date
from {{ ref('stg_ssd__cin_episodes') }} as referrals
inner join with_previous
    on with_previous.la_code = referrals.la_code
    and with_previous.person_id = referrals.person_id
    and with_previous.referral_date = referrals.referral_date

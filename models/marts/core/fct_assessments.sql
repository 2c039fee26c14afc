{#-
    One row per assessment, with its duration in working days from the referral date to
    authorisation: wd(referral date, authorisation date). The referral date is that of the linked
    referral (cina_referral_id); an assessment with no linked referral uses its own start date,
    is flagged (has_linked_referral = false) and is reported by the data-quality layer.
-#}
with assessments as (

    select * from {{ ref('stg_ssd__cin_assessments') }}

),

referrals as (

    select la_code, referral_id, referral_date from {{ ref('stg_ssd__cin_episodes') }}

),

calendar as (

    select date_day, working_day_number from {{ ref('dim_date') }}

),

joined as (

    select
        assessments.*,
        referrals.referral_date,
        referrals.referral_id is not null as has_linked_referral,
        coalesce(referrals.referral_date, assessments.assessment_start_date) as duration_start_date
    from assessments
    left join referrals
        on referrals.la_code = assessments.la_code
        and referrals.referral_id = assessments.referral_id

)

select
    joined.la_code,
    joined.assessment_id,
    joined.person_id,
    joined.referral_id,
    joined.has_linked_referral,
    joined.referral_date,
    joined.assessment_start_date,
    joined.assessment_auth_date,
    {{ month_start('joined.assessment_auth_date') }} as auth_month,
    joined.duration_start_date,
    {{ working_days('start_day', 'auth_day') }} as working_days_to_auth,
    joined.is_child_seen,
    joined.is_outcome_nfa,
    joined.assessment_team
from joined
left join calendar as start_day on start_day.date_day = joined.duration_start_date
left join calendar as auth_day on auth_day.date_day = joined.assessment_auth_date

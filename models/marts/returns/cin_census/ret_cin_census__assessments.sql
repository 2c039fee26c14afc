{#-
    CIN census <Assessments>: the assessments of each returned CIN episode (by cina_referral_id)
    that were open at any time in the year: started on or before 31 March and not authorised before
    1 April. An authorisation after 31 March is not known at the census date (shown as ongoing).
    AssessmentInternalReviewDate and the factors identified at assessment have no SSD column: left
    out, as the census guide says for information not held (README, "Statutory returns").
-#}
with episodes as (

    select * from {{ ref('ret_cin_census__episodes_in_year') }}

)

select
    episodes.la_code,
    episodes.collection_year,
    episodes.person_id as child_id,
    episodes.referral_id,
    assessments.assessment_id,
    assessments.assessment_start_date as assessment_actual_start_date,
    case
        when assessments.assessment_auth_date <= episodes.year_end then assessments.assessment_auth_date
    end as assessment_authorisation_date
from {{ ref('stg_ssd__cin_assessments') }} as assessments
inner join episodes
    on episodes.la_code = assessments.la_code
    and episodes.referral_id = assessments.referral_id
where assessments.assessment_start_date <= episodes.year_end
    and (assessments.assessment_auth_date is null or assessments.assessment_auth_date >= episodes.year_start)

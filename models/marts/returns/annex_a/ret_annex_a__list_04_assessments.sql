{#- Annex A list 4: every assessment started or authorised in the six months to the as-at date (pii).
    "Assessed as requiring social care support" is the opposite of cina_assessment_outcome_nfa. -#}
select
    windows.la_code,
    windows.as_at_date,
    assessments.person_id as child_id,
    assessments.assessment_id,
    assessments.assessment_start_date,
    assessments.is_child_seen as child_seen,
    case when assessments.assessment_auth_date <= windows.as_at_date then assessments.assessment_auth_date end
        as assessment_auth_date,
    not assessments.is_outcome_nfa as requires_support,
    assessments.assessment_team as allocated_team
from {{ ref('stg_ssd__cin_assessments') }} as assessments
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = assessments.la_code
where assessments.assessment_start_date <= windows.as_at_date
    and (assessments.assessment_start_date >= windows.six_months_start
         or assessments.assessment_auth_date between windows.six_months_start and windows.as_at_date)

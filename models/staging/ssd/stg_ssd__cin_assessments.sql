with source as (

    select * from {{ ref('base_ssd__cin_assessments') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        cina_assessment_id as assessment_id,
        cina_person_id as person_id,
        cina_referral_id as referral_id,

        -- dates
        parsed_cina_assessment_start_date as assessment_start_date,
        parsed_cina_assessment_auth_date as assessment_auth_date,

        -- descriptions
        cina_assessment_team as assessment_team,

        -- flags
        {{ ssd_flag('cina_assessment_child_seen') }} as is_child_seen,
        {{ ssd_flag('cina_assessment_outcome_nfa') }} as is_outcome_nfa,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

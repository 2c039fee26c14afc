with source as (

    select * from {{ ref('base_ssd__professionals') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        prof_professional_id as professional_id,
        prof_staff_id as staff_id,

        -- descriptions
        prof_professional_job_title as job_title,
        prof_professional_department as department,

        -- measures
        -- a whole number by the contract; one that is not (12.6) is kept as given, never rounded, and
        -- reported (dq_findings: not_whole_number)
        {{ ssd_number('prof_professional_caseload') }} as caseload,
        {{ ssd_number('prof_full_time_equivalency') }} as full_time_equivalency,

        -- flags
        {{ ssd_flag('prof_agency_worker_flag') }} as is_agency_worker,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

with source as (

    select * from {{ ref('base_ssd__cp_visits') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        cppv_cp_visit_id as cp_visit_id,
        cppv_person_id as person_id,
        cppv_cp_plan_id as cp_plan_id,

        -- dates
        parsed_cppv_cp_visit_date as visit_date,

        -- flags
        {{ ssd_flag('cppv_cp_visit_seen') }} as is_child_seen,
        {{ ssd_flag('cppv_cp_visit_seen_alone') }} as is_child_seen_alone,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

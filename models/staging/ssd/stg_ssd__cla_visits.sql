with source as (

    select * from {{ ref('base_ssd__cla_visits') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        clav_cla_visit_id as cla_visit_id,
        clav_person_id as person_id,
        clav_cla_id as cla_id,

        -- dates
        parsed_clav_cla_visit_date as visit_date,

        -- flags
        {{ ssd_flag('clav_cla_visit_seen') }} as is_child_seen,
        {{ ssd_flag('clav_cla_visit_seen_alone') }} as is_child_seen_alone,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

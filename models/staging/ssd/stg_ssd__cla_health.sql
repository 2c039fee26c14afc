with source as (

    select * from {{ ref('base_ssd__cla_health') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        clah_health_check_id as health_check_id,
        clah_person_id as person_id,

        -- dates
        parsed_clah_health_check_date as health_check_date,

        -- descriptions
        clah_health_check_type as health_check_type,
        clah_health_check_status as health_check_status,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

with source as (

    select * from {{ ref('base_ssd__immigration_status') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        immi_immigration_status_id as immigration_status_id,
        immi_person_id as person_id,

        -- dates
        parsed_immi_immigration_status_start_date as status_start_date,
        parsed_immi_immigration_status_end_date as status_end_date,

        -- descriptions
        immi_immigration_status as immigration_status,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

with source as (

    select * from {{ ref('base_ssd__missing') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        miss_table_id as missing_id,
        miss_person_id as person_id,

        -- dates
        parsed_miss_missing_episode_start_date as missing_start_date,
        parsed_miss_missing_episode_end_date as missing_end_date,

        -- descriptions
        miss_missing_episode_type as missing_type,

        -- flags
        {{ ssd_flag('miss_missing_rhi_offered') }} as is_rhi_offered,
        {{ ssd_flag('miss_missing_rhi_accepted') }} as is_rhi_accepted,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

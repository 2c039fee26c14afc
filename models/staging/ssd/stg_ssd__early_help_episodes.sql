with source as (

    select * from {{ ref('base_ssd__early_help_episodes') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        earl_episode_id as episode_id,
        earl_person_id as person_id,

        -- dates
        parsed_earl_episode_start_date as episode_start_date,
        parsed_earl_episode_end_date as episode_end_date,

        -- descriptions
        earl_episode_reason as episode_reason,
        earl_episode_end_reason as episode_end_reason,
        earl_episode_organisation as episode_organisation,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

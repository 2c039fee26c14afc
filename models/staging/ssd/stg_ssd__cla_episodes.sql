with source as (

    select * from {{ ref('base_ssd__cla_episodes') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        clae_cla_episode_id as cla_episode_id,
        clae_person_id as person_id,
        clae_cla_id as cla_id,
        clae_cla_placement_id as cla_placement_id,

        -- dates
        parsed_clae_cla_episode_start_date as episode_start_date,
        parsed_clae_cla_episode_ceased_date as episode_ceased_date,
        parsed_clae_entered_care_date as entered_care_date,

        -- codes
        {{ ssd_code('clae_cla_episode_start_reason') }} as start_reason,
        {{ ssd_code('clae_cla_episode_ceased_reason') }} as ceased_reason,
        {{ ssd_code('clae_cla_primary_need_code') }} as primary_need_code,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

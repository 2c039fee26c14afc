with source as (

    select * from {{ ref('base_ssd__cla_placement') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        clap_cla_placement_id as cla_placement_id,
        clap_person_id as person_id,
        clap_cla_id as cla_id,

        -- dates
        parsed_clap_cla_placement_start_date as placement_start_date,
        parsed_clap_cla_placement_end_date as placement_end_date,

        -- codes
        {{ ssd_code('clap_cla_placement_type') }} as placement_type,
        {{ ssd_code('clap_cla_placement_provider') }} as placement_provider,
        {{ ssd_code('clap_cla_placement_change_reason') }} as placement_change_reason,

        -- descriptions
        clap_cla_placement_urn as placement_urn,

        -- measures
        {{ ssd_number('clap_cla_placement_distance') }} as placement_distance_miles,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

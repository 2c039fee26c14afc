with source as (

    select * from {{ ref('base_ssd__legal_status') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        lega_legal_status_id as legal_status_id,
        lega_person_id as person_id,

        -- dates
        parsed_lega_legal_status_start_date as legal_status_start_date,
        parsed_lega_legal_status_end_date as legal_status_end_date,

        -- codes
        {{ ssd_code('lega_legal_status') }} as legal_status,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

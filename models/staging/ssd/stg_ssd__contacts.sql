with source as (

    select * from {{ ref('base_ssd__contacts') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        cont_contact_id as contact_id,
        cont_person_id as person_id,

        -- dates
        parsed_cont_contact_date as contact_date,

        -- codes
        {{ ssd_code('cont_contact_source_code') }} as contact_source_code,

        -- descriptions
        cont_contact_source_desc as contact_source_desc,
        cont_contact_outcome_json as contact_outcome_json,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

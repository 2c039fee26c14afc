with source as (

    select * from {{ ref('base_ssd__s47_enquiry') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        s47e_s47_enquiry_id as s47_enquiry_id,
        s47e_person_id as person_id,
        s47e_referral_id as referral_id,

        -- dates
        parsed_s47e_s47_start_date as s47_start_date,
        parsed_s47e_s47_end_date as s47_end_date,

        -- flags
        {{ ssd_flag('s47e_s47_nfa') }} as is_nfa,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

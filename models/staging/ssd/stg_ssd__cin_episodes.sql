with source as (

    select * from {{ ref('base_ssd__cin_episodes') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        cine_referral_id as referral_id,
        cine_person_id as person_id,
        cine_referral_worker_id as worker_id,

        -- dates
        parsed_cine_referral_date as referral_date,
        parsed_cine_close_date as close_date,

        -- codes
        {{ ssd_code('cine_cin_primary_need_code') }} as primary_need_code,
        {{ ssd_code('cine_referral_source_code') }} as referral_source_code,
        {{ ssd_code('cine_close_reason') }} as close_reason,

        -- descriptions
        cine_referral_team as referral_team,

        -- flags
        {{ ssd_flag('cine_referral_nfa') }} as is_nfa,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

with source as (

    select * from {{ ref('base_ssd__initial_cp_conference') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        icpc_icpc_id as icpc_id,
        icpc_person_id as person_id,
        icpc_s47_enquiry_id as s47_enquiry_id,
        icpc_referral_id as referral_id,
        icpc_cp_plan_id as cp_plan_id,

        -- dates
        parsed_icpc_icpc_date as icpc_date,
        parsed_icpc_icpc_target_date as icpc_target_date,

        -- flags
        {{ ssd_flag('icpc_icpc_transfer_in') }} as is_transfer_in,
        {{ ssd_flag('icpc_icpc_outcome_cp_flag') }} as is_outcome_cp_plan,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

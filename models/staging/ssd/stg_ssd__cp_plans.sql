with source as (

    select * from {{ ref('base_ssd__cp_plans') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        cppl_cp_plan_id as cp_plan_id,
        cppl_person_id as person_id,
        cppl_referral_id as referral_id,
        cppl_icpc_id as icpc_id,

        -- dates
        parsed_cppl_cp_plan_start_date as plan_start_date,
        parsed_cppl_cp_plan_end_date as plan_end_date,

        -- codes
        {{ ssd_code('cppl_cp_plan_initial_category') }} as initial_category,
        {{ ssd_code('cppl_cp_plan_latest_category') }} as latest_category,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

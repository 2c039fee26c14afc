with source as (

    select * from {{ ref('base_ssd__cin_plans') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        cinp_cin_plan_id as cin_plan_id,
        cinp_person_id as person_id,
        cinp_referral_id as referral_id,

        -- dates
        parsed_cinp_cin_plan_start_date as plan_start_date,
        parsed_cinp_cin_plan_end_date as plan_end_date,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

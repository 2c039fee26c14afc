with source as (

    select * from {{ ref('base_ssd__cp_reviews') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        cppr_cp_review_id as cp_review_id,
        cppr_cp_plan_id as cp_plan_id,

        -- dates
        parsed_cppr_cp_review_due as review_due_date,
        parsed_cppr_cp_review_date as review_date,

        -- descriptions
        cppr_cp_review_outcome as review_outcome,
        cppr_cp_review_participation as review_participation,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

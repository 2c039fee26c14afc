with source as (

    select * from {{ ref('base_ssd__cla_reviews') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        clar_cla_review_id as cla_review_id,
        clar_cla_id as cla_id,

        -- dates
        parsed_clar_cla_review_due_date as review_due_date,
        parsed_clar_cla_review_date as review_date,
        parsed_clar_cla_review_last_iro_contact_date as last_iro_contact_date,

        -- codes
        clar_cla_review_participation as review_participation,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

with source as (

    select * from {{ ref('base_ssd__care_leavers') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        clea_table_id as care_leaver_id,
        clea_person_id as person_id,

        -- dates
        parsed_clea_care_leaver_latest_contact as latest_contact_date,
        parsed_clea_pathway_plan_review_date as pathway_plan_review_date,

        -- codes
        {{ ssd_code('clea_care_leaver_in_touch') }} as in_touch,
        {{ ssd_code('clea_care_leaver_accommodation') }} as accommodation_code,
        {{ ssd_code('clea_care_leaver_accom_suitable') }} as accommodation_suitable_code,
        {{ ssd_code('clea_care_leaver_activity') }} as activity_code,

        -- descriptions
        clea_care_leaver_eligibility as eligibility,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

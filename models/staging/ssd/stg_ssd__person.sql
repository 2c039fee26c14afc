with source as (

    select * from {{ ref('base_ssd__person') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        pers_person_id as person_id,

        -- dates
        parsed_pers_dob as date_of_birth,
        parsed_pers_expected_dob as expected_date_of_birth,
        parsed_pers_death_date as date_of_death,

        -- codes
        {{ ssd_code('pers_sex') }} as sex,
        {{ ssd_code('pers_gender') }} as gender,
        {{ ssd_code('pers_ethnicity') }} as ethnicity,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

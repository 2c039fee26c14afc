with source as (

    select * from {{ ref('base_ssd__involvements') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        invo_involvements_id as involvement_id,
        invo_person_id as person_id,
        invo_professional_id as professional_id,
        invo_professional_role_id as professional_role_id,
        invo_referral_id as referral_id,

        -- dates
        parsed_invo_involvement_start_date as involvement_start_date,
        parsed_invo_involvement_end_date as involvement_end_date,

        -- descriptions
        invo_professional_team as professional_team,
        invo_worker_change_reason as worker_change_reason,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

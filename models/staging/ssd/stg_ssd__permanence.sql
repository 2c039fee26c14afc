with source as (

    select * from {{ ref('base_ssd__permanence') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        perm_table_id as permanence_id,
        perm_person_id as person_id,
        perm_cla_id as cla_id,

        -- dates
        parsed_perm_adm_decision_date as adm_decision_date,
        parsed_perm_placement_order_date as placement_order_date,
        parsed_perm_matched_date as matched_date,
        parsed_perm_placed_for_adoption_date as placed_for_adoption_date,
        parsed_perm_placed_ffa_cp_date as placed_ffa_cp_date,
        parsed_perm_permanence_order_date as permanence_order_date,
        parsed_perm_decision_reversed_date as decision_reversed_date,

        -- descriptions
        perm_permanence_order_type as permanence_order_type,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

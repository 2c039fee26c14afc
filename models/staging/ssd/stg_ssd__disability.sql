with source as (

    select * from {{ ref('base_ssd__disability') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        -- ids
        disa_table_id as disability_id,
        disa_person_id as person_id,

        -- codes (CIN census: NONE, MOB, HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON, AUT, DDA)
        upper(disa_disability_code) as disability_code,

        -- lineage
        source_file,
        source_row

    from source

)

select * from renamed

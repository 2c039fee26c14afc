{#-
    CIN census <Disabilities>: one row per child and disability code.

    ISSUE 15 (stg_ssd__disability, not in this project yet): the SSD contract's ssd_disability
    (disa_person_id, disa_disability_code: NONE, MOB, HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON,
    AUT, DDA) fills this. Until its staged model lands the census carries no <Disabilities> (the DfE
    rules 8540, 2887Q and 2888Q are then reported as not applicable: no disability data). When it
    lands, replace the select below with:

        select distinct children.la_code, children.collection_year, children.child_id,
               disability.disability_code as disability
        from {{ ref('ret_cin_census__children') }} as children
        inner join {{ ref('stg_ssd__disability') }} as disability
            on disability.la_code = children.la_code and disability.person_id = children.child_id

    and list ssd_disability in runner/validate/coverage.py's SOURCE_TABLES for those rules.
-#}
select
    cast(null as {{ dbt.type_string() }}) as la_code,
    cast(null as integer) as collection_year,
    cast(null as {{ dbt.type_string() }}) as child_id,
    cast(null as {{ dbt.type_string() }}) as disability
where 1 = 0

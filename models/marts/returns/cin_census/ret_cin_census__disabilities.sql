{#-
    CIN census <Disabilities>: one row per child in the census and disability code in ssd_disability
    (NONE, MOB, HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON, AUT, DDA; upper-cased in staging). A
    child with no ssd_disability row has no <Disabilities>: nothing is known, and "NONE" would say
    otherwise (DfE rule 8540 then names the child, when the authority supplied the table at all).
-#}
select distinct
    children.la_code,
    children.collection_year,
    children.child_id,
    disability.disability_code as disability
from {{ ref('ret_cin_census__children') }} as children
inner join {{ ref('stg_ssd__disability') }} as disability
    on disability.la_code = children.la_code
    and disability.person_id = children.child_id
where disability.disability_code is not null

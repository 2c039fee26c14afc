{#-
    One row per child with a disability record (ssd_disability): whether the child is disabled (any
    code other than NONE, data-contract.md), how many different disabilities are recorded and which.
    A child with no row has no disability information, which is not the same as NONE.
-#}
with codes as (

    select distinct la_code, person_id, disability_code
    from {{ ref('stg_ssd__disability') }}

)

select
    la_code,
    person_id,
    max(case when disability_code <> 'NONE' then 1 else 0 end) = 1 as is_disabled,
    cast(sum(case when disability_code <> 'NONE' then 1 else 0 end) as {{ dbt.type_bigint() }}) as disability_count,
    {{ dbt.listagg('disability_code', "' '", 'order by disability_code') }} as disability_codes
from codes
group by la_code, person_id

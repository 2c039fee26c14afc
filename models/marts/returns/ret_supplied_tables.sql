{#- The SSD tables each authority supplied (a file was found, even an empty one): a return's field
    that comes from a table the authority did not supply is left as the DfE guidance says for missing
    data (blank), never filled with "none"; `runner validate` names the DfE rules that then cannot
    apply. -#}
select distinct
    la_code,
    table_name
from {{ ref('stg_intake__files') }}

{{ config(materialized='ephemeral') }}
{#- Ofsted's Annex A periods, ending at each authority's as-at date (the inspection's data date): the
    last six months (lists 1 to 5, and plans and periods of care ended in them, lists 6 to 8) and the
    last twelve months (list 10). -#}
select distinct
    la_code,
    as_at_date,
    cast({{ dbt.dateadd('day', 1, months_before('as_at_date', 6)) }} as date) as six_months_start,
    cast({{ dbt.dateadd('day', 1, months_before('as_at_date', 12)) }} as date) as twelve_months_start
from {{ ref('ret_collection_years') }}

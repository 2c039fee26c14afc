{#- Every indicator value: one row per authority, indicator and period (the output contract,
    data-contract.md section 4). Each family model contributes its rows. -#}
{%- set families = ['ind_front_door', 'ind_child_protection', 'ind_looked_after', 'ind_reviews'] %}
{% for family in families %}
select
    cast(la_code as {{ dbt.type_string() }}) as la_code,
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(numerator as {{ dbt.type_bigint() }}) as numerator,
    cast(denominator as {{ dbt.type_bigint() }}) as denominator,
    cast(value as {{ type_double() }}) as value,
    cast(unit as {{ dbt.type_string() }}) as unit
from {{ ref(family) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}

{#-
    The data-quality findings as the report shows them: counts by authority, table, rule, severity
    and column, never the rows (dq_findings stays in the warehouse for the data team). records
    counts the distinct record ids among the findings (a row can break a rule in two columns).
-#}
select
    cast(la_code as {{ dbt.type_string() }}) as la_code,
    cast(table_name as {{ dbt.type_string() }}) as table_name,
    cast(rule as {{ dbt.type_string() }}) as rule,
    cast(severity as {{ dbt.type_string() }}) as severity,
    cast(column_name as {{ dbt.type_string() }}) as column_name,
    cast(count(*) as {{ dbt.type_bigint() }}) as findings,
    cast(count(distinct record_id) as {{ dbt.type_bigint() }}) as records
from {{ ref('dq_findings') }}
group by la_code, table_name, rule, severity, column_name

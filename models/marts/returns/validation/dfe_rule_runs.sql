{{ config(materialized='incremental', on_schema_change='append_new_columns') }}
{#-
    Every DfE rule of the year's rule set, each time `runner validate` runs a return: whether it ran,
    was not run (and why: a file of the return the authority could not supply, a lookup the runner
    does not hold), failed (the package's rule raised, with the exception) or does not apply (it needs
    a field the SSD contract does not hold), and the records (rows of the return, or the return
    itself) it found in each category of dfe_rule_findings. Written by `runner validate` like
    dfe_rule_findings, one authority's return and year at a time; no personal data, so the report's
    data-quality page reads it as it is.
-#}
select
    cast(null as {{ dbt.type_string() }}) as la_code,
    cast(null as integer) as collection_year,
    cast(null as {{ dbt.type_string() }}) as return_kind,
    cast(null as {{ dbt.type_string() }}) as rule_code,
    cast(null as {{ dbt.type_string() }}) as severity,
    cast(null as {{ dbt.type_string() }}) as message,
    cast(null as {{ dbt.type_string() }}) as status,
    cast(null as {{ dbt.type_string() }}) as reason,
    cast(null as integer) as findings,
    cast(null as integer) as error_records,
    cast(null as integer) as query_records,
    cast(null as integer) as not_held_records,
    cast(null as integer) as tool_limit_records,
    cast(null as {{ dbt.type_string() }}) as ruleset,
    cast(null as {{ dbt.type_string() }}) as package,
    cast(null as {{ dbt.type_string() }}) as source,
    cast(null as {{ dbt.type_timestamp() }}) as validated_at
where 1 = 0

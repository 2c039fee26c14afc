{{ config(materialized='incremental', on_schema_change='append_new_columns') }}
{#-
    The DfE validation rules' findings on the statutory returns: one row per finding (rule, table,
    field, row of the return, child). `runner validate` writes the rows (runner/validate/store.py),
    replacing one authority's return and year at a time; dbt only creates the table, empty (an
    incremental model that never adds any rows). A build makes a new warehouse, so the findings start
    afresh with the data they describe; a build of a selection (runner build --select ...) copies the
    warehouse and keeps them.

    category: error (the DfE will reject the return until it is fixed), query (to check or explain),
    not_held (the rule needs a field the SSD contract does not hold: runner/validate/coverage.py names
    it), tool_limit (the validator cannot see far enough back: it reads this year and last year only).
    child_id is the authority's own person id; no date of birth, postcode or other value of the return
    is kept, so the report can show counts of this table (dfe_rule_summary) and nothing else.
-#}
select
    cast(null as {{ dbt.type_string() }}) as la_code,
    cast(null as integer) as collection_year,
    cast(null as {{ dbt.type_string() }}) as return_kind,
    cast(null as {{ dbt.type_string() }}) as rule_code,
    cast(null as {{ dbt.type_string() }}) as severity,
    cast(null as {{ dbt.type_string() }}) as category,
    cast(null as {{ dbt.type_string() }}) as message,
    cast(null as {{ dbt.type_string() }}) as table_name,
    cast(null as {{ dbt.type_string() }}) as field_name,
    cast(null as integer) as row_number,
    cast(null as {{ dbt.type_string() }}) as child_id,
    cast(null as {{ dbt.type_string() }}) as note,
    cast(null as {{ dbt.type_string() }}) as source,
    cast(null as {{ dbt.type_timestamp() }}) as validated_at
where 1 = 0

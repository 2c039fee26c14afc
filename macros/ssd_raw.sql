{#- Helpers for reading the raw files: where a row came from. -#}

{#- The authority's 3-digit LA number, from the folder the file sits in. Off DuckDB the raw tables
    are expected to carry an la_code column already (loaded by the platform, not read from files). -#}
{% macro ssd_la_code(filename_column='filename') -%}
    {{ return(adapter.dispatch('ssd_la_code', 'csc_analytics')(filename_column)) }}
{%- endmacro %}

{% macro default__ssd_la_code(filename_column) -%}
    la_code
{%- endmacro %}

{% macro duckdb__ssd_la_code(filename_column) -%}
    regexp_extract({{ filename_column }}, '([^/\\]+)[/\\][^/\\]+$', 1)
{%- endmacro %}

{#- The source file's name (path), or null where the platform has no files. -#}
{% macro ssd_source_file(filename_column='filename') -%}
    {{ return(adapter.dispatch('ssd_source_file', 'csc_analytics')(filename_column)) }}
{%- endmacro %}

{% macro default__ssd_source_file(filename_column) -%}
    cast(null as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__ssd_source_file(filename_column) -%}
    {{ filename_column }}
{%- endmacro %}

{#- A number that increases with the row's position in the scan. DuckDB keeps a file's rows in
    order when the window has no ordering (insertion order is preserved), so the row's number within
    its file is this minus the file's first number, plus one. Elsewhere the row is not known (null). -#}
{% macro ssd_scan_position() -%}
    {{ return(adapter.dispatch('ssd_scan_position', 'csc_analytics')()) }}
{%- endmacro %}

{% macro default__ssd_scan_position() -%}
    cast(null as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro duckdb__ssd_scan_position() -%}
    row_number() over ()
{%- endmacro %}

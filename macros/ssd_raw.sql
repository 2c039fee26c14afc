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

{#- Which file a raw row came from, as a key (DuckDB: the file's index in the table's read, from
    runner/intake.py). Elsewhere the rows are not known by file: every row is in one "file". -#}
{% macro ssd_file_key() -%}
    {{ return(adapter.dispatch('ssd_file_key', 'csc_analytics')()) }}
{%- endmacro %}

{% macro default__ssd_file_key() -%}
    cast(0 as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro duckdb__ssd_file_key() -%}
    file_index
{%- endmacro %}

{#- A number that increases with the row's place in its file, unique within the file. On DuckDB the
    read gives it (file_order: `with ordinality` over the CSV scan, file_row_number for Parquet), so no
    window runs over the rows; ssd_base subtracts the file's first number to get the row's number in
    the file. Elsewhere the engine's scan order stands in (a window over every row). -#}
{% macro ssd_file_position() -%}
    {{ return(adapter.dispatch('ssd_file_position', 'csc_analytics')()) }}
{%- endmacro %}

{% macro default__ssd_file_position() -%}
    row_number() over ()
{%- endmacro %}

{% macro duckdb__ssd_file_position() -%}
    file_order
{%- endmacro %}

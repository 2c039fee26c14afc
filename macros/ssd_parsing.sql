{#- Parsing helpers for raw SSD text. The raw files are read as text (all_varchar), so a bad value
    becomes a data-quality finding instead of a failed read; these macros are where text becomes a
    typed value, once, in the staging layer. -#}

{% macro ssd_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{#- An ISO date, optionally followed by a time part (ignored). With var('day_first') (runner build
    --day-first) also a date written day first: dd/mm/yyyy, dd-mm-yyyy or dd.mm.yyyy (one-digit day and
    month allowed), as Excel writes dates in England. Anything else is null. -#}
{% macro ssd_date(column) -%}
    {{ return(adapter.dispatch('ssd_date', 'csc_analytics')(column)) }}
{%- endmacro %}

{% macro default__ssd_date(column) -%}
    {{ dbt.safe_cast("substring(trim(" ~ column ~ "), 1, 10)", api.Column.translate_type("date")) }}
{%- endmacro %}

{% macro duckdb__ssd_date(column) -%}
    {#- strict yyyy-mm-dd: DuckDB's cast would accept 2021-1-5 and other shapes the contract does not -#}
    case when regexp_matches(trim({{ column }}), '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$')
         then try_cast(substring(trim({{ column }}), 1, 10) as date)
    {%- if var('day_first', false) %}
         when regexp_matches(trim({{ column }}), '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}([ T].*)?$')
         then try_cast(regexp_replace(trim({{ column }}),
                                      '^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4}).*$', '\3-\2-\1') as date)
    {%- endif %}
    end
{%- endmacro %}

{#- Y/N flags (also Yes/No, True/False, 1/0, any case) to booleans; anything else is null. -#}
{% macro ssd_flag(column) -%}
    case
        when upper(trim({{ column }})) in ('Y', 'YES', 'TRUE', 'T', '1') then true
        when upper(trim({{ column }})) in ('N', 'NO', 'FALSE', 'F', '0') then false
    end
{%- endmacro %}

{#- Is a non-blank flag value outside the Y/N list? Used by the data-quality warnings. -#}
{% macro ssd_flag_is_invalid(column) -%}
    ({{ ssd_text(column) }} is not null and ({{ ssd_flag(column) }}) is null)
{%- endmacro %}

{% macro ssd_code(column) -%}
    upper(nullif(trim({{ column }}), ''))
{%- endmacro %}

{#- A decimal number as a 64-bit float: a 32-bit float would turn an FTE of 0.9 into 0.899999976.
    Text that is not a number is null (dbt's safe_cast is a plain cast on DuckDB, which would stop the
    build on "eleven"; the data-quality layer reports such values). -#}
{% macro ssd_number(column) -%}
    {{ return(adapter.dispatch('ssd_number', 'csc_analytics')(column)) }}
{%- endmacro %}

{% macro default__ssd_number(column) -%}
    {{ dbt.safe_cast(ssd_text(column), type_double()) }}
{%- endmacro %}

{% macro duckdb__ssd_number(column) -%}
    try_cast({{ ssd_text(column) }} as {{ type_double() }})
{%- endmacro %}

{% macro ssd_integer(column) -%}
    {{ return(adapter.dispatch('ssd_integer', 'csc_analytics')(column)) }}
{%- endmacro %}

{% macro default__ssd_integer(column) -%}
    {{ dbt.safe_cast(ssd_text(column), api.Column.translate_type("integer")) }}
{%- endmacro %}

{% macro duckdb__ssd_integer(column) -%}
    try_cast({{ ssd_text(column) }} as integer)
{%- endmacro %}

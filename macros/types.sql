{#- A 64-bit floating-point type. dbt.type_float() is 32-bit on DuckDB (FLOAT = REAL), too coarse
    for unrounded percentages. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'csc_analytics')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#- The median of a column (an aggregate): percentile_cont(0.5), which DuckDB, Postgres, Trino
    (approx) and Spark know under different names. -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'csc_analytics')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{% macro trino__median(expression) -%}
    approx_percentile({{ expression }}, 0.5)
{%- endmacro %}

{#- A quantile of a column (an aggregate) by linear interpolation between the order statistics:
    position (n - 1) * fraction, R's default type 7 (the DfE LAIT's `quantile()`), which is
    DuckDB's quantile_cont and SQL's percentile_cont. -#}
{% macro quantile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont', 'csc_analytics')(expression, fraction)) }}
{%- endmacro %}

{% macro default__quantile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__quantile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro spark__quantile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{#- Sums and means of decimal numbers that do not depend on the order of the rows. A sum of
    floating-point numbers does (0.1 + 0.2 + 0.3 is not 0.3 + 0.2 + 0.1 in the last digit), and the
    order in which an engine adds the rows of a group changes from build to build, so two builds of
    the same data could differ in the last digit. These add the values as exact decimals (10 decimal
    places, which every value the project sums has: FTE, caseloads, published figures to one place)
    and give the result as a double. -#}
{% macro exact_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 10))) as {{ type_double() }})
{%- endmacro %}

{% macro exact_mean(expression) -%}
    ({{ exact_sum(expression) }} / nullif(count({{ expression }}), 0))
{%- endmacro %}

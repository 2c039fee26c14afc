{#- Date helpers shared by every model. Each follows indicators.md's Conventions. -#}

{#- Working days wd(a, b): the days x with a < x <= b that are Monday to Friday and not a bank
    holiday, from two dim_date rows joined on a and b: wd = n(b) - n(a). Same day = 0; Friday to
    the next Monday = 1. -#}
{% macro working_days(start_day_alias, end_day_alias) -%}
    ({{ end_day_alias }}.working_day_number - {{ start_day_alias }}.working_day_number)
{%- endmacro %}

{#- d minus N years or months, calendar arithmetic clamped to the month's end (29 Feb - 1 year =
    28 Feb; 31 Aug - 18 months = 28 or 29 Feb). -#}
{% macro years_before(date_expr, years) -%}
    cast({{ dbt.dateadd('year', -years, date_expr) }} as date)
{%- endmacro %}

{% macro months_before(date_expr, months) -%}
    cast({{ dbt.dateadd('month', -months, date_expr) }} as date)
{%- endmacro %}

{#- 1 April of the financial year containing the date. -#}
{% macro financial_year_start(date_expr) -%}
    cast({{ dbt.dateadd('month', 3, dbt.date_trunc('year', dbt.dateadd('month', -3, date_expr))) }} as date)
{%- endmacro %}

{% macro month_start(date_expr) -%}
    cast({{ dbt.date_trunc('month', date_expr) }} as date)
{%- endmacro %}

{% macro month_end(date_expr) -%}
    cast({{ dbt.last_day(date_expr, 'month') }} as date)
{%- endmacro %}

{#- ISO day of week, Monday = 1 ... Sunday = 7. -#}
{% macro day_of_week_iso(date_expr) -%}
    {{ return(adapter.dispatch('day_of_week_iso', 'csc_analytics')(date_expr)) }}
{%- endmacro %}

{% macro default__day_of_week_iso(date_expr) -%}
    extract(isodow from {{ date_expr }})
{%- endmacro %}

{% macro spark__day_of_week_iso(date_expr) -%}
    (dayofweek({{ date_expr }}) + 5) % 7 + 1
{%- endmacro %}

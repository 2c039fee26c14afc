{#-
    Each indicator's values for the report's charts and the workbook's monthly sheets: every period
    type an indicator has (month, ytd, rolling_12m, snapshot, fy) at each month end of the 24 months
    to the as-at date, with the target in force at that period end. A target is set for the
    indicator's headline measure, so it is given on the headline period type's rows, and on every
    row of a percentage, rate or number of days (a percentage target holds for a month as for the
    year); never on a month's count of a measure whose target is for the year to date.

    is_charted marks the rows the indicator's chart draws (report_indicator_charts.chart_period_type);
    financial_year (the year ending 31 March: 2025 for 2024-25) and month_of_year (1 = April to
    12 = March) place a value on a this-year-against-last-year chart.
-#}
with authorities as (

    select la_code, as_at_date from {{ ref('report_authority') }}

),

charts as (

    select la_code, indicator_id, chart_period_type from {{ ref('report_indicator_charts') }}

),

catalogue as (

    select indicator_id, headline_period_type from {{ ref('indicator_catalogue') }}

),

shown as (

    select
        indicator_values.*,
        catalogue.headline_period_type,
        charts.chart_period_type
    from {{ ref('indicator_values') }} as indicator_values
    inner join authorities
        on authorities.la_code = indicator_values.la_code
    inner join catalogue
        on catalogue.indicator_id = indicator_values.indicator_id
    inner join charts
        on charts.la_code = indicator_values.la_code
        and charts.indicator_id = indicator_values.indicator_id
    where indicator_values.period_end > {{ month_end(months_before('authorities.as_at_date', 24)) }}
        and indicator_values.period_end <= authorities.as_at_date

)

select
    cast(shown.la_code as {{ dbt.type_string() }}) as la_code,
    cast(shown.indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(shown.period_type as {{ dbt.type_string() }}) as period_type,
    cast(shown.period_start as date) as period_start,
    cast(shown.period_end as date) as period_end,
    cast(extract(year from {{ financial_year_start('shown.period_end') }}) + 1 as integer) as financial_year,
    cast(
        case
            when extract(month from shown.period_end) >= 4 then extract(month from shown.period_end) - 3
            else extract(month from shown.period_end) + 9
        end as integer
    ) as month_of_year,
    cast(shown.numerator as {{ dbt.type_bigint() }}) as numerator,
    cast(shown.denominator as {{ dbt.type_bigint() }}) as denominator,
    cast(shown.value as {{ type_double() }}) as value,
    cast(shown.unit as {{ dbt.type_string() }}) as unit,
    cast(
        case
            when shown.period_type = shown.headline_period_type or shown.unit <> 'count' then targets.target_value
        end as {{ type_double() }}
    ) as target_value,
    shown.period_type = shown.chart_period_type as is_charted
from shown
left join {{ ref('targets') }} as targets
    on targets.la_code = shown.la_code
    and targets.indicator_id = shown.indicator_id
    and targets.effective_from <= shown.period_end
    and (targets.effective_to is null or targets.effective_to >= shown.period_end)

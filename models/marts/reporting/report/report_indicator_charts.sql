{#-
    How the report shows each indicator, one row per authority and catalogue indicator, so that
    every indicator has a chart or a stated reason why not, and a chart compares only like with like:

    - a flow counted over the financial year to date (measure_type flow, headline ytd) is drawn
      this year against last year, April to March (chart_kind year_on_year): a count as each
      month's number (chart_period_type month, paired bars), a percentage or a number of days as
      the year-to-date value at each month end (ytd, two lines), which at March is the year's
      value the DfE publishes;
    - a stock (a snapshot at each month end) or a rolling 12-month rate is drawn as its last 24
      months (chart_kind series);
    - fewer than three values in the period a chart would show
      (a one-off snapshot, such as the workforce) make a card with the value, not a one-dot chart
      (chart_kind card); no value at all, or an indicator the authority's records cannot give, is
      said in words (chart_kind none).

    benchmark_comparable: England, region and neighbour figures are drawn or set beside the value
    only when they measure the same thing at any authority's size: percentages, rates per 10,000 and
    days, and a count whose published measure is not a volume (benchmark_measures.is_volume false:
    the mean caseload). A volume (referrals, children looked after) grows with the authority: England's
    total and the neighbours' volumes are not comparable with the authority's own. A month's value is
    never set against a benchmark: those are for a whole year (or 31 March), so only a year-to-date,
    rolling 12-month or month-end value is (benchmarks_on_chart).
-#}
{%- set min_points = 3 %}

with authorities as (

    select la_code, as_at_date from {{ ref('report_authority') }}

),

catalogue as (

    select indicator_id, unit, measure_type, headline_period_type, source_tables
    from {{ ref('indicator_catalogue') }}

),

-- whether the indicator's preferred published measure is a volume (one per indicator)
measures as (

    select indicator_id, {{ dbt.bool_or('is_volume') }} as is_volume
    from {{ ref('benchmark_measures') }}
    where is_preferred
    group by indicator_id

),

planned as (

    select
        authorities.la_code,
        authorities.as_at_date,
        catalogue.indicator_id,
        catalogue.unit,
        catalogue.measure_type,
        catalogue.source_tables,
        coalesce(not measures.is_volume, catalogue.unit in ('percent', 'rate_per_10k', 'days')) as is_comparable,
        case
            when catalogue.measure_type = 'flow' and catalogue.headline_period_type = 'ytd' then 'year_on_year'
            else 'series'
        end as planned_kind,
        case
            when catalogue.measure_type = 'flow' and catalogue.headline_period_type = 'ytd'
                and catalogue.unit = 'count' then 'month'
            else catalogue.headline_period_type
        end as chart_period_type,
        -- the first period end a chart shows: April of last financial year, or 24 months back
        case
            when catalogue.measure_type = 'flow' and catalogue.headline_period_type = 'ytd'
                then {{ months_before(financial_year_start('authorities.as_at_date'), 12) }}
            else {{ month_end(months_before('authorities.as_at_date', 23)) }}
        end as first_shown
    from authorities
    cross join catalogue
    left join measures
        on measures.indicator_id = catalogue.indicator_id

),

shown_values as (

    select
        planned.la_code,
        planned.indicator_id,
        count(indicator_values.value) as chart_points
    from planned
    left join {{ ref('indicator_values') }} as indicator_values
        on indicator_values.la_code = planned.la_code
        and indicator_values.indicator_id = planned.indicator_id
        and indicator_values.period_type = planned.chart_period_type
        and indicator_values.period_end >= planned.first_shown
        and indicator_values.period_end <= planned.as_at_date
    group by planned.la_code, planned.indicator_id

),

judged as (

    select
        planned.*,
        shown_values.chart_points,
        available.indicator_id is not null as is_available
    from planned
    inner join shown_values
        on shown_values.la_code = planned.la_code
        and shown_values.indicator_id = planned.indicator_id
    left join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = planned.la_code
        and available.indicator_id = planned.indicator_id

)

select
    cast(la_code as {{ dbt.type_string() }}) as la_code,
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(measure_type as {{ dbt.type_string() }}) as measure_type,
    cast(
        case
            when not is_available or chart_points = 0 then 'none'
            when chart_points < {{ min_points }} then 'card'
            else planned_kind
        end as {{ dbt.type_string() }}
    ) as chart_kind,
    cast(chart_period_type as {{ dbt.type_string() }}) as chart_period_type,
    cast(first_shown as date) as shown_from,
    cast(chart_points as integer) as chart_points,
    is_comparable as benchmark_comparable,
    is_comparable and chart_period_type <> 'month' as benchmarks_on_chart,
    cast(
        case
            when not is_available then {{ dbt.concat([
                "'Not available for this authority: its records do not include the tables this measure needs ('",
                dbt.replace('source_tables', "' '", "', '"), "').'"]) }}
            when chart_points = 0 then 'No values in the period a chart would show: nothing to count yet.'
            when chart_points = 1 then 'One value only (a snapshot at one date): shown as a figure, not a chart.'
            when chart_points < {{ min_points }} then {{ dbt.concat([
                "'Only '", dbt.cast('chart_points', dbt.type_string()),
                "' values so far: shown as a figure, not a chart.'"]) }}
        end as {{ dbt.type_string() }}
    ) as no_chart_reason
from judged

{#-
    The LAIT view's bar chart on an indicator's report page: the authority and each of its ten
    statistical neighbours (benchmark_neighbours, named) with their published values in the
    scorecard's benchmark year (years_before_latest 0), one row each, the authority's own marked
    (is_authority). bar_order puts the bars best first by the indicator's polarity (highest first
    for `high`, lowest first for `low`, highest first for `context`), unpublished values last in
    neighbour order; the chart draws the published ones, and its table lists all eleven with why a
    value is missing.

    Only where report_benchmark_trend has the indicator (a comparable published measure, never a
    volume).
-#}
with latest as (

    select la_code, indicator_id, benchmark_year, la_name, unit, polarity, published_la_value,
           published_la_status, la_rank, la_rank_count, quartile_band
    from {{ ref('report_benchmark_trend') }}
    where is_latest

),

bars as (

    select
        latest.la_code,
        latest.indicator_id,
        latest.benchmark_year,
        latest.unit,
        latest.polarity,
        true as is_authority,
        cast(null as integer) as neighbour_rank,
        latest.la_code as bar_la_code,
        latest.la_name as bar_la_name,
        latest.published_la_value as value,
        latest.published_la_status as status,
        cast(null as {{ dbt.type_string() }}) as status_reason,
        latest.la_rank,
        latest.la_rank_count,
        latest.quartile_band
    from latest

    union all

    select
        latest.la_code,
        latest.indicator_id,
        latest.benchmark_year,
        latest.unit,
        latest.polarity,
        false as is_authority,
        neighbours.neighbour_rank,
        neighbours.neighbour_la_code,
        neighbours.neighbour_la_name,
        neighbours.value,
        neighbours.status,
        neighbours.status_reason,
        neighbours.la_rank,
        neighbours.la_rank_count,
        neighbours.quartile_band
    from latest
    inner join {{ ref('benchmark_neighbours') }} as neighbours
        on neighbours.la_code = latest.la_code
        and neighbours.indicator_id = latest.indicator_id
        and neighbours.benchmark_year = latest.benchmark_year

)

select
    cast(la_code as {{ dbt.type_string() }}) as la_code,
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(benchmark_year as integer) as benchmark_year,
    cast(
        row_number() over (
            partition by la_code, indicator_id
            order by
                case when value is null then 1 else 0 end,
                case when polarity = 'low' then value else -value end,
                coalesce(neighbour_rank, 0)
        ) as integer
    ) as bar_order,
    is_authority,
    cast(neighbour_rank as integer) as neighbour_rank,
    cast(bar_la_code as {{ dbt.type_string() }}) as bar_la_code,
    cast(bar_la_name as {{ dbt.type_string() }}) as bar_la_name,
    cast(value as {{ type_double() }}) as value,
    cast(unit as {{ dbt.type_string() }}) as unit,
    cast(status as {{ dbt.type_string() }}) as status,
    cast(status_reason as {{ dbt.type_string() }}) as status_reason,
    cast(la_rank as integer) as la_rank,
    cast(la_rank_count as integer) as la_rank_count,
    cast(quartile_band as {{ dbt.type_string() }}) as quartile_band
from bars

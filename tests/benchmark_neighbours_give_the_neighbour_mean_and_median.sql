{#- For every authority in the build, benchmark_history's (and so the scorecard's) neighbour mean,
    median and count are those of the neighbours' own values in benchmark_neighbours, year by year:
    two paths to the same figures. Returned rows are authority, indicator and year where they differ. -#}
with from_neighbours as (

    select
        la_code,
        indicator_id,
        benchmark_year,
        avg(value) as sn_value,
        {{ median('value') }} as sn_median,
        count(value) as sn_count
    from {{ ref('benchmark_neighbours') }}
    group by la_code, indicator_id, benchmark_year

)

select
    history.la_code,
    history.indicator_id,
    history.benchmark_year,
    history.sn_value,
    from_neighbours.sn_value as neighbours_mean,
    history.sn_median,
    from_neighbours.sn_median as neighbours_median
from {{ ref('benchmark_history') }} as history
left join from_neighbours
    on from_neighbours.la_code = history.la_code
    and from_neighbours.indicator_id = history.indicator_id
    and from_neighbours.benchmark_year = history.benchmark_year
where history.la_code in (select la_code from {{ ref('int_reporting_windows__resolved') }})
    and (history.sn_count <> coalesce(from_neighbours.sn_count, 0)
    or abs(history.sn_value - from_neighbours.sn_value) > 1e-9
    or abs(history.sn_median - from_neighbours.sn_median) > 1e-9
    or (history.sn_value is null) <> (from_neighbours.sn_value is null))

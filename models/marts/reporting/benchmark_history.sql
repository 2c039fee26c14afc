{#-
    The LAIT view of every benchmarked indicator, year by year: one row per authority of la_lookup,
    indicator and published year (ending 31 March) of the indicator's preferred measure.

    - The authority's own published value and status, England's, its region's, and its statistical
      neighbours' mean (LAIT) and median (the DfE's dashboards) with how many were published
      (int_benchmarks__joined_to_comparators).
    - Its rank among all LAs (1 best by polarity, ties share the lowest rank, unpublished values not
      ranked, la_rank_count ranked) and its quartile band A (best) to D, with the cut points
      (int_benchmarks__ranked).
    - Published against computed: this project's `fy` value for the same year (the headline period
      type at 31 March: ytd, rolling_12m or the snapshot) for an authority in the build, and the
      difference computed - published, which shows where the case records and the statutory return
      disagree (benchmark_measures.basis_note says how the two bases differ).
    - years_before_latest: 0 for the latest year with a published England or LA value whose year end
      is on or before the build's as-at date (for an authority outside the build, the latest
      published); the scorecard's benchmark_year. The five-year trend is years_before_latest 0 to 4
      (in_five_year_trend); a negative number is a year published after the as-at date.
-#}
with benchmark_values as (

    select * from {{ ref('int_benchmarks__joined_to_comparators') }}

),

windows as (

    select la_code, as_at_date from {{ ref('int_reporting_windows__resolved') }}

),

latest as (

    select
        benchmark_values.la_code,
        benchmark_values.indicator_id,
        max(benchmark_values.year) as latest_year
    from benchmark_values
    left join windows on windows.la_code = benchmark_values.la_code
    where (benchmark_values.england_value is not null or benchmark_values.la_value is not null)
        and (
            windows.as_at_date is null
            or benchmark_values.year <= extract(year from {{ dbt.dateadd('day', 1, months_before('windows.as_at_date', 3)) }})
        )
    group by benchmark_values.la_code, benchmark_values.indicator_id

),

computed as (

    select
        la_code,
        indicator_id,
        extract(year from period_end) as year,
        value
    from {{ ref('indicator_values') }}
    where period_type = 'fy'

)

select
    benchmark_values.la_code,
    la_lookup.la_name,
    benchmark_values.indicator_id,
    catalogue.indicator_name,
    catalogue.unit,
    catalogue.polarity,
    cast(benchmark_values.year as integer) as benchmark_year,
    cast(latest.latest_year - benchmark_values.year as integer) as years_before_latest,
    coalesce(latest.latest_year - benchmark_values.year between 0 and 4, false) as in_five_year_trend,
    cast(benchmark_values.la_value as {{ type_double() }}) as published_la_value,
    benchmark_values.la_status as published_la_status,
    cast(benchmark_values.england_value as {{ type_double() }}) as england_value,
    benchmark_values.region_code,
    la_lookup.region_name,
    cast(benchmark_values.region_value as {{ type_double() }}) as region_value,
    cast(benchmark_values.sn_value as {{ type_double() }}) as sn_value,
    cast(benchmark_values.sn_median as {{ type_double() }}) as sn_median,
    cast(benchmark_values.sn_count as integer) as sn_count,
    benchmark_values.sn_model,
    cast(benchmark_values.la_rank as integer) as la_rank,
    cast(benchmark_values.la_rank_count as integer) as la_rank_count,
    benchmark_values.quartile_band,
    cast(benchmark_values.quartile_min as {{ type_double() }}) as quartile_min,
    cast(benchmark_values.quartile_25 as {{ type_double() }}) as quartile_25,
    cast(benchmark_values.quartile_50 as {{ type_double() }}) as quartile_50,
    cast(benchmark_values.quartile_75 as {{ type_double() }}) as quartile_75,
    cast(benchmark_values.quartile_max as {{ type_double() }}) as quartile_max,
    cast(computed.value as {{ type_double() }}) as computed_year_end_value,
    cast(computed.value - benchmark_values.la_value as {{ type_double() }}) as computed_minus_published,
    benchmark_values.measure_id,
    benchmark_values.source_file as benchmark_source
from benchmark_values
inner join {{ ref('indicator_catalogue') }} as catalogue
    on catalogue.indicator_id = benchmark_values.indicator_id
left join {{ ref('la_lookup') }} as la_lookup
    on la_lookup.la_code = benchmark_values.la_code
left join latest
    on latest.la_code = benchmark_values.la_code
    and latest.indicator_id = benchmark_values.indicator_id
left join computed
    on computed.la_code = benchmark_values.la_code
    and computed.indicator_id = benchmark_values.indicator_id
    and computed.year = benchmark_values.year

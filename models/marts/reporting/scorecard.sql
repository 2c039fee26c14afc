{#-
    The scorecard: one row per authority and indicator at the build's as-at date (data-contract.md
    section 4), with the comparisons a committee quotes:
    - the headline value and its period; the same period a month earlier; the same period a year
      earlier and the change since; last year's outturn (the previous financial year's `fy` value);
      the direction of travel (like with like: flows against the same time last year, stocks against
      the previous month end) and its judgement by polarity (scorecard_headlines);
    - the target in force at the headline period end, the gap to it both ways, and the RAG status
      (none without a target or for a context indicator);
    - the published benchmarks of the latest year published up to the as-at date (benchmark_history
      years_before_latest = 0): England, the authority's region, its statistical neighbours' mean and
      median (with how many were published), its rank among all LAs and quartile band, and its own
      published value beside the value this project computes for the same year end, with the
      difference. A benchmark is always shown with its year.
-#}
with headlines as (

    select * from {{ ref('scorecard_headlines') }}

),

latest_benchmarks as (

    select * from {{ ref('benchmark_history') }}
    where years_before_latest = 0

)

select
    headlines.la_code,
    la_lookup.la_name,
    cast(catalogue.display_order as integer) as display_order,
    headlines.indicator_id,
    headlines.indicator_name,
    headlines.family,
    headlines.unit,
    headlines.polarity,
    headlines.headline_period_type,
    headlines.period_start,
    headlines.period_end,
    headlines.value,
    headlines.numerator,
    headlines.denominator,
    headlines.previous_period_end,
    headlines.previous_value,
    headlines.same_time_last_year_period_end,
    headlines.same_time_last_year_value,
    headlines.change_vs_last_year,
    headlines.last_year_outturn_year,
    headlines.last_year_outturn_value,
    headlines.direction_basis,
    headlines.direction_of_travel,
    headlines.direction_judgement,
    cast(headlines.target_value as {{ type_double() }}) as target_value,
    headlines.target_effective_from,
    headlines.target_source,
    cast(headlines.tolerance_pct as {{ type_double() }}) as rag_tolerance_pct,
    headlines.rag_status,
    cast(headlines.gap_to_target as {{ type_double() }}) as gap_to_target,
    cast(headlines.gap_to_target_pct as {{ type_double() }}) as gap_to_target_pct,
    latest_benchmarks.benchmark_year,
    latest_benchmarks.england_value,
    latest_benchmarks.region_code,
    la_lookup.region_name,
    latest_benchmarks.region_value,
    latest_benchmarks.sn_value,
    latest_benchmarks.sn_median,
    latest_benchmarks.sn_count,
    latest_benchmarks.sn_model,
    latest_benchmarks.la_rank,
    latest_benchmarks.la_rank_count,
    latest_benchmarks.quartile_band,
    latest_benchmarks.published_la_value,
    latest_benchmarks.published_la_status,
    latest_benchmarks.computed_year_end_value,
    latest_benchmarks.computed_minus_published,
    latest_benchmarks.benchmark_source,
    headlines.is_available,
    case
        when not headlines.is_available then 'not available'
        when headlines.value is null then 'no value'
        else 'available'
    end as availability
from headlines
inner join {{ ref('indicator_catalogue') }} as catalogue
    on catalogue.indicator_id = headlines.indicator_id
left join {{ ref('la_lookup') }} as la_lookup
    on la_lookup.la_code = headlines.la_code
left join latest_benchmarks
    on latest_benchmarks.la_code = headlines.la_code
    and latest_benchmarks.indicator_id = headlines.indicator_id

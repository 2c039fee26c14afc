{#-
    The scorecard: one row per authority and indicator at the build's as-at date (data-contract.md
    section 4). Each headline value with its period, the previous month's value and the direction
    of travel, the target in force and the RAG status (int_scorecard_headlines), and the published
    benchmarks for the latest year published up to the as-at date: England, the authority's region,
    the mean of its statistical neighbours (with how many were used), and the authority's own
    published value beside the value this project computes for the same year end, so a difference
    shows at once. A benchmark is always shown with its year.
-#}
with headlines as (

    select * from {{ ref('int_scorecard_headlines') }}

),

authorities as (

    select la_code, la_name, region_name from {{ ref('la_lookup') }}

),

benchmarks as (

    select * from {{ ref('int_benchmark_values') }}

),

-- the latest published year (years end on 31 March) whose year end is on or before the as-at date
benchmark_years as (

    select
        headlines.la_code,
        headlines.indicator_id,
        max(benchmarks.year) as benchmark_year
    from headlines
    inner join benchmarks
        on benchmarks.la_code = headlines.la_code
        and benchmarks.indicator_id = headlines.indicator_id
        and benchmarks.year <= extract(year from {{ dbt.dateadd('day', 1, months_before('headlines.as_at_date', 3)) }})
        and (benchmarks.england_value is not null or benchmarks.la_value is not null)
    group by headlines.la_code, headlines.indicator_id

),

latest_benchmarks as (

    select benchmarks.*
    from benchmarks
    inner join benchmark_years
        on benchmark_years.la_code = benchmarks.la_code
        and benchmark_years.indicator_id = benchmarks.indicator_id
        and benchmark_years.benchmark_year = benchmarks.year

),

-- this project's own value at the benchmark year's end (31 March), on the headline period type
year_end_values as (

    select
        latest_benchmarks.la_code,
        latest_benchmarks.indicator_id,
        computed.value as computed_year_end_value
    from latest_benchmarks
    inner join {{ ref('indicator_catalogue') }} as catalogue
        on catalogue.indicator_id = latest_benchmarks.indicator_id
    inner join {{ ref('indicator_values') }} as computed
        on computed.la_code = latest_benchmarks.la_code
        and computed.indicator_id = latest_benchmarks.indicator_id
        and computed.period_type = catalogue.headline_period_type
        and computed.period_end = {{ dbt.cast(dbt.concat([dbt.cast('latest_benchmarks.year', dbt.type_string()), "'-03-31'"]), 'date') }}

)

select
    headlines.la_code,
    authorities.la_name,
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
    headlines.direction_of_travel,
    cast(headlines.target_value as {{ type_double() }}) as target_value,
    cast(headlines.tolerance_pct as {{ type_double() }}) as rag_tolerance_pct,
    headlines.rag_status,
    cast(latest_benchmarks.year as integer) as benchmark_year,
    cast(latest_benchmarks.england_value as {{ type_double() }}) as england_value,
    latest_benchmarks.region_code,
    authorities.region_name,
    cast(latest_benchmarks.region_value as {{ type_double() }}) as region_value,
    cast(latest_benchmarks.sn_value as {{ type_double() }}) as sn_value,
    cast(latest_benchmarks.sn_count as integer) as sn_count,
    latest_benchmarks.sn_model,
    cast(latest_benchmarks.la_value as {{ type_double() }}) as published_la_value,
    latest_benchmarks.la_status as published_la_status,
    year_end_values.computed_year_end_value,
    latest_benchmarks.source_file as benchmark_source,
    headlines.is_available,
    case
        when not headlines.is_available then 'not available'
        when headlines.value is null then 'no value'
        else 'available'
    end as availability
from headlines
inner join {{ ref('indicator_catalogue') }} as catalogue
    on catalogue.indicator_id = headlines.indicator_id
left join authorities
    on authorities.la_code = headlines.la_code
left join latest_benchmarks
    on latest_benchmarks.la_code = headlines.la_code
    and latest_benchmarks.indicator_id = headlines.indicator_id
left join year_end_values
    on year_end_values.la_code = headlines.la_code
    and year_end_values.indicator_id = headlines.indicator_id

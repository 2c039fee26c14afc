{#-
    Every authority's published value of each indicator's preferred measure, year by year, ranked
    and banded among all local authorities the way the DfE's Local Authority Interactive Tool (LAIT)
    does it. One row per measure, year and LA row of the seed benchmarks (every LA the source
    publishes a row for that year, including those since abolished).

    - Rank: 1 is the best by the indicator's polarity (the highest value for `high`, the lowest for
      `low`); ties share the lowest rank (R's ties.method "min", SQL's rank()); a value that is not
      published (suppressed, missing) is not ranked. la_rank_count is the number ranked.
    - Quartile band: cut points over that year's published LA values, R's default type-7
      quantiles at 0%, 25%, 50%, 75% and 100% (linear interpolation at position (n - 1) p). Bands
      are the intervals [min, q25], (q25, q50], (q50, q75], (q75, max], named A, B, C, D for `low`
      polarity and D, C, B, A for `high`: A is always the best quarter, and a value exactly on a
      cut point falls in the interval it closes.
    - Neither for a `context` indicator (LAIT shows '-') or a volume (benchmark_measures.is_volume:
      a count that grows with the authority's size); the cut points are given for every measure.
-#}
with measures as (

    select
        benchmark_measures.measure_id,
        benchmark_measures.indicator_id,
        catalogue.polarity,
        catalogue.polarity in ('high', 'low') and not benchmark_measures.is_volume as is_ranked
    from {{ ref('benchmark_measures') }} as benchmark_measures
    inner join {{ ref('indicator_catalogue') }} as catalogue
        on catalogue.indicator_id = benchmark_measures.indicator_id
    where benchmark_measures.is_preferred

),

la_values as (

    select
        benchmarks.measure_id,
        measures.indicator_id,
        measures.polarity,
        measures.is_ranked,
        benchmarks.year,
        benchmarks.la_code,
        benchmarks.area_name,
        benchmarks.value,
        benchmarks.status,
        benchmarks.status_reason
    from {{ ref('benchmarks') }} as benchmarks
    inner join measures on measures.measure_id = benchmarks.measure_id
    where benchmarks.geographic_level = 'la'

),

cut_points as (

    select
        measure_id,
        year,
        count(*) as published_count,
        min(value) as quartile_min,
        {{ quantile_cont('value', 0.25) }} as quartile_25,
        {{ quantile_cont('value', 0.5) }} as quartile_50,
        {{ quantile_cont('value', 0.75) }} as quartile_75,
        max(value) as quartile_max
    from la_values
    where value is not null
    group by measure_id, year

),

ranked as (

    select
        measure_id,
        year,
        la_code,
        rank() over (
            partition by measure_id, year
            order by case when polarity = 'high' then -value else value end
        ) as la_rank
    from la_values
    where is_ranked and value is not null

),

banded as (

    select
        la_values.*,
        ranked.la_rank,
        case when la_values.is_ranked then cut_points.published_count end as la_rank_count,
        cut_points.quartile_min,
        cut_points.quartile_25,
        cut_points.quartile_50,
        cut_points.quartile_75,
        cut_points.quartile_max,
        case
            when not la_values.is_ranked or la_values.value is null then null
            when la_values.value <= cut_points.quartile_25 then 1
            when la_values.value <= cut_points.quartile_50 then 2
            when la_values.value <= cut_points.quartile_75 then 3
            else 4
        end as quarter_from_lowest
    from la_values
    left join cut_points
        on cut_points.measure_id = la_values.measure_id
        and cut_points.year = la_values.year
    left join ranked
        on ranked.measure_id = la_values.measure_id
        and ranked.year = la_values.year
        and ranked.la_code = la_values.la_code

)

select
    measure_id,
    indicator_id,
    polarity,
    cast(year as integer) as year,
    la_code,
    area_name,
    value,
    status,
    status_reason,
    cast(la_rank as integer) as la_rank,
    cast(la_rank_count as integer) as la_rank_count,
    case
        when quarter_from_lowest = 1 then case when polarity = 'low' then 'A' else 'D' end
        when quarter_from_lowest = 2 then case when polarity = 'low' then 'B' else 'C' end
        when quarter_from_lowest = 3 then case when polarity = 'low' then 'C' else 'B' end
        when quarter_from_lowest = 4 then case when polarity = 'low' then 'D' else 'A' end
    end as quartile_band,
    quartile_min,
    quartile_25,
    quartile_50,
    quartile_75,
    quartile_max
from banded

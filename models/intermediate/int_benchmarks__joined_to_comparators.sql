{#-
    Published benchmarks for every LA of la_lookup, indicator and year (year ending 31 March), from
    each indicator's preferred measure (seed benchmark_measures): the LA's own published value, England's,
    its region's and the mean of its statistical neighbours'.

    - Region: la_lookup.region_code, so a London borough is compared with Inner or Outer London
      (E13000001/2), which every benchmark source publishes, not with London as a whole.
    - Statistical neighbours: the model named by var('sn_model') ('2021' or '2025'). sn_value is the
      unweighted mean of the neighbours' published values for the same measure and year, skipping
      neighbours whose value is suppressed or missing (the DfE LAIT method); sn_median their median
      (the DfE's dashboards use the median); sn_count is how many were used (0 to 10; both are null
      at 0). Unrounded: round for display.
    - The LA's rank among all LAs and its quartile band for the year (int_benchmarks__ranked).
    - A row exists wherever the source publishes a row for the LA, number or not (la_status says
      why there is no number).
-#}
{%- set sn_model = var('sn_model') ~ '' -%}
{%- if sn_model not in ['2021', '2025'] -%}
    {{ exceptions.raise_compiler_error("var sn_model must be '2021' or '2025', not '" ~ sn_model ~ "'") }}
{%- endif -%}

with measures as (

    select measure_id, indicator_id, source_file
    from {{ ref('benchmark_measures') }}
    where is_preferred

),

published as (

    select
        benchmarks.measure_id,
        benchmarks.year,
        benchmarks.geographic_level,
        benchmarks.area_code,
        benchmarks.la_code,
        benchmarks.value,
        benchmarks.status
    from {{ ref('benchmarks') }} as benchmarks
    inner join measures on measures.measure_id = benchmarks.measure_id

),

own as (

    select
        published.la_code,
        published.measure_id,
        published.year,
        published.value as la_value,
        published.status as la_status,
        la_lookup.region_code
    from published
    inner join {{ ref('la_lookup') }} as la_lookup on la_lookup.la_code = published.la_code
    where published.geographic_level = 'la'

),

neighbours as (

    select la_code, neighbour_la_code
    from {{ ref('statistical_neighbours') }}
    where model = '{{ sn_model }}'

),

neighbour_average as (

    select
        own.la_code,
        own.measure_id,
        own.year,
        {{ exact_mean('neighbour_value.value') }} as sn_value,
        {{ median('neighbour_value.value') }} as sn_median,
        count(neighbour_value.value) as sn_count
    from own
    inner join neighbours on neighbours.la_code = own.la_code
    inner join published as neighbour_value
        on neighbour_value.geographic_level = 'la'
        and neighbour_value.la_code = neighbours.neighbour_la_code
        and neighbour_value.measure_id = own.measure_id
        and neighbour_value.year = own.year
    group by own.la_code, own.measure_id, own.year

)

select
    own.la_code,
    measures.indicator_id,
    own.year,
    own.la_value,
    own.la_status,
    england.value as england_value,
    own.region_code,
    region.value as region_value,
    neighbour_average.sn_value,
    neighbour_average.sn_median,
    coalesce(neighbour_average.sn_count, 0) as sn_count,
    '{{ sn_model }}' as sn_model,
    rankings.la_rank,
    rankings.la_rank_count,
    rankings.quartile_band,
    rankings.quartile_min,
    rankings.quartile_25,
    rankings.quartile_50,
    rankings.quartile_75,
    rankings.quartile_max,
    own.measure_id,
    measures.source_file
from own
inner join measures on measures.measure_id = own.measure_id
left join published as england
    on england.geographic_level = 'national'
    and england.measure_id = own.measure_id
    and england.year = own.year
left join published as region
    on region.geographic_level = 'regional'
    and region.area_code = own.region_code
    and region.measure_id = own.measure_id
    and region.year = own.year
left join neighbour_average
    on neighbour_average.la_code = own.la_code
    and neighbour_average.measure_id = own.measure_id
    and neighbour_average.year = own.year
left join {{ ref('int_benchmarks__ranked') }} as rankings
    on rankings.la_code = own.la_code
    and rankings.measure_id = own.measure_id
    and rankings.year = own.year

{#-
    Each statistical neighbour's own published value, named: one row per authority in the build,
    neighbour (the ten of model var('sn_model'), nearest first), indicator and year of the
    authority's benchmark_history (which covers every LA: the neighbours of any of them are a join
    of it with seed statistical_neighbours). The rows whose years_before_latest is 0 are the neighbours'
    values for the scorecard's benchmark_year; sn_value and sn_median there are the mean and median
    of these values. A neighbour with no published number that year has a null value and says why
    (status: the source's marker, or `missing` where the source has no row for it). Its rank and
    quartile band among all LAs are given too.
-#}
{%- set sn_model = var('sn_model') ~ '' %}

with history as (

    select la_code, la_name, indicator_id, benchmark_year, years_before_latest, in_five_year_trend, measure_id
    from {{ ref('benchmark_history') }}
    where la_code in (select la_code from {{ ref('int_reporting_windows__resolved') }})

),

neighbours as (

    select la_code, rank as neighbour_rank, neighbour_la_code, closeness
    from {{ ref('statistical_neighbours') }}
    where model = '{{ sn_model }}'

),

-- every LA's name: la_lookup's for a current LA, else the latest population estimate's (Cumbria 909,
-- a neighbour in the 2021 model, was replaced in 2023)
names as (

    select la_code, la_name from {{ ref('la_lookup') }}
    union all
    select population.la_code, population.area_name
    from {{ ref('population') }} as population
    where population.geographic_level = 'la'
        and population.la_code not in (select la_code from {{ ref('la_lookup') }})
        and population.mid_year = (
            select max(latest.mid_year) from {{ ref('population') }} as latest where latest.la_code = population.la_code
        )

)

select
    history.la_code,
    history.la_name,
    history.indicator_id,
    history.benchmark_year,
    history.years_before_latest,
    history.in_five_year_trend,
    '{{ sn_model }}' as sn_model,
    cast(neighbours.neighbour_rank as integer) as neighbour_rank,
    neighbours.neighbour_la_code,
    names.la_name as neighbour_la_name,
    neighbours.closeness,
    cast(rankings.value as {{ type_double() }}) as value,
    case when rankings.la_code is null then 'missing' else rankings.status end as status,
    case
        when rankings.la_code is null then 'not published: the source has no row for this authority and year'
        else rankings.status_reason
    end as status_reason,
    rankings.la_rank,
    rankings.la_rank_count,
    rankings.quartile_band,
    history.measure_id
from history
inner join neighbours on neighbours.la_code = history.la_code
left join {{ ref('int_benchmarks__ranked') }} as rankings
    on rankings.la_code = neighbours.neighbour_la_code
    and rankings.measure_id = history.measure_id
    and rankings.year = history.benchmark_year
left join names
    on names.la_code = neighbours.neighbour_la_code

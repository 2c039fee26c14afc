{#-
    The LAIT view of an indicator on its report page: the last five published years (the
    years_before_latest 0 to 4 of benchmark_history) of the authority, England, its region and its
    statistical neighbours (mean, as LAIT; median, as the DfE's dashboards), with the authority's
    rank and quartile band each year and this project's own year-end value beside its published one.

    Only for an authority in the build and an indicator whose published measure is comparable with
    one authority's value (report_indicator_charts.benchmark_comparable: a percentage, rate or number
    of days, or a count that is not a volume, such as a mean caseload). A volume (referrals, children
    looked after) is never set against England's total and gets no rank, so it has no rows here.
-#}
with charts as (

    select la_code, indicator_id
    from {{ ref('report_indicator_charts') }}
    where benchmark_comparable

),

history as (

    select * from {{ ref('benchmark_history') }} where in_five_year_trend

)

select
    cast(history.la_code as {{ dbt.type_string() }}) as la_code,
    cast(history.indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(history.benchmark_year as integer) as benchmark_year,
    cast(history.years_before_latest as integer) as years_before_latest,
    history.years_before_latest = 0 as is_latest,
    cast(history.la_name as {{ dbt.type_string() }}) as la_name,
    cast(history.unit as {{ dbt.type_string() }}) as unit,
    cast(history.polarity as {{ dbt.type_string() }}) as polarity,
    cast(history.published_la_value as {{ type_double() }}) as published_la_value,
    cast(history.published_la_status as {{ dbt.type_string() }}) as published_la_status,
    cast(history.england_value as {{ type_double() }}) as england_value,
    cast(history.region_name as {{ dbt.type_string() }}) as region_name,
    cast(history.region_value as {{ type_double() }}) as region_value,
    cast(history.sn_value as {{ type_double() }}) as sn_value,
    cast(history.sn_median as {{ type_double() }}) as sn_median,
    cast(history.sn_count as integer) as sn_count,
    cast(history.la_rank as integer) as la_rank,
    cast(history.la_rank_count as integer) as la_rank_count,
    cast(history.quartile_band as {{ dbt.type_string() }}) as quartile_band,
    cast(history.computed_year_end_value as {{ type_double() }}) as computed_year_end_value,
    cast(history.computed_minus_published as {{ type_double() }}) as computed_minus_published
from history
inner join charts
    on charts.la_code = history.la_code
    and charts.indicator_id = history.indicator_id

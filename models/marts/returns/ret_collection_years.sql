{#-
    The collection years a statutory return can be made for: per authority, the var returns_years
    (default 6) years ending 31 March up to the one that holds the as-at date. A collection year Y
    runs from 1 April Y-1 to 31 March Y (2026 = 2025-26), the census's ReferenceDate.

    The as-at date is the build's (int_reporting_windows__resolved); an authority with no front-door records
    (a warehouse built from an SSDA903 return alone) takes var as_at, else the latest date in its
    care records. A year is complete when it ends on or before the as-at date and starts on or after
    the authority's reporting window (when it has one): `runner returns` warns for an incomplete year.
-#}
{%- set n_years = var('returns_years', 6) | int %}

with authorities as (

    select distinct la_code from {{ ref('stg_ssd__person') }}

),

care_dates as (

    select la_code, episode_start_date as activity_date from {{ ref('stg_ssd__cla_episodes') }}
    union all
    select la_code, episode_ceased_date from {{ ref('stg_ssd__cla_episodes') }}

),

latest_care_date as (

    select la_code, max(activity_date) as latest_date
    from care_dates
    where activity_date <= {{ dbt.current_timestamp() }}
    group by la_code

),

as_at as (

    select
        authorities.la_code,
        windows.window_start,
        {%- if var('as_at') %}
        cast('{{ var("as_at") }}' as date) as as_at_date
        {%- else %}
        coalesce(windows.as_at_date, latest_care_date.latest_date) as as_at_date
        {%- endif %}
    from authorities
    left join {{ ref('int_reporting_windows__resolved') }} as windows on windows.la_code = authorities.la_code
    left join latest_care_date on latest_care_date.la_code = authorities.la_code

),

last_year as (

    select
        la_code,
        window_start,
        as_at_date,
        cast(extract(year from {{ dbt.dateadd('month', 9, 'as_at_date') }}) as integer) as last_collection_year
    from as_at
    where as_at_date is not null

),

offsets as (

    {%- for n in range(n_years) %}
    select {{ n }} as years_back{{ ' union all' if not loop.last }}
    {%- endfor %}

),

years as (

    select
        last_year.la_code,
        last_year.window_start,
        last_year.as_at_date,
        last_year.last_collection_year - offsets.years_back as collection_year
    from last_year
    cross join offsets

),

dated as (

    select
        la_code,
        collection_year,
        cast({{ dbt.concat(["cast(collection_year - 1 as " ~ dbt.type_string() ~ ")", "'-04-01'"]) }} as date) as year_start,
        cast({{ dbt.concat(["cast(collection_year as " ~ dbt.type_string() ~ ")", "'-03-31'"]) }} as date) as year_end,
        window_start,
        as_at_date
    from years

)

select
    la_code,
    collection_year,
    year_start,
    year_end,
    as_at_date,
    year_end <= as_at_date and (window_start is null or year_start >= window_start) as is_complete
from dated

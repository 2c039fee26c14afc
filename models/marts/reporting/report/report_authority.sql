{#-
    The authorities the report is built for: one row each, with the name and region the DfE
    publishes (la_lookup), the reporting window and the as-at date of the build, and the financial
    year the as-at date falls in (the year ending 31 March: 2025 for 2024-25). Every report page
    names the authority and the date from here.
-#}
with windows as (

    select la_code, window_start, as_at_date from {{ ref('int_reporting_windows__resolved') }}

),

authorities as (

    select la_code, la_name, region_code, region_name from {{ ref('la_lookup') }}

)

select
    cast(windows.la_code as {{ dbt.type_string() }}) as la_code,
    cast(coalesce(authorities.la_name, {{ dbt.concat(["'LA '", 'windows.la_code']) }}) as {{ dbt.type_string() }})
        as la_name,
    cast(authorities.region_code as {{ dbt.type_string() }}) as region_code,
    cast(authorities.region_name as {{ dbt.type_string() }}) as region_name,
    cast(windows.window_start as date) as window_start,
    cast(windows.as_at_date as date) as as_at_date,
    cast(extract(year from {{ financial_year_start('windows.as_at_date') }}) + 1 as integer) as financial_year
from windows
left join authorities
    on authorities.la_code = windows.la_code

{#-
    The child population (ONS mid-year estimate, ages 0 to 17) behind every rate per 10,000, for
    each authority and month end of its reporting window (indicators.md, Population): a period
    ending in the financial year that ends on 31 March N uses the mid-(N-1) estimate; where that
    year is not yet published, the latest one available (is_fallback, reported in dq_findings).
-#}
with months as (

    select
        la_code,
        month_end,
        extract(year from financial_year_start) as wanted_mid_year
    from {{ ref('int_reporting_windows__split_into_months') }}

),

population as (

    select la_code, mid_year, population
    from {{ ref('population') }}
    where geographic_level = 'la'

),

chosen as (

    select
        months.la_code,
        months.month_end,
        months.wanted_mid_year,
        max(population.mid_year) as mid_year
    from months
    inner join population
        on population.la_code = months.la_code
        and population.mid_year <= months.wanted_mid_year
    group by months.la_code, months.month_end, months.wanted_mid_year

)

select
    chosen.la_code,
    chosen.month_end,
    chosen.wanted_mid_year,
    chosen.mid_year,
    chosen.mid_year < chosen.wanted_mid_year as is_fallback,
    population.population
from chosen
inner join population
    on population.la_code = chosen.la_code
    and population.mid_year = chosen.mid_year

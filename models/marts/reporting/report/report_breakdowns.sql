{#-
    The breakdowns the report pages show: each broken-down indicator's headline period (the
    catalogue's: year to date for a flow, the month end for a stock) at the authority's as-at date,
    one row per dimension and category, in the order a table lists them (age bands youngest first,
    every other dimension largest first, "not recorded", "unknown" and "Refused" last), with the
    category's share of the indicator's cohort. The pages pick the indicator and dimension a
    committee asks about; the numbers are indicator_breakdowns' own.
-#}
with breakdowns as (

    select * from {{ ref('indicator_breakdowns') }}

),

authorities as (

    select la_code, as_at_date from {{ ref('report_authority') }}

),

catalogue as (

    select indicator_id, indicator_name, headline_period_type from {{ ref('indicator_catalogue') }}

),

at_as_at as (

    select
        breakdowns.*,
        catalogue.indicator_name,
        -- who the category holds: a count's count, a percentage's denominator
        case when breakdowns.unit = 'count' then breakdowns.value else breakdowns.denominator end as cohort
    from breakdowns
    inner join authorities
        on authorities.la_code = breakdowns.la_code
        and authorities.as_at_date = breakdowns.period_end
    inner join catalogue
        on catalogue.indicator_id = breakdowns.indicator_id
        and catalogue.headline_period_type = breakdowns.period_type

),

ordered as (

    select
        at_as_at.*,
        100.0 * cohort / nullif(sum(cohort) over (partition by la_code, indicator_id, dimension), 0) as share_pct,
        row_number() over (
            partition by la_code, indicator_id, dimension
            order by
                case when category in ('not recorded', 'Not recorded', 'unknown', 'Refused') then 1 else 0 end,
                case when dimension = 'age_band' then
                    case category
                        when 'under 1' then 1 when '1 to 4' then 2 when '5 to 9' then 3
                        when '10 to 15' then 4 when '16 and over' then 5
                    end
                end,
                cohort desc,
                category
        ) as category_order
    from at_as_at

)

select
    cast(la_code as {{ dbt.type_string() }}) as la_code,
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(indicator_name as {{ dbt.type_string() }}) as indicator_name,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(dimension as {{ dbt.type_string() }}) as dimension,
    cast(
        case dimension
            when 'ethnicity_group' then 'Ethnic group'
            when 'age_band' then 'Age'
            when 'sex' then 'Sex'
            when 'disability' then 'Disability'
            when 'team' then 'Team'
        end as {{ dbt.type_string() }}
    ) as dimension_label,
    cast(category as {{ dbt.type_string() }}) as category,
    cast(category_order as {{ dbt.type_bigint() }}) as category_order,
    cast(numerator as {{ dbt.type_bigint() }}) as numerator,
    cast(denominator as {{ dbt.type_bigint() }}) as denominator,
    cast(value as {{ type_double() }}) as value,
    cast(unit as {{ dbt.type_string() }}) as unit,
    cast(share_pct as {{ type_double() }}) as share_pct
from ordered

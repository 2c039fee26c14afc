{#-
    How many children and records each exception list holds at the as-at date, one row per authority
    and list: the only part of the exception lists the report shows (the lists themselves carry
    person ids and stay internal: `runner export --exceptions`). A list whose indicator cannot be
    produced (its source table was not supplied) says so (is_available = false) and counts null,
    never 0. The period is the indicator period the list's rows belong to.
-#}
with catalogue as (

    select * from {{ ref('exception_list_catalogue') }}

),

authorities as (

    select la_code, as_at_date from {{ ref('int_reporting_windows__resolved') }}

),

counts as (

    select
        la_code,
        list_id,
        min(period_start) as period_start,
        count(distinct person_id) as children,
        count(*) as records
    from {{ ref('exception_lists') }}
    group by la_code, list_id

)

select
    cast(authorities.la_code as {{ dbt.type_string() }}) as la_code,
    cast(catalogue.list_id as {{ dbt.type_string() }}) as list_id,
    cast(catalogue.display_order as integer) as display_order,
    cast(catalogue.list_name as {{ dbt.type_string() }}) as list_name,
    cast(catalogue.indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(catalogue.period_type as {{ dbt.type_string() }}) as period_type,
    cast(catalogue.counted_by as {{ dbt.type_string() }}) as counted_by,
    cast(catalogue.description as {{ dbt.type_string() }}) as description,
    cast(case
        when catalogue.period_type = 'month' then {{ month_start('authorities.as_at_date') }}
        when catalogue.period_type = 'ytd' then coalesce(counts.period_start, {{ financial_year_start('authorities.as_at_date') }})
        else authorities.as_at_date
    end as date) as period_start,
    cast(authorities.as_at_date as date) as period_end,
    available.indicator_id is not null as is_available,
    cast(case when available.indicator_id is not null then coalesce(counts.children, 0) end as {{ dbt.type_bigint() }})
        as children,
    cast(case when available.indicator_id is not null then coalesce(counts.records, 0) end as {{ dbt.type_bigint() }})
        as records
from authorities
cross join catalogue
left join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
    on available.la_code = authorities.la_code
    and available.indicator_id = catalogue.indicator_id
left join counts
    on counts.la_code = authorities.la_code
    and counts.list_id = catalogue.list_id

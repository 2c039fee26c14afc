{#- Which indicators each authority can have: those whose every source table was supplied for it
    (indicators.md: an indicator whose source table is absent is not produced, never shown as 0).
    The tables supplied per authority come from the runner's intake manifest. -#}
with supplied as (

    select distinct la_code, table_name from {{ ref('stg_intake__files') }}

),

catalogue as (

    select
        *,
        {{ dbt.length('source_tables') }} - {{ dbt.length(dbt.replace('source_tables', "' '", "''")) }} + 1
            as source_table_count
    from {{ ref('indicator_catalogue') }}

),

matched as (

    select
        supplied.la_code,
        catalogue.indicator_id,
        count(*) as supplied_table_count
    from catalogue
    inner join supplied
        on {{ dbt.concat(["' '", "catalogue.source_tables", "' '"]) }}
            like {{ dbt.concat(["'% '", "supplied.table_name", "' %'"]) }}
    group by supplied.la_code, catalogue.indicator_id

)

select
    matched.la_code,
    catalogue.indicator_id,
    catalogue.family,
    catalogue.unit,
    catalogue.measure_type
from matched
inner join catalogue on catalogue.indicator_id = matched.indicator_id
where matched.supplied_table_count = catalogue.source_table_count

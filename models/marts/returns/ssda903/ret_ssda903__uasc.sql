{#-
    SSDA903 UASC file: one row per child in the year's header who was an unaccompanied asylum-seeking
    child (fct_immigration_status.is_uasc) on any day of the collection year before their 18th birthday,
    when UASC status ends (a status the SSD leaves open past 18 does not make an adult UASC). DUC, the
    date the status ceased: its end when that is on or before 31 March and before the 18th birthday,
    else the 18th birthday (DfE rule 304: never after it).
-#}
with statuses as (

    select
        years.la_code,
        years.collection_year,
        years.year_start,
        years.year_end,
        statuses.person_id,
        statuses.status_end_date,
        row_number() over (
            partition by years.la_code, years.collection_year, statuses.person_id
            order by coalesce(statuses.status_end_date, years.year_end) desc, statuses.immigration_status_id desc
        ) as pick
    from {{ ref('fct_immigration_status') }} as statuses
    inner join {{ ref('ret_collection_years') }} as years on years.la_code = statuses.la_code
    where statuses.is_uasc
        and (statuses.status_start_date is null or statuses.status_start_date <= years.year_end)
        and (statuses.status_end_date is null or statuses.status_end_date >= years.year_start)

)

select
    header.la_code,
    header.collection_year,
    header.child,
    header.sex,
    header.dob,
    case
        when statuses.status_end_date <= statuses.year_end
            and statuses.status_end_date < cast({{ dbt.dateadd('year', 18, 'header.dob') }} as date)
            then statuses.status_end_date
        else cast({{ dbt.dateadd('year', 18, 'header.dob') }} as date)
    end as duc
from {{ ref('ret_ssda903__header') }} as header
inner join statuses
    on statuses.la_code = header.la_code
    and statuses.collection_year = header.collection_year
    and statuses.person_id = header.child
    and statuses.pick = 1
where cast({{ dbt.dateadd('year', 18, 'header.dob') }} as date) > statuses.year_start

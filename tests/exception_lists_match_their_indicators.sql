{#-
    Every exception list is the children behind one indicator's missed timescale at the as-at date
    (models/marts/exceptions): its count must equal that indicator's denominator minus numerator
    (for a count indicator, cp_open_18m_plus, its value) in the row for the list's period type
    ending at the as-at date. Lists of events count rows; lists of children count distinct
    children. A list with rows whose indicator has no such row fails too, except a financial year
    to date that the reporting window does not cover whole (no ytd row). The open assessments
    list has no indicator of its own (assessment_45wd_pct counts authorised assessments) and is
    not compared. Returns the disagreements.
-#}
with catalogue as (

    select * from {{ ref('exception_list_catalogue') }}
    where list_id <> 'open_assessments_over_45wd'

),

authorities as (

    select la_code, as_at_date from {{ ref('int_reporting_windows__resolved') }}

),

listed as (

    select
        la_code,
        list_id,
        count(*) as listed_rows,
        count(distinct person_id) as listed_children
    from {{ ref('exception_lists') }}
    group by la_code, list_id

),

expected as (

    select
        authorities.la_code,
        catalogue.list_id,
        catalogue.counted_by,
        catalogue.period_type,
        indicator_values.indicator_id as found_indicator,
        case
            when indicator_values.unit = 'count' then cast(indicator_values.value as {{ dbt.type_bigint() }})
            else indicator_values.denominator - indicator_values.numerator
        end as missed
    from authorities
    cross join catalogue
    left join {{ ref('indicator_values') }} as indicator_values
        on indicator_values.la_code = authorities.la_code
        and indicator_values.indicator_id = catalogue.indicator_id
        and indicator_values.period_type = catalogue.period_type
        and indicator_values.period_end = authorities.as_at_date

)

select
    expected.la_code,
    expected.list_id,
    expected.missed,
    listed.listed_rows,
    listed.listed_children
from expected
left join listed
    on listed.la_code = expected.la_code
    and listed.list_id = expected.list_id
where not (expected.found_indicator is null and expected.period_type = 'ytd')
    and coalesce(expected.missed, 0) <> coalesce(
    case when expected.counted_by = 'children' then listed.listed_children else listed.listed_rows end, 0
)

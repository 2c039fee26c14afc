{#- Every `fy` row of indicator_values is the indicator's headline period type at 31 March (a flow's
    ytd, a rate's rolling_12m, a stock's snapshot) with the same numerator, denominator, value and
    unit, and runs from 1 April; and every such 31 March row has its `fy` row. Returned rows are
    fy rows without their twin, twins without their fy row, or pairs that differ. -#}
with catalogue as (

    select indicator_id, headline_period_type from {{ ref('indicator_catalogue') }}

),

fy as (

    select * from {{ ref('indicator_values') }} where period_type = 'fy'

),

year_end as (

    select indicator_values.*
    from {{ ref('indicator_values') }} as indicator_values
    inner join catalogue
        on catalogue.indicator_id = indicator_values.indicator_id
        and catalogue.headline_period_type = indicator_values.period_type
    where indicator_values.period_type in ('ytd', 'rolling_12m', 'snapshot')
        and extract(month from indicator_values.period_end) = 3
        and extract(day from indicator_values.period_end) = 31

)

select
    coalesce(fy.la_code, year_end.la_code) as la_code,
    coalesce(fy.indicator_id, year_end.indicator_id) as indicator_id,
    coalesce(fy.period_end, year_end.period_end) as period_end,
    case
        when year_end.la_code is null then 'fy row without a 31 March ' || 'row of the headline period type'
        when fy.la_code is null then year_end.period_type || ' row at 31 March without its fy row'
        when fy.period_start <> cast({{ dbt.dateadd('day', 1, years_before('fy.period_end', 1)) }} as date)
            then 'fy row does not start on 1 April'
        else 'fy row differs from the ' || year_end.period_type || ' row at 31 March'
    end as problem
from fy
full outer join year_end
    on year_end.la_code = fy.la_code
    and year_end.indicator_id = fy.indicator_id
    and year_end.period_end = fy.period_end
where fy.la_code is null
    or year_end.la_code is null
    or fy.period_start <> cast({{ dbt.dateadd('day', 1, years_before('fy.period_end', 1)) }} as date)
    or fy.numerator is distinct from year_end.numerator
    or fy.denominator is distinct from year_end.denominator
    or fy.value is distinct from year_end.value
    or fy.unit <> year_end.unit

{#- The categories of every breakdown partition their indicator's cohort (indicators.md,
    "Breakdowns"): for every indicator_values row that is broken down (a count or percent indicator
    about children, its month, ytd and rolling_12m rows for a flow, its snapshots for a stock) and every
    dimension, the categories' numerators and denominators (a count's values) add up to the row's
    own; and no breakdown row lacks its indicator_values row. A category with no members has no row,
    so a dimension with no rows adds up to 0. Returned rows are the sums that differ. -#}
{%- set dimensions = breakdown_dimensions() %}

with totals as (

    select la_code, indicator_id, unit, period_type, period_end, numerator, denominator, value
    from {{ ref('indicator_values') }}
    where period_type in ('month', 'ytd', 'rolling_12m', 'snapshot')
        and {{ in_breakdowns('unit', 'indicator_id') }}

),

expected as (

    {%- for dimension in dimensions %}
    select totals.*, '{{ dimension }}' as dimension from totals
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

added_up as (

    select
        la_code, indicator_id, period_type, period_end, dimension,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(case when unit = 'count' then value end) as count_value,
        count(*) as categories
    from {{ ref('indicator_breakdowns') }}
    group by la_code, indicator_id, period_type, period_end, dimension

)

select
    coalesce(expected.la_code, added_up.la_code) as la_code,
    coalesce(expected.indicator_id, added_up.indicator_id) as indicator_id,
    coalesce(expected.period_type, added_up.period_type) as period_type,
    coalesce(expected.period_end, added_up.period_end) as period_end,
    coalesce(expected.dimension, added_up.dimension) as dimension,
    expected.numerator as indicator_numerator,
    added_up.numerator as categories_numerator,
    expected.denominator as indicator_denominator,
    added_up.denominator as categories_denominator,
    expected.value as indicator_value,
    added_up.count_value as categories_value
from expected
full outer join added_up
    on added_up.la_code = expected.la_code
    and added_up.indicator_id = expected.indicator_id
    and added_up.period_type = expected.period_type
    and added_up.period_end = expected.period_end
    and added_up.dimension = expected.dimension
where expected.la_code is null
    or (expected.unit = 'count' and coalesce(added_up.count_value, 0) <> coalesce(expected.value, 0))
    or (expected.unit <> 'count' and (
        coalesce(added_up.numerator, 0) <> coalesce(expected.numerator, 0)
        or coalesce(added_up.denominator, 0) <> coalesce(expected.denominator, 0)
    ))

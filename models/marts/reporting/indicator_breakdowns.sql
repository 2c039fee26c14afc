{#-
    Every count and percent indicator about children or their events, broken down by ethnicity
    group, age band, sex, disability and team (indicators.md, "Breakdowns"): one row per authority,
    indicator, period (month, ytd and rolling_12m for flows, snapshot at every month end for stocks:
    the rows of indicator_values of those types), dimension and category with members. The months
    are there because the totals give them anyway (ytd at April is April; ytd at May minus ytd at
    April is May): published, the suppression step sees them and hides every total that contains a
    suppressed month, as it does for indicator_values. The members'
    categories come from ind_members__attributed; they are rolled up exactly as the family models
    roll up the members, so a dimension's categories add up to the indicator's own numerator and
    denominator (tests/breakdowns_add_up_to_their_indicator.sql checks every one):

    - flows summed from months: each category's members by month, then the months of the period;
    - distinct over a period (cla_missing_children, cla_missing_pct, cla_iha_20wd_pct): each id
      counted once, in the categories of its first member in the period (age band and team on
      that date), in the numerator when any of its rows in the period is;
    - stocks: the distinct ids at d in each category (an id's categories at d are the child's).

    Counts carry their count as the value and no numerator or denominator, as in indicator_values.
    Published only through the suppression step (runner/suppression.py: a small category, and the
    next smallest beside it, are suppressed so none can be recovered from the total).
-#}
{%- set dimensions = breakdown_dimensions() %}
{%- set over_period = distinct_over_period_indicators() %}
{%- set categories = dimensions | join(', ') %}

with members as (

    select * from {{ ref('ind_members__attributed') }}

),

periods as (

    select
        indicator_values.la_code,
        indicator_values.indicator_id,
        indicator_values.unit,
        indicator_values.period_type,
        indicator_values.period_start,
        indicator_values.period_end
    from {{ ref('indicator_values') }} as indicator_values
    where indicator_values.period_type in ('month', 'ytd', 'rolling_12m', 'snapshot')
        and {{ in_breakdowns('indicator_values.unit', 'indicator_values.indicator_id') }}

),

-- flows summed from months: aggregate by month first, then add up the months of each period
flow_months as (

    select
        la_code, indicator_id, month_start, {{ categories }},
        sum(case when in_numerator then coalesce(measure_value, 1) else 0 end) as numerator,
        sum(case when in_denominator then 1 else 0 end) as denominator
    from members
    where measure_type = 'flow'
        and indicator_id not in ('{{ over_period | join("', '") }}')
    group by la_code, indicator_id, month_start, {{ categories }}

),

flow_cells as (

    select
        periods.la_code, periods.indicator_id, periods.unit, periods.period_type, periods.period_start,
        periods.period_end,
        {%- for dimension in dimensions %}
        flow_months.{{ dimension }},
        {%- endfor %}
        sum(flow_months.numerator) as numerator,
        sum(flow_months.denominator) as denominator
    from periods
    inner join flow_months
        on flow_months.la_code = periods.la_code
        and flow_months.indicator_id = periods.indicator_id
        and flow_months.month_start >= periods.period_start
        and flow_months.month_start <= periods.period_end
    where periods.period_type in ('month', 'ytd', 'rolling_12m')
    group by
        periods.la_code, periods.indicator_id, periods.unit, periods.period_type, periods.period_start,
        periods.period_end, {% for dimension in dimensions %}flow_months.{{ dimension }}{% if not loop.last %}, {% endif %}{% endfor %}

),

-- distinct ids over a period: each id once, in the categories of its first member in the period
period_members as (

    select
        periods.la_code, periods.indicator_id, periods.unit, periods.period_type, periods.period_start,
        periods.period_end, members.counted_id,
        {%- for dimension in dimensions %}
        members.{{ dimension }},
        {%- endfor %}
        max(case when members.in_numerator then 1 else 0 end) over (
            partition by periods.la_code, periods.indicator_id, periods.period_type, periods.period_end,
                members.counted_id
        ) as in_numerator,
        max(case when members.in_denominator then 1 else 0 end) over (
            partition by periods.la_code, periods.indicator_id, periods.period_type, periods.period_end,
                members.counted_id
        ) as in_denominator,
        row_number() over (
            partition by periods.la_code, periods.indicator_id, periods.period_type, periods.period_end,
                members.counted_id
            order by members.member_date, members.event_id
        ) as first_in_period
    from periods
    inner join members
        on members.la_code = periods.la_code
        and members.indicator_id = periods.indicator_id
        and members.month_start >= periods.period_start
        and members.month_start <= periods.period_end
        and (members.counts_from is null or members.counts_from <= periods.period_end)
    where periods.period_type in ('month', 'ytd', 'rolling_12m')
        and members.indicator_id in ('{{ over_period | join("', '") }}')

),

period_cells as (

    select
        la_code, indicator_id, unit, period_type, period_start, period_end, {{ categories }},
        sum(in_numerator) as numerator,
        sum(in_denominator) as denominator
    from period_members
    where first_in_period = 1
    group by la_code, indicator_id, unit, period_type, period_start, period_end, {{ categories }}

),

-- stocks: the distinct ids at each month end d, by the child's categories at d
stock_cells as (

    select
        periods.la_code, periods.indicator_id, periods.unit, periods.period_type, periods.period_start,
        periods.period_end,
        {%- for dimension in dimensions %}
        members.{{ dimension }},
        {%- endfor %}
        count(distinct case when members.in_numerator then members.counted_id end) as numerator,
        count(distinct case when members.in_denominator then members.counted_id end) as denominator
    from periods
    inner join members
        on members.la_code = periods.la_code
        and members.indicator_id = periods.indicator_id
        and members.member_date = periods.period_end
    where periods.period_type = 'snapshot'
        and members.measure_type = 'stock'
    group by
        periods.la_code, periods.indicator_id, periods.unit, periods.period_type, periods.period_start,
        periods.period_end, {% for dimension in dimensions %}members.{{ dimension }}{% if not loop.last %}, {% endif %}{% endfor %}

),

cells as (

    select * from flow_cells
    union all
    select * from period_cells
    union all
    select * from stock_cells

),

-- one row per dimension and category: the cells (every combination of categories) added up
categories as (

    {%- for dimension in dimensions %}
    select
        la_code, indicator_id, unit, period_type, period_start, period_end,
        '{{ dimension }}' as dimension,
        {{ dimension }} as category,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from cells
    group by la_code, indicator_id, unit, period_type, period_start, period_end, {{ dimension }}
    {%- if not loop.last %}

    union all
    {% endif %}
    {%- endfor %}

)

select
    cast(la_code as {{ dbt.type_string() }}) as la_code,
    cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(dimension as {{ dbt.type_string() }}) as dimension,
    cast(category as {{ dbt.type_string() }}) as category,
    cast(case when unit = 'count' then null else numerator end as {{ dbt.type_bigint() }}) as numerator,
    cast(case when unit = 'count' then null else denominator end as {{ dbt.type_bigint() }}) as denominator,
    cast({{ indicator_value('unit', 'numerator', 'denominator') }} as {{ type_double() }}) as value,
    cast(unit as {{ dbt.type_string() }}) as unit
from categories

{#-
    The period logic every indicator family shares (indicators.md, Conventions).

    Each family model reads its members (models/marts/indicators/members: one row per indicator
    and thing counted, in the shape macros/members.sql makes) and rolls them up here:

    - roll_up_flows: additive flows, aggregated by month first and rolled up second: `ytd` and
      `rolling_12m` are window sums over the dense monthly series, never a join of every event to
      every period;
    - roll_up_snapshots: stocks, distinct ids at every month end;
    - roll_up_periods: measures that cannot be summed from months (distinct children over a
      period, a cohort that depends on the period's end), each flow period meeting its members;
    - rates_per_10k and indicator_rows.
-#}

{#- CTEs (to follow the caller's own) that turn the `members` of a family's flow `indicators`
    into rows for `month`, `ytd` and `rolling_12m` ending at every month end of the reporting
    window, where the authority supplied their source tables. A month's numerator is its members
    in the numerator (each counting 1, or its measure_value: adm_to_match_days sums days), its
    denominator its members in the denominator. Months without members count 0. `ytd` and
    `rolling_12m` rows are produced only when the whole period lies inside the reporting window, so
    no total is silently partial. -#}
{% macro roll_up_flows(members, indicators) -%}
flow_parts as (

    select
        la_code,
        indicator_id,
        month_start,
        sum(case when in_numerator then coalesce(measure_value, 1) else 0 end) as numerator,
        sum(case when in_denominator then 1 else 0 end) as denominator
    from {{ members }}
    where indicator_id in ('{{ indicators | join("', '") }}')
    group by la_code, indicator_id, month_start

),

flow_spine as (

    select
        months.la_code,
        available.indicator_id,
        available.unit,
        months.month_start,
        months.month_end,
        months.financial_year_start,
        months.window_start
    from {{ ref('int_reporting_windows__split_into_months') }} as months
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = months.la_code
        and available.indicator_id in ('{{ indicators | join("', '") }}')

),

flow_months as (

    select
        flow_spine.*,
        coalesce(flow_parts.numerator, 0) as numerator,
        coalesce(flow_parts.denominator, 0) as denominator
    from flow_spine
    left join flow_parts
        on flow_parts.la_code = flow_spine.la_code
        and flow_parts.indicator_id = flow_spine.indicator_id
        and flow_parts.month_start = flow_spine.month_start

),

flow_windows as (

    select
        flow_months.*,
        sum(numerator) over (
            partition by la_code, indicator_id, financial_year_start order by month_start
            rows between unbounded preceding and current row
        ) as ytd_numerator,
        sum(denominator) over (
            partition by la_code, indicator_id, financial_year_start order by month_start
            rows between unbounded preceding and current row
        ) as ytd_denominator,
        sum(numerator) over (
            partition by la_code, indicator_id order by month_start rows between 11 preceding and current row
        ) as rolling_numerator,
        sum(denominator) over (
            partition by la_code, indicator_id order by month_start rows between 11 preceding and current row
        ) as rolling_denominator,
        cast({{ dbt.dateadd('day', 1, years_before('month_end', 1)) }} as date) as rolling_start
    from flow_months

),

flow_periods as (

    select la_code, indicator_id, unit, 'month' as period_type, month_start as period_start,
        month_end as period_end, numerator, denominator
    from flow_windows

    union all

    select la_code, indicator_id, unit, 'ytd' as period_type, financial_year_start as period_start,
        month_end as period_end, ytd_numerator as numerator, ytd_denominator as denominator
    from flow_windows
    where financial_year_start >= window_start

    union all

    select la_code, indicator_id, unit, 'rolling_12m' as period_type, rolling_start as period_start,
        month_end as period_end, rolling_numerator as numerator, rolling_denominator as denominator
    from flow_windows
    where rolling_start >= window_start

)
{%- endmacro %}


{#- CTEs (to follow the caller's own) that count, at every month end d of the reporting window,
    the distinct ids (children, or plans) among the `members` of the family's stock `indicators`
    (member_date = d). A count indicator counts its numerator ids; a percentage divides them by its
    denominator ids. Month ends with nothing open count 0. -#}
{% macro roll_up_snapshots(members, indicators) -%}
snapshot_counts as (

    select
        la_code,
        indicator_id,
        member_date as month_end,
        count(distinct case when in_numerator then counted_id end) as numerator,
        count(distinct case when in_denominator then counted_id end) as denominator
    from {{ members }}
    where indicator_id in ('{{ indicators | join("', '") }}')
    group by la_code, indicator_id, member_date

),

snapshot_periods as (

    select
        months.la_code,
        available.indicator_id,
        available.unit,
        'snapshot' as period_type,
        months.month_end as period_start,
        months.month_end as period_end,
        coalesce(snapshot_counts.numerator, 0) as numerator,
        coalesce(snapshot_counts.denominator, 0) as denominator
    from {{ ref('int_reporting_windows__split_into_months') }} as months
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = months.la_code
        and available.indicator_id in ('{{ indicators | join("', '") }}')
    left join snapshot_counts
        on snapshot_counts.la_code = months.la_code
        and snapshot_counts.indicator_id = available.indicator_id
        and snapshot_counts.month_end = months.month_end

)
{%- endmacro %}


{#- CTEs (to follow the caller's own) for the flow `indicators` that cannot be summed from months:
    for every month, ytd and rolling_12m period of dim_period, the distinct ids among the `members`
    dated in the period's months (first_month to last_month) that count by its end (counts_from
    null, or on or before period_end): cla_missing_children counts each child once however often
    they went missing; cla_iha_20wd_pct's cohort depends on the period's end. Each member meets the
    (at most 12) periods of a type that contain it. Periods without members count 0. -#}
{% macro roll_up_periods(members, indicators) -%}
period_spine as (

    select
        periods.la_code,
        available.indicator_id,
        available.unit,
        periods.period_type,
        periods.period_start,
        periods.period_end,
        periods.first_month,
        periods.last_month
    from {{ ref('dim_period') }} as periods
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = periods.la_code
        and available.indicator_id in ('{{ indicators | join("', '") }}')
    where periods.period_type in ('month', 'ytd', 'rolling_12m')

),

period_counts as (

    select
        spine.la_code,
        spine.indicator_id,
        spine.period_type,
        spine.period_end,
        count(distinct case when members.in_numerator then members.counted_id end) as numerator,
        count(distinct case when members.in_denominator then members.counted_id end) as denominator
    from period_spine as spine
    inner join {{ members }} as members
        on members.la_code = spine.la_code
        and members.indicator_id = spine.indicator_id
        and members.month_start >= spine.first_month
        and members.month_start <= spine.last_month
        and (members.counts_from is null or members.counts_from <= spine.period_end)
    group by spine.la_code, spine.indicator_id, spine.period_type, spine.period_end

),

distinct_periods as (

    select
        spine.la_code,
        spine.indicator_id,
        spine.unit,
        spine.period_type,
        spine.period_start,
        spine.period_end,
        coalesce(period_counts.numerator, 0) as numerator,
        coalesce(period_counts.denominator, 0) as denominator
    from period_spine as spine
    left join period_counts
        on period_counts.la_code = spine.la_code
        and period_counts.indicator_id = spine.indicator_id
        and period_counts.period_type = spine.period_type
        and period_counts.period_end = spine.period_end

)
{%- endmacro %}


{#- A CTE `rate_periods` of rates per 10,000 children, from count rows already made: `rates` maps
    each rate indicator to [its count indicator, [period types]]. The denominator is the ONS
    population of the period's end (int_populations__matched_to_months, the DfE's year rule); a rate over a
    ytd or rolling_12m flow uses that period's count unscaled. -#}
{% macro rates_per_10k(count_ctes, rates) -%}
rate_periods as (

    {%- for rate_id, spec in rates.items() %}
    {%- set count_id, period_types = spec %}
    {%- for count_cte in count_ctes %}
    select
        counts.la_code,
        '{{ rate_id }}' as indicator_id,
        'rate_per_10k' as unit,
        counts.period_type,
        counts.period_start,
        counts.period_end,
        counts.numerator,
        population.population as denominator
    from {{ count_cte }} as counts
    inner join {{ ref('int_populations__matched_to_months') }} as population
        on population.la_code = counts.la_code
        and population.month_end = counts.period_end
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = counts.la_code
        and available.indicator_id = '{{ rate_id }}'
    where counts.indicator_id = '{{ count_id }}'
        and counts.period_type in ('{{ period_types | join("', '") }}')
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)
{%- endmacro %}


{#- The family model's final select: every period CTE (la_code, indicator_id, unit, period_type,
    period_start, period_end, numerator, denominator) with its value, and every CTE that brings its
    own value (medians), in the output contract's shape. Counts carry no numerator or denominator. -#}
{% macro indicator_rows(period_ctes, valued_ctes=[]) -%}
with_values as (

    {%- for cte in period_ctes %}
    select
        la_code, indicator_id, unit, period_type, period_start, period_end, numerator, denominator,
        {{ indicator_value('unit', 'numerator', 'denominator') }} as value
    from {{ cte }}
    {%- if not loop.last or valued_ctes %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- for cte in valued_ctes %}
    select la_code, indicator_id, unit, period_type, period_start, period_end, numerator, denominator, value
    from {{ cte }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select
    la_code,
    indicator_id,
    period_type,
    period_start,
    period_end,
    case when unit = 'count' then null else numerator end as numerator,
    case when unit = 'count' then null else denominator end as denominator,
    value,
    unit
from with_values
{%- endmacro %}


{#- The indicator's value from its numerator and denominator, by unit: a count is the numerator;
    a percentage is 0-100, unrounded; a rate is per 10,000 of the denominator (a population); days
    are a mean (total days over cases). A zero denominator gives null, never 0. -#}
{% macro indicator_value(unit, numerator, denominator) -%}
    case
        when {{ unit }} = 'count' then cast({{ numerator }} as {{ type_double() }})
        when {{ unit }} = 'percent' then 100.0 * {{ numerator }} / nullif({{ denominator }}, 0)
        when {{ unit }} = 'rate_per_10k' then 10000.0 * {{ numerator }} / nullif({{ denominator }}, 0)
        when {{ unit }} = 'days' then cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
    end
{%- endmacro %}

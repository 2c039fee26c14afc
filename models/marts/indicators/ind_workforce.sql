{#-
    The workforce (indicators.md, "workforce"): agency social workers and the average social
    worker caseload, a snapshot at the build's as-at date only (the SSD holds current staff, no
    history); one row per authority and indicator. Definitions:
    models/marts/indicators/_indicators__docs.md; who is counted: ind_workforce__members.

    The agency share is of full-time equivalents, so its numerator and denominator are FTE (rounded
    to whole posts in the output; the value is from the exact FTE). sw_caseload_avg is a mean
    caseload (unit count, since a caseload is a count of children), with no numerator or
    denominator.
-#}
{%- set as_at_indicators = ['agency_sw_pct', 'sw_caseload_avg'] %}

with members as (

    select * from {{ ref('ind_workforce__members') }}

),

-- FTE and caseloads are added as exact decimals (exact_sum, exact_mean): a floating-point sum
-- (0.8 + 0.9 + ...) depends on the order the rows are added in, and would change in its last
-- digits from one build to the next
social_workers as (

    select
        la_code,
        {{ exact_sum("case when indicator_id = 'agency_sw_pct' and in_numerator then measure_value else 0 end") }}
            as agency_fte,
        {{ exact_sum("case when indicator_id = 'agency_sw_pct' then measure_value end") }} as all_fte,
        {{ exact_mean("case when indicator_id = 'sw_caseload_avg' then measure_value end") }} as mean_caseload
    from members
    group by la_code

),

workforce_periods as (

    select
        reporting_window.la_code,
        available.indicator_id,
        available.unit,
        'snapshot' as period_type,
        reporting_window.as_at_date as period_start,
        reporting_window.as_at_date as period_end,
        case when available.indicator_id = 'agency_sw_pct'
            then cast(round(coalesce(social_workers.agency_fte, 0), 0) as {{ dbt.type_bigint() }}) end as numerator,
        case when available.indicator_id = 'agency_sw_pct'
            then cast(round(coalesce(social_workers.all_fte, 0), 0) as {{ dbt.type_bigint() }}) end as denominator,
        case
            when available.indicator_id = 'agency_sw_pct'
                then 100.0 * social_workers.agency_fte / nullif(social_workers.all_fte, 0)
            else cast(social_workers.mean_caseload as {{ type_double() }})
        end as value
    from {{ ref('int_reporting_windows__resolved') }} as reporting_window
    inner join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = reporting_window.la_code
        and available.indicator_id in ('{{ as_at_indicators | join("', '") }}')
    left join social_workers
        on social_workers.la_code = reporting_window.la_code

),

{{ indicator_rows([], ['workforce_periods']) }}

{#-
    Every reporting period of each authority (indicators.md, Conventions), ending at every month
    end of its reporting window: month, ytd (from 1 April), rolling_12m (the 12 months ending the
    period end: d - 1 year < x <= d) and snapshot (as at the month end; start = end). A ytd or
    rolling_12m is listed only when it lies wholly inside the window. first_month and last_month
    are the calendar months a flow period covers, for measures that cannot be summed from months
    (medians, distinct counts) and must meet their events per period.
-#}
with months as (

    select * from {{ ref('int_reporting_windows__split_into_months') }}

),

periods as (

    select la_code, 'month' as period_type, month_start as period_start, month_end as period_end,
        month_start as first_month, month_start as last_month
    from months

    union all

    select la_code, 'ytd' as period_type, financial_year_start as period_start, month_end as period_end,
        financial_year_start as first_month, month_start as last_month
    from months
    where financial_year_start >= window_start

    union all

    select la_code, 'rolling_12m' as period_type,
        cast({{ dbt.dateadd('day', 1, years_before('month_end', 1)) }} as date) as period_start,
        month_end as period_end,
        {{ months_before('month_start', 11) }} as first_month,
        month_start as last_month
    from months
    where cast({{ dbt.dateadd('day', 1, years_before('month_end', 1)) }} as date) >= window_start

    union all

    select la_code, 'snapshot' as period_type, month_end as period_start, month_end as period_end,
        month_start as first_month, month_start as last_month
    from months

)

select * from periods

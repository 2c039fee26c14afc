{#- Every calendar month of each authority's reporting window, ending with the as-at month. A month
    that the as-at date cuts short is not reported (the as-at date is a month end by default). -#}
with months as (

    select distinct month_start, financial_year_start
    from {{ ref('dim_date') }}

)

select
    reporting_window.la_code,
    months.month_start,
    {{ month_end('months.month_start') }} as month_end,
    months.financial_year_start,
    reporting_window.window_start,
    reporting_window.as_at_date
from {{ ref('int_reporting_windows__resolved') }} as reporting_window
inner join months
    on months.month_start >= reporting_window.window_start
    and {{ month_end('months.month_start') }} <= reporting_window.as_at_date

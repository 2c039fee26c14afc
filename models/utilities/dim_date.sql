{#-
    One row per day, from var('calendar_start') (1 January 2010) to 2035, with England and Wales bank holidays and a running working-day
    number: working_day_number(d) = the working days (Monday to Friday, not a bank holiday) on or
    before d since the calendar's start. So wd(a, b), the working days x with a < x <= b, is
    working_day_number(b) - working_day_number(a): see the working_days macro.
-#}
with days as (

    {{ dbt.date_spine(datepart="day", start_date="cast('" ~ var('calendar_start') ~ "' as date)", end_date="cast('2036-01-01' as date)") }}

),

bank_holidays as (

    select distinct holiday_date, holiday_name from {{ ref('bank_holidays') }}

),

calendar as (

    select
        cast(days.date_day as date) as date_day,
        {{ day_of_week_iso('days.date_day') }} as iso_day_of_week,
        bank_holidays.holiday_name as bank_holiday_name
    from days
    left join bank_holidays on bank_holidays.holiday_date = cast(days.date_day as date)

),

flagged as (

    select
        date_day,
        iso_day_of_week,
        iso_day_of_week <= 5 as is_weekday,
        bank_holiday_name is not null as is_bank_holiday,
        bank_holiday_name,
        iso_day_of_week <= 5 and bank_holiday_name is null as is_working_day
    from calendar

)

select
    date_day,
    iso_day_of_week,
    is_weekday,
    is_bank_holiday,
    bank_holiday_name,
    is_working_day,
    sum(case when is_working_day then 1 else 0 end) over (
        order by date_day rows between unbounded preceding and current row
    ) as working_day_number,
    cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
    {{ financial_year_start('date_day') }} as financial_year_start
from flagged

{#-
    wd(a, b) (indicators.md): the days x with a < x <= b that are Monday to Friday and not an
    England and Wales bank holiday, computed from dim_date's running working-day number with the
    working_days macro. Each case below was counted by hand on a calendar; any row returned is a
    case where the calendar or the macro disagrees.
-#}
with cases (case_name, start_date, end_date, expected) as (

    values
        ('same day', date '2024-05-15', date '2024-05-15', 0),
        ('Wednesday to Thursday', date '2024-05-15', date '2024-05-16', 1),
        ('Friday to the next Monday', date '2024-05-10', date '2024-05-13', 1),
        ('Friday to Saturday', date '2024-05-10', date '2024-05-11', 0),
        ('Saturday to Sunday', date '2024-05-11', date '2024-05-12', 0),
        ('Saturday to Monday', date '2024-05-11', date '2024-05-13', 1),
        ('one full week', date '2024-05-13', date '2024-05-20', 5),
        ('over the early May bank holiday', date '2024-05-03', date '2024-05-07', 1),
        ('Christmas and Boxing Day 2023 (Mon, Tue)', date '2023-12-22', date '2023-12-27', 1),
        ('Christmas 2021 on Saturday: substitute days 27 and 28 Dec', date '2021-12-24', date '2021-12-29', 1),
        ('New Year 2023 on Sunday: substitute Monday 2 Jan', date '2022-12-30', date '2023-01-03', 1),
        ('Christmas to New Year 2024', date '2024-12-24', date '2025-01-02', 4),
        ('state funeral 2022-09-19 (Monday)', date '2022-09-16', date '2022-09-20', 1),
        ('coronation 2023-05-08 (Monday)', date '2023-05-05', date '2023-05-09', 1),
        ('45 working days from a Monday', date '2024-01-08', date '2024-03-11', 45),
        ('45 working days over Easter 2024', date '2024-03-04', date '2024-05-09', 45),
        ('end before start is negative', date '2024-05-16', date '2024-05-15', -1)

),

computed as (

    select
        cases.*,
        {{ working_days('start_day', 'end_day') }} as actual
    from cases
    left join {{ ref('dim_date') }} as start_day on start_day.date_day = cases.start_date
    left join {{ ref('dim_date') }} as end_day on end_day.date_day = cases.end_date

)

select * from computed
where actual is null or actual <> expected

{#- Every comparison on the scorecard is the indicator_values row it claims to be, and is there
    wherever the data cover its period:
    - value: the headline period type ending at the as-at date;
    - previous_value: the same period type ending at the previous month end;
    - same_time_last_year_value: the same period type ending at same_time_last_year_period_end, the
      month end twelve months before the as-at date;
    - last_year_outturn_value: the `fy` row ending 31 March of last_year_outturn_year, the financial
      year before the one the as-at date is in.
    A row is returned for each comparison that differs from its indicator_values row (a value where
    there is no row counts as differing; so does no value where the row has one). -#}
with scorecard as (

    select
        scorecard.*,
        windows.as_at_date
    from {{ ref('scorecard') }} as scorecard
    inner join {{ ref('int_reporting_windows__resolved') }} as windows on windows.la_code = scorecard.la_code

),

expected as (

    select
        scorecard.la_code,
        scorecard.indicator_id,
        scorecard.period_end,
        scorecard.value,
        current_row.value as expected_value,
        current_row.la_code is not null as has_current_row,
        scorecard.previous_value,
        previous_row.value as expected_previous_value,
        scorecard.same_time_last_year_period_end,
        {{ month_end(months_before('scorecard.as_at_date', 12)) }} as expected_last_year_end,
        scorecard.same_time_last_year_value,
        last_year_row.value as expected_last_year_value,
        scorecard.last_year_outturn_year,
        cast(extract(year from {{ financial_year_start('scorecard.as_at_date') }}) as integer) as expected_outturn_year,
        scorecard.last_year_outturn_value,
        outturn_row.value as expected_outturn_value
    from scorecard
    left join {{ ref('indicator_values') }} as current_row
        on current_row.la_code = scorecard.la_code
        and current_row.indicator_id = scorecard.indicator_id
        and current_row.period_type = scorecard.headline_period_type
        and current_row.period_end = scorecard.as_at_date
    left join {{ ref('indicator_values') }} as previous_row
        on previous_row.la_code = scorecard.la_code
        and previous_row.indicator_id = scorecard.indicator_id
        and previous_row.period_type = scorecard.headline_period_type
        and previous_row.period_end = {{ month_end(months_before('scorecard.as_at_date', 1)) }}
    left join {{ ref('indicator_values') }} as last_year_row
        on last_year_row.la_code = scorecard.la_code
        and last_year_row.indicator_id = scorecard.indicator_id
        and last_year_row.period_type = scorecard.headline_period_type
        and last_year_row.period_end = {{ month_end(months_before('scorecard.as_at_date', 12)) }}
    left join {{ ref('indicator_values') }} as outturn_row
        on outturn_row.la_code = scorecard.la_code
        and outturn_row.indicator_id = scorecard.indicator_id
        and outturn_row.period_type = 'fy'
        and outturn_row.period_end = cast({{ dbt.dateadd('day', -1, financial_year_start('scorecard.as_at_date')) }} as date)

),

problems as (

    select la_code, indicator_id, 'value is not the headline row' as problem
    from expected
    where value is distinct from expected_value
        or (has_current_row and period_end is null)
    union all
    select la_code, indicator_id, 'previous_value is not the previous month end row'
    from expected
    where previous_value is distinct from expected_previous_value
    union all
    select la_code, indicator_id, 'same_time_last_year_period_end is not 12 months before the as-at date'
    from expected
    where same_time_last_year_period_end is distinct from expected_last_year_end
    union all
    select la_code, indicator_id, 'same_time_last_year_value is not the row a year earlier'
    from expected
    where same_time_last_year_value is distinct from expected_last_year_value
    union all
    select la_code, indicator_id, 'last_year_outturn_year is not the financial year before the as-at date''s'
    from expected
    where last_year_outturn_year is distinct from expected_outturn_year
    union all
    select la_code, indicator_id, 'last_year_outturn_value is not that year''s fy row'
    from expected
    where last_year_outturn_value is distinct from expected_outturn_value

)

select * from problems

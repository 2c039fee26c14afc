{#-
    Each authority's indicators at the build's as-at date, with the comparisons a committee quotes:

    - the headline value: the catalogue's headline period type ending at the as-at date;
    - previous_value: the same period type ending one month earlier;
    - same_time_last_year: the same period type ending at the month end a year earlier (the year to
      date to 31 January last year for a year to date to 31 January; the snapshot a year earlier;
      the rolling 12 months ending a year earlier);
    - last_year_outturn: the `fy` value of the financial year before the one the as-at date is in
      (at 31 March 2026 that is 2024-25; at 30 April 2025 also 2024-25);
    - direction of travel, like with like: flows (counts and percentages of events, and their rates)
      against the same time last year, since a year to date against the month before only measures
      accumulation; stocks (snapshots) against the previous month end. `up`, `down`, or `no_change`
      when the two are equal at one decimal (the display precision). Its judgement by polarity:
      better, worse or same; none for context indicators;
    - the target in force at the headline period end (the as-at date) for the headline's period
      type (a target stated for another period type does not apply), the gap to it in the value's
      unit and relative (value / target - 1), and the RAG status: none (null) without a target in
      force, for a context indicator, or without a value: never green by default.

    Every catalogue indicator has a row for every authority in the build; one that could not be
    produced (its source table was not supplied) says so (is_available = false).
-#}
with authorities as (

    select
        la_code,
        as_at_date,
        {{ month_end(months_before('as_at_date', 1)) }} as previous_month_end,
        {{ month_end(months_before('as_at_date', 12)) }} as same_time_last_year_end,
        cast({{ dbt.dateadd('day', -1, financial_year_start('as_at_date')) }} as date) as last_year_outturn_end
    from {{ ref('int_reporting_windows__resolved') }}

),

catalogue as (

    select
        *,
        coalesce(rag_tolerance_pct, 5.0) as tolerance_pct
    from {{ ref('indicator_catalogue') }}

),

indicator_values as (

    select * from {{ ref('indicator_values') }}

),

headline as (

    select
        authorities.la_code,
        authorities.as_at_date,
        catalogue.indicator_id,
        catalogue.indicator_name,
        catalogue.family,
        catalogue.unit,
        catalogue.polarity,
        catalogue.measure_type,
        catalogue.headline_period_type,
        catalogue.tolerance_pct,
        current_value.period_start,
        current_value.period_end,
        current_value.numerator,
        current_value.denominator,
        current_value.value,
        previous_value.period_end as previous_period_end,
        previous_value.value as previous_value,
        authorities.same_time_last_year_end as same_time_last_year_period_end,
        last_year.value as same_time_last_year_value,
        cast(extract(year from authorities.last_year_outturn_end) as integer) as last_year_outturn_year,
        outturn.value as last_year_outturn_value,
        available.indicator_id is not null as is_available
    from authorities
    cross join catalogue
    left join {{ ref('int_indicators__filtered_to_supplied_tables') }} as available
        on available.la_code = authorities.la_code
        and available.indicator_id = catalogue.indicator_id
    left join indicator_values as current_value
        on current_value.la_code = authorities.la_code
        and current_value.indicator_id = catalogue.indicator_id
        and current_value.period_type = catalogue.headline_period_type
        and current_value.period_end = authorities.as_at_date
    left join indicator_values as previous_value
        on previous_value.la_code = authorities.la_code
        and previous_value.indicator_id = catalogue.indicator_id
        and previous_value.period_type = catalogue.headline_period_type
        and previous_value.period_end = authorities.previous_month_end
    left join indicator_values as last_year
        on last_year.la_code = authorities.la_code
        and last_year.indicator_id = catalogue.indicator_id
        and last_year.period_type = catalogue.headline_period_type
        and last_year.period_end = authorities.same_time_last_year_end
    left join indicator_values as outturn
        on outturn.la_code = authorities.la_code
        and outturn.indicator_id = catalogue.indicator_id
        and outturn.period_type = 'fy'
        and outturn.period_end = authorities.last_year_outturn_end

),

with_direction as (

    select
        headline.*,
        case when measure_type = 'stock' then 'previous_month_end' else 'same_time_last_year' end as direction_basis,
        case
            when measure_type = 'stock' then round(previous_value, 1)
            else round(same_time_last_year_value, 1)
        end as comparator_rounded
    from headline

),

with_target as (

    select
        with_direction.*,
        targets.target_value,
        targets.effective_from as target_effective_from,
        targets.source as target_source
    from with_direction
    left join {{ ref('targets') }} as targets
        on targets.la_code = with_direction.la_code
        and targets.indicator_id = with_direction.indicator_id
        and targets.effective_from <= with_direction.as_at_date
        and (targets.effective_to is null or targets.effective_to >= with_direction.as_at_date)
        and (targets.period_type is null or targets.period_type = with_direction.headline_period_type)

),

compared as (

    select
        *,
        case
            when value is null or comparator_rounded is null then null
            when round(value, 1) = comparator_rounded then 'no_change'
            when round(value, 1) > comparator_rounded then 'up'
            else 'down'
        end as direction_of_travel
    from with_target

)

select
    la_code,
    as_at_date,
    indicator_id,
    indicator_name,
    family,
    unit,
    polarity,
    measure_type,
    headline_period_type,
    tolerance_pct,
    period_start,
    period_end,
    numerator,
    denominator,
    value,
    previous_period_end,
    previous_value,
    same_time_last_year_period_end,
    same_time_last_year_value,
    value - same_time_last_year_value as change_vs_last_year,
    last_year_outturn_year,
    last_year_outturn_value,
    direction_basis,
    direction_of_travel,
    case
        when direction_of_travel is null or polarity = 'context' then null
        when direction_of_travel = 'no_change' then 'same'
        when (direction_of_travel = 'up') = (polarity = 'high') then 'better'
        else 'worse'
    end as direction_judgement,
    target_value,
    target_effective_from,
    target_source,
    value - target_value as gap_to_target,
    case when target_value <> 0 then (value / target_value - 1) * 100 end as gap_to_target_pct,
    case
        when polarity = 'context' or target_value is null or value is null then null
        when polarity = 'high' and value >= target_value then 'green'
        when polarity = 'low' and value <= target_value then 'green'
        when polarity = 'high' and value >= target_value * (1 - tolerance_pct / 100.0) then 'amber'
        when polarity = 'low' and value <= target_value * (1 + tolerance_pct / 100.0) then 'amber'
        else 'red'
    end as rag_status,
    is_available
from compared

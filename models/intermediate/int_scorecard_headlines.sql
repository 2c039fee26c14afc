{#-
    Each authority's indicators at the build's as-at date: the headline value (the catalogue's
    headline period type ending at the as-at date), the same period type one month earlier, the
    direction of travel by polarity, the target in force and the RAG status. Every catalogue
    indicator has a row for every authority in the build; one that could not be produced (its
    source table was not supplied) says so (is_available = false).
-#}
with authorities as (

    select la_code, as_at_date, {{ months_before('as_at_date', 1) }} as previous_month_date
    from {{ ref('int_reporting_window') }}

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
        catalogue.headline_period_type,
        catalogue.tolerance_pct,
        current_value.period_start,
        current_value.period_end,
        current_value.numerator,
        current_value.denominator,
        current_value.value,
        previous_value.period_end as previous_period_end,
        previous_value.value as previous_value,
        available.indicator_id is not null as is_available
    from authorities
    cross join catalogue
    left join {{ ref('int_indicator_availability') }} as available
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
        and previous_value.period_end = {{ month_end('authorities.previous_month_date') }}

),

with_target as (

    select
        headline.*,
        targets.target_value
    from headline
    left join {{ ref('targets') }} as targets
        on targets.la_code = headline.la_code
        and targets.indicator_id = headline.indicator_id
        and targets.effective_from <= headline.as_at_date
        and (targets.effective_to is null or targets.effective_to >= headline.as_at_date)

)

select
    *,
    case
        when value is null or previous_value is null then 'not available'
        when value = previous_value then 'no change'
        when polarity = 'context' then case when value > previous_value then 'increasing' else 'decreasing' end
        when (value > previous_value) = (polarity = 'high') then 'improving'
        else 'worsening'
    end as direction_of_travel,
    case
        when polarity = 'context' or target_value is null or value is null then 'none'
        when polarity = 'high' and value >= target_value then 'green'
        when polarity = 'low' and value <= target_value then 'green'
        when polarity = 'high' and value >= target_value * (1 - tolerance_pct / 100.0) then 'amber'
        when polarity = 'low' and value <= target_value * (1 + tolerance_pct / 100.0) then 'amber'
        else 'red'
    end as rag_status
from with_target

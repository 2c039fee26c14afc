{#- At most one target is in force for an authority and indicator on any day: each pair of lines of
    seeds/targets.csv whose periods of effect (effective_from to effective_to, empty = still in force)
    share a day is returned, so the scorecard never has to choose between two targets. -#}
with numbered as (

    select
        *,
        coalesce(effective_to, cast('9999-12-31' as date)) as effective_until,
        row_number() over (order by la_code, indicator_id, effective_from, effective_to, target_value) as line
    from {{ ref('targets') }}

)

select
    first_target.la_code,
    first_target.indicator_id,
    first_target.effective_from as first_effective_from,
    first_target.effective_to as first_effective_to,
    second_target.effective_from as second_effective_from,
    second_target.effective_to as second_effective_to,
    'two targets in force on the same day' as problem
from numbered as first_target
inner join numbered as second_target
    on second_target.la_code = first_target.la_code
    and second_target.indicator_id = first_target.indicator_id
    and second_target.line > first_target.line
where first_target.effective_from <= second_target.effective_until
    and second_target.effective_from <= first_target.effective_until

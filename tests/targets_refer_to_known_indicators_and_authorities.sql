{#- A target must name an indicator of the catalogue and an authority of the LA lookup, and run
    forwards in time; a target for a count of events or a rate of a flow (whose size depends on the
    length of the period) must name its period type, and a period type must be one the indicator
    has. Each row returned says what is wrong with which line of seeds/targets.csv. -#}
select
    targets.indicator_id,
    targets.la_code,
    targets.effective_from,
    case
        when catalogue.indicator_id is null
            then 'unknown indicator_id ' || targets.indicator_id || ' (not in seeds/indicator_catalogue.csv)'
        when authorities.la_code is null
            then 'unknown la_code ' || targets.la_code || ' (not in seeds/la_lookup.csv)'
        when targets.effective_to < targets.effective_from
            then 'effective_to is before effective_from'
        when targets.period_type is null
            then 'a target for a ' || catalogue.unit || ' flow must name its period_type (month, ytd or rolling_12m)'
        else 'period_type ' || targets.period_type || ' is not one ' || targets.indicator_id || ' has'
    end as problem
from {{ ref('targets') }} as targets
left join {{ ref('indicator_catalogue') }} as catalogue on catalogue.indicator_id = targets.indicator_id
left join {{ ref('la_lookup') }} as authorities on authorities.la_code = targets.la_code
where catalogue.indicator_id is null
    or authorities.la_code is null
    or targets.effective_to < targets.effective_from
    or (targets.period_type is null and catalogue.measure_type = 'flow' and catalogue.unit in ('count', 'rate_per_10k'))
    or (catalogue.measure_type = 'stock' and targets.period_type not in ('snapshot', 'fy'))
    or (catalogue.headline_period_type = 'rolling_12m' and targets.period_type not in ('rolling_12m', 'fy'))
    or (catalogue.measure_type = 'flow' and targets.period_type = 'snapshot')

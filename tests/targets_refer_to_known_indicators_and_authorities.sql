{#- A target must name an indicator of the catalogue and an authority of the LA lookup, and run
    forwards in time. Each row returned says what is wrong with which line of seeds/targets.csv. -#}
select
    targets.indicator_id,
    targets.la_code,
    targets.effective_from,
    case
        when catalogue.indicator_id is null
            then 'unknown indicator_id ' || targets.indicator_id || ' (not in seeds/indicator_catalogue.csv)'
        when authorities.la_code is null
            then 'unknown la_code ' || targets.la_code || ' (not in seeds/la_lookup.csv)'
        else 'effective_to is before effective_from'
    end as problem
from {{ ref('targets') }} as targets
left join {{ ref('indicator_catalogue') }} as catalogue on catalogue.indicator_id = targets.indicator_id
left join {{ ref('la_lookup') }} as authorities on authorities.la_code = targets.la_code
where catalogue.indicator_id is null
    or authorities.la_code is null
    or targets.effective_to < targets.effective_from

{#- seeds/indicator_catalogue.csv's no_published_equivalent is empty exactly for the indicators that
    have a preferred published measure in seeds/benchmark_measures.csv: returned rows are indicators
    that say why they have none while having one, or have none and do not say why. -#}
select
    catalogue.indicator_id,
    case
        when measures.indicator_id is not null then 'has a preferred benchmark measure but says it has none'
        else 'has no preferred benchmark measure: say why in no_published_equivalent'
    end as problem
from {{ ref('indicator_catalogue') }} as catalogue
left join {{ ref('benchmark_measures') }} as measures
    on measures.indicator_id = catalogue.indicator_id
    and measures.is_preferred
where (measures.indicator_id is null) = (coalesce(catalogue.no_published_equivalent, '') = '')

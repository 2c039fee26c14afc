{#- One row per period of care (indicators.md: the run of a child's episodes sharing clae_cla_id,
    or, where that is null, consecutive episodes with no gap), from its first episode's start date
    to the ceased date of its last episode (null while any episode is open). -#}
with episodes as (

    select * from {{ ref('int_cla_episodes__grouped_into_periods') }}

),

last_episodes as (

    select
        la_code,
        person_id,
        period_of_care_id,
        ceased_reason,
        row_number() over (
            partition by la_code, person_id, period_of_care_id
            order by episode_start_date desc, cla_episode_id desc
        ) as latest_first
    from episodes

),

periods as (

    select
        la_code,
        person_id,
        period_of_care_id,
        max(cla_id) as cla_id,
        min(episode_start_date) as period_start_date,
        case
            when count(*) = count(episode_ceased_date) then max(episode_ceased_date)
        end as period_end_date,
        count(*) as episode_count,
        {{ dbt.bool_or('starts_after_gap') }} as has_gap
    from episodes
    group by la_code, person_id, period_of_care_id

)

select
    periods.la_code,
    periods.person_id,
    periods.period_of_care_id,
    periods.cla_id,
    periods.period_start_date,
    periods.period_end_date,
    case when periods.period_end_date is not null then last_episodes.ceased_reason end as ceased_reason,
    periods.episode_count,
    periods.has_gap
from periods
inner join last_episodes
    on last_episodes.la_code = periods.la_code
    and last_episodes.person_id = periods.person_id
    and last_episodes.period_of_care_id = periods.period_of_care_id
    and last_episodes.latest_first = 1

{#-
    Every looked-after episode with the period of care it belongs to (indicators.md, "Children
    looked after"): a child's period of care is the run of episodes sharing clae_cla_id or, where
    that is null, consecutive episodes with no gap. It starts at its first episode's start date.

    - Episodes with a clae_cla_id: the period is (child, clae_cla_id); period_of_care_id is the
      clae_cla_id. An episode that starts after every earlier episode of the same clae_cla_id has
      ceased (starts_after_gap) is a data-quality warning (period_of_care_gap); it stays in the
      period, which still starts at its first episode.
    - Episodes without one: the child's such episodes in start order; a new period starts when an
      episode starts after every earlier one has ceased (a gap: start > the latest ceased date so
      far; an episode ceasing the day the next starts leaves none). period_of_care_id is the first
      episode's id prefixed 'E:'.

    The gap test uses the latest ceased date of all earlier episodes (an open episode never ceases),
    so overlapping episodes (reported as overlapping_period) never make a gap.
-#}
with episodes as (

    select * from {{ ref('stg_ssd__cla_episodes') }}

),

ordered as (

    select
        episodes.*,
        {#- the latest ceased date of the earlier episodes of the same run key; a far-future date
            stands for an open episode, null means there is no earlier episode -#}
        max(coalesce(episode_ceased_date, cast('9999-12-31' as date))) over (
            partition by la_code, person_id, cla_id
            order by episode_start_date, cla_episode_id
            rows between unbounded preceding and 1 preceding
        ) as previous_ceased_date
    from episodes

),

runs as (

    select
        ordered.*,
        previous_ceased_date is not null and episode_start_date > previous_ceased_date as starts_after_gap,
        sum(case when previous_ceased_date is null or episode_start_date > previous_ceased_date then 1 else 0 end)
            over (
                partition by la_code, person_id, cla_id
                order by episode_start_date, cla_episode_id
                rows between unbounded preceding and current row
            ) as run_number
    from ordered

),

periods as (

    select
        runs.*,
        case
            when cla_id is not null then cla_id
            else {{ dbt.concat(["'E:'", "first_value(cla_episode_id) over (partition by la_code, person_id, cla_id, run_number order by episode_start_date, cla_episode_id rows between unbounded preceding and unbounded following)"]) }}
        end as period_of_care_id
    from runs

)

select
    la_code,
    cla_episode_id,
    person_id,
    cla_id,
    period_of_care_id,
    min(episode_start_date) over (partition by la_code, person_id, period_of_care_id) as period_start_date,
    cla_placement_id,
    episode_start_date,
    episode_ceased_date,
    entered_care_date,
    start_reason,
    ceased_reason,
    primary_need_code,
    case when previous_ceased_date = cast('9999-12-31' as date) then null else previous_ceased_date end
        as previous_ceased_date,
    cla_id is not null and starts_after_gap as starts_after_gap,
    source_file,
    source_row
from periods

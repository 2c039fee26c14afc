{#-
    When each child was looked after, as intervals [looked_after_start, looked_after_end): one row
    per maximal run of days within one period of care on which the child was looked after
    (indicators.md, Conventions): a looked-after episode open on the day (start <= day < ceased)
    and the child's legal status that day (the ssd_legal_status row open that day; where rows
    overlap, the one that started latest; none counts as not a short break) not V3 or V4.
    looked_after_end is null while the child is still looked after.

    A day-by-day table would hold every child on every day; this intersects intervals instead, so
    its size follows the number of episodes and legal statuses, not of days. Every date where an
    episode or a legal status starts or ends cuts the child's timeline into elementary segments,
    inside which nothing changes; a segment is looked after when an episode is open at its start
    and the status open at its start is not a short break. Adjacent looked-after segments of the
    same period of care are merged. Where episodes overlap (reported as overlapping_period), the
    segment belongs to the episode that started latest, so a child's intervals never overlap and
    a child is in at most one interval on any day. "Looked after at d" is then
    looked_after_start <= d and (looked_after_end is null or looked_after_end > d): open at d.
-#}
with episodes as (

    select
        la_code,
        person_id,
        cla_episode_id,
        period_of_care_id,
        period_start_date,
        episode_start_date,
        episode_ceased_date
    from {{ ref('int_cla_episodes__grouped_into_periods') }}

),

legal_statuses as (

    select
        legal_statuses.la_code,
        legal_statuses.person_id,
        legal_statuses.legal_status_id,
        legal_statuses.legal_status,
        legal_statuses.legal_status_start_date,
        legal_statuses.legal_status_end_date
    from {{ ref('stg_ssd__legal_status') }} as legal_statuses
    where exists (
        select 1 from episodes
        where episodes.la_code = legal_statuses.la_code and episodes.person_id = legal_statuses.person_id
    )

),

cut_points as (

    select la_code, person_id, episode_start_date as cut_date from episodes
    union
    select la_code, person_id, episode_ceased_date from episodes where episode_ceased_date is not null
    union
    select la_code, person_id, legal_status_start_date from legal_statuses
    union
    select la_code, person_id, legal_status_end_date from legal_statuses where legal_status_end_date is not null

),

segments as (

    select
        la_code,
        person_id,
        cut_date as segment_start,
        lead(cut_date) over (partition by la_code, person_id order by cut_date) as segment_end
    from cut_points

),

segment_episodes as (

    select
        segments.*,
        episodes.period_of_care_id,
        episodes.period_start_date,
        row_number() over (
            partition by segments.la_code, segments.person_id, segments.segment_start
            order by episodes.episode_start_date desc, episodes.cla_episode_id desc
        ) as latest_first
    from segments
    inner join episodes
        on episodes.la_code = segments.la_code
        and episodes.person_id = segments.person_id
        and {{ is_open_at('episodes.episode_start_date', 'episodes.episode_ceased_date', 'segments.segment_start') }}

),

segment_statuses as (

    select
        segments.la_code,
        segments.person_id,
        segments.segment_start,
        legal_statuses.legal_status,
        row_number() over (
            partition by segments.la_code, segments.person_id, segments.segment_start
            order by legal_statuses.legal_status_start_date desc, legal_statuses.legal_status_id desc
        ) as latest_first
    from segments
    inner join legal_statuses
        on legal_statuses.la_code = segments.la_code
        and legal_statuses.person_id = segments.person_id
        and {{ is_open_at('legal_statuses.legal_status_start_date', 'legal_statuses.legal_status_end_date',
                          'segments.segment_start') }}

),

looked_after_segments as (

    select segment_episodes.*
    from segment_episodes
    left join segment_statuses
        on segment_statuses.la_code = segment_episodes.la_code
        and segment_statuses.person_id = segment_episodes.person_id
        and segment_statuses.segment_start = segment_episodes.segment_start
        and segment_statuses.latest_first = 1
    where segment_episodes.latest_first = 1
        and (segment_statuses.legal_status is null or segment_statuses.legal_status not in ('V3', 'V4'))

),

islands as (

    select
        looked_after_segments.*,
        sum(case when continues then 0 else 1 end) over (
            partition by la_code, person_id order by segment_start rows between unbounded preceding and current row
        ) as island
    from (
        select
            looked_after_segments.*,
            coalesce(
                lag(segment_end) over (partition by la_code, person_id order by segment_start) = segment_start
                and lag(period_of_care_id) over (partition by la_code, person_id order by segment_start)
                    = period_of_care_id,
                false
            ) as continues
        from looked_after_segments
    ) as looked_after_segments

)

select
    la_code,
    person_id,
    period_of_care_id,
    min(period_start_date) as period_start_date,
    min(segment_start) as looked_after_start,
    case when count(*) = count(segment_end) then max(segment_end) end as looked_after_end
from islands
group by la_code, person_id, period_of_care_id, island

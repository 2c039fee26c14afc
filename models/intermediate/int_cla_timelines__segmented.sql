{#-
    The episode and the legal status in force on each day of a looked-after child's time
    (indicators.md, Conventions), held once: one row per segment [segment_start, segment_end) of
    the child's timeline inside which neither changes, with the episode and the legal status in
    force on it (the in_force_on macro: open on the day; where rows of a kind overlap, the latest
    started, then the largest id). segment_end is null for the last segment, which runs on.

    Every date on which one of the child's episodes or legal statuses starts or ends cuts the
    timeline, so a row in force on a segment's first day is in force on every day of it, and "in
    force on day d" is the segment open at d (segment_start <= d < segment_end). The size follows
    the number of rows, not of days. Only children with an episode have a timeline; segments with
    nothing in force are left out.

    is_looked_after: an episode is in force and the legal status in force (none counts as not a
    short break) is not V3 or V4. fct_cla_looked_after_intervals merges these segments into the
    intervals a child is looked after; fct_cla_episodes reads the legal status on each episode's
    first day. (The placement in force at a month end, fct_cla_month_ends, uses the same macro.)
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

children as (

    select distinct la_code, person_id from episodes

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
    inner join children
        on children.la_code = legal_statuses.la_code
        and children.person_id = legal_statuses.person_id

),

cut_points as (

    select la_code, person_id, episode_start_date as cut_date from episodes
    union
    select la_code, person_id, episode_ceased_date from episodes
    union
    select la_code, person_id, legal_status_start_date from legal_statuses
    union
    select la_code, person_id, legal_status_end_date from legal_statuses

),

segments as (

    select
        la_code,
        person_id,
        cut_date as segment_start,
        lead(cut_date) over (partition by la_code, person_id order by cut_date) as segment_end
    from cut_points
    where cut_date is not null

),

episode_in_force as (

    {{ in_force_on('segments', 'segment_start', 'episodes', 'episode_start_date', 'episode_ceased_date',
                   'cla_episode_id', ['cla_episode_id', 'period_of_care_id', 'period_start_date']) }}

),

legal_status_in_force as (

    {{ in_force_on('segments', 'segment_start', 'legal_statuses', 'legal_status_start_date',
                   'legal_status_end_date', 'legal_status_id', ['legal_status_id', 'legal_status']) }}

)

select
    segments.la_code,
    segments.person_id,
    segments.segment_start,
    segments.segment_end,
    episode_in_force.cla_episode_id,
    episode_in_force.period_of_care_id,
    episode_in_force.period_start_date,
    legal_status_in_force.legal_status_id,
    legal_status_in_force.legal_status,
    episode_in_force.cla_episode_id is not null
        and coalesce(legal_status_in_force.legal_status not in ('V3', 'V4'), true) as is_looked_after
from segments
left join episode_in_force
    on episode_in_force.la_code = segments.la_code
    and episode_in_force.person_id = segments.person_id
    and episode_in_force.in_force_day = segments.segment_start
left join legal_status_in_force
    on legal_status_in_force.la_code = segments.la_code
    and legal_status_in_force.person_id = segments.person_id
    and legal_status_in_force.in_force_day = segments.segment_start
where episode_in_force.cla_episode_id is not null
    or legal_status_in_force.legal_status_id is not null

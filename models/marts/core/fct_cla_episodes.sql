{#-
    One row per looked-after episode, with its period of care and what the flow indicators ask of
    it (indicators.md, "Children looked after").

    legal_status_at_start: the child's legal status in force on the episode's start date
    (int_cla_timelines__segmented, where "in force" is held once: the ssd_legal_status row open
    that day; where rows overlap, the one that started latest). is_short_break_start: that status
    is V3 or V4 (an agreed series of short-term placements): such an episode counts in no
    looked-after flow (cla_starts, cla_ceased, adoptions).

    Initial health assessment (cla_iha_20wd_pct), for care starts only: iha_due_date is the 20th
    working day after the start, so wd(start, period_end) >= 20 exactly when period_end >=
    iha_due_date; first_iha_date is the child's first Completed Initial Health Assessment on or
    after the start; is_iha_within_20wd is wd(start, that date) <= 20.
-#}
with episodes as (

    select * from {{ ref('int_cla_episodes__grouped_into_periods') }}

),

timeline as (

    select la_code, person_id, segment_start, legal_status from {{ ref('int_cla_timelines__segmented') }}

),

initial_health_assessments as (

    select la_code, person_id, health_check_date
    from {{ ref('fct_cla_health_checks') }}
    where check_kind = 'initial_health_assessment' and is_completed

),

calendar as (

    select date_day, working_day_number, is_working_day from {{ ref('dim_date') }}

),

flagged as (

    select
        episodes.*,
        status_at_start.legal_status as legal_status_at_start,
        coalesce(status_at_start.legal_status in ('V3', 'V4'), false) as is_short_break_start
    from episodes
    -- every episode's start date cuts the timeline, so a segment starts on it
    left join timeline as status_at_start
        on status_at_start.la_code = episodes.la_code
        and status_at_start.person_id = episodes.person_id
        and status_at_start.segment_start = episodes.episode_start_date

),

first_iha as (

    select
        flagged.la_code,
        flagged.cla_episode_id,
        min(initial_health_assessments.health_check_date) as first_iha_date
    from flagged
    inner join initial_health_assessments
        on initial_health_assessments.la_code = flagged.la_code
        and initial_health_assessments.person_id = flagged.person_id
        and initial_health_assessments.health_check_date >= flagged.episode_start_date
    where flagged.start_reason = 'S' and not flagged.is_short_break_start
    group by flagged.la_code, flagged.cla_episode_id

),

care_starts as (

    select
        flagged.la_code,
        flagged.cla_episode_id,
        due_day.date_day as iha_due_date,
        first_iha.first_iha_date,
        {{ working_days('start_day', 'iha_day') }} as working_days_to_iha
    from flagged
    left join calendar as start_day on start_day.date_day = flagged.episode_start_date
    left join calendar as due_day
        on due_day.working_day_number = start_day.working_day_number + 20
        and due_day.is_working_day
    left join first_iha
        on first_iha.la_code = flagged.la_code
        and first_iha.cla_episode_id = flagged.cla_episode_id
    left join calendar as iha_day on iha_day.date_day = first_iha.first_iha_date
    where flagged.start_reason = 'S' and not flagged.is_short_break_start

)

select
    flagged.la_code,
    flagged.cla_episode_id,
    flagged.person_id,
    flagged.cla_id,
    flagged.period_of_care_id,
    flagged.period_start_date,
    flagged.cla_placement_id,
    flagged.episode_start_date,
    {{ month_start('flagged.episode_start_date') }} as start_month,
    flagged.episode_ceased_date,
    {{ month_start('flagged.episode_ceased_date') }} as ceased_month,
    flagged.start_reason,
    flagged.ceased_reason,
    flagged.primary_need_code,
    flagged.legal_status_at_start,
    flagged.is_short_break_start,
    coalesce(flagged.start_reason = 'S' and not flagged.is_short_break_start, false) as is_care_start,
    {#- a ceased date with no reason is not known to end the period of care -#}
    coalesce(
        flagged.episode_ceased_date is not null and flagged.ceased_reason <> 'X1' and not flagged.is_short_break_start,
        false
    ) as is_care_end,
    coalesce(
        flagged.episode_ceased_date is not null and flagged.ceased_reason in ('E11', 'E12')
        and not flagged.is_short_break_start,
        false
    ) as is_adoption,
    care_starts.iha_due_date,
    care_starts.first_iha_date,
    care_starts.working_days_to_iha,
    case when care_starts.cla_episode_id is not null then coalesce(care_starts.working_days_to_iha <= 20, false) end
        as is_iha_within_20wd
from flagged
left join care_starts
    on care_starts.la_code = flagged.la_code
    and care_starts.cla_episode_id = flagged.cla_episode_id

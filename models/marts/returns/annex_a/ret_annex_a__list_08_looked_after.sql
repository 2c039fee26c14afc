{#-
    Annex A list 8: every period of care open at the as-at date or ended in the six months to it (pii:
    the placement postcode): its start, the category of need and legal status of its latest episode
    and legal status on or before the as-at date (with the legal status's start), its end and reason,
    the latest social work visit, health assessment and dental check on or before the as-at date, and
    its latest placement started on or before the as-at date.
-#}
with windows as (

    select * from {{ ref('ret_annex_a__window') }}

),

periods as (

    select periods.*, windows.as_at_date
    from {{ ref('fct_cla_periods_of_care') }} as periods
    inner join windows on windows.la_code = periods.la_code
    where periods.period_start_date <= windows.as_at_date
        and (periods.period_end_date is null or periods.period_end_date >= windows.six_months_start)

),

latest_episode as (

    select
        periods.la_code,
        periods.period_of_care_id,
        episodes.cla_episode_id,
        row_number() over (
            partition by periods.la_code, periods.period_of_care_id
            order by episodes.episode_start_date desc, episodes.cla_episode_id desc
        ) as pick
    from periods
    inner join {{ ref('int_cla_episodes__grouped_into_periods') }} as episodes
        on episodes.la_code = periods.la_code
        and episodes.period_of_care_id = periods.period_of_care_id
        and episodes.episode_start_date <= periods.as_at_date

),

legal as (

    select
        periods.la_code,
        periods.period_of_care_id,
        legal.legal_status,
        legal.legal_status_start_date,
        row_number() over (
            partition by periods.la_code, periods.period_of_care_id
            order by legal.legal_status_start_date desc, legal.legal_status_id desc
        ) as pick
    from periods
    inner join {{ ref('stg_ssd__legal_status') }} as legal
        on legal.la_code = periods.la_code
        and legal.person_id = periods.person_id
        and legal.legal_status_start_date between periods.period_start_date
            and coalesce(periods.period_end_date, periods.as_at_date)
        and legal.legal_status_start_date <= periods.as_at_date

),

placements as (

    select
        periods.la_code,
        periods.period_of_care_id,
        placements.cla_placement_id,
        row_number() over (
            partition by periods.la_code, periods.period_of_care_id
            order by placements.placement_start_date desc, placements.cla_placement_id desc
        ) as pick
    from periods
    inner join {{ ref('stg_ssd__cla_placement') }} as placements
        on placements.la_code = periods.la_code
        and placements.person_id = periods.person_id
        and placements.placement_start_date between periods.period_start_date
            and coalesce(periods.period_end_date, periods.as_at_date)
        and placements.placement_start_date <= periods.as_at_date

),

visits as (

    select periods.la_code, periods.period_of_care_id, max(visits.visit_date) as last_visit_date
    from periods
    inner join {{ ref('stg_ssd__cla_visits') }} as visits
        on visits.la_code = periods.la_code
        and visits.person_id = periods.person_id
        and visits.visit_date between periods.period_start_date
            and least(coalesce(periods.period_end_date, periods.as_at_date), periods.as_at_date)
    group by periods.la_code, periods.period_of_care_id

),

health as (

    select
        periods.la_code,
        periods.period_of_care_id,
        max(case when lower(health.health_check_type) = 'health assessment' then health.health_check_date end)
            as last_health_assessment,
        max(case when lower(health.health_check_type) = 'dental check' then health.health_check_date end)
            as last_dental_check
    from periods
    inner join {{ ref('stg_ssd__cla_health') }} as health
        on health.la_code = periods.la_code
        and health.person_id = periods.person_id
        and health.health_check_date between periods.period_start_date
            and least(coalesce(periods.period_end_date, periods.as_at_date), periods.as_at_date)
        and lower(health.health_check_status) = 'completed'
    group by periods.la_code, periods.period_of_care_id

)

select
    periods.la_code,
    periods.as_at_date,
    periods.person_id as child_id,
    periods.period_of_care_id,
    periods.period_start_date as date_started_looked_after,
    episodes.primary_need_code as category_of_need,
    legal.legal_status,
    legal.legal_status_start_date,
    visits.last_visit_date,
    health.last_health_assessment,
    health.last_dental_check,
    case when periods.period_end_date <= periods.as_at_date then periods.period_end_date end
        as date_ceased_looked_after,
    case when periods.period_end_date <= periods.as_at_date then episodes.ceased_reason end
        as reason_ceased_looked_after,
    placements.placement_start_date,
    placements.placement_type,
    placements.placement_provider,
    postcodes.pl_post as placement_postcode,
    placements.placement_urn
from periods
left join latest_episode
    on latest_episode.la_code = periods.la_code
    and latest_episode.period_of_care_id = periods.period_of_care_id
    and latest_episode.pick = 1
left join {{ ref('stg_ssd__cla_episodes') }} as episodes
    on episodes.la_code = latest_episode.la_code
    and episodes.cla_episode_id = latest_episode.cla_episode_id
left join legal
    on legal.la_code = periods.la_code
    and legal.period_of_care_id = periods.period_of_care_id
    and legal.pick = 1
left join placements as latest_placement
    on latest_placement.la_code = periods.la_code
    and latest_placement.period_of_care_id = periods.period_of_care_id
    and latest_placement.pick = 1
left join {{ ref('stg_ssd__cla_placement') }} as placements
    on placements.la_code = latest_placement.la_code
    and placements.cla_placement_id = latest_placement.cla_placement_id
left join {{ ref('stg_ssd_pii__placement_postcodes') }} as postcodes
    on postcodes.la_code = placements.la_code
    and postcodes.cla_placement_id = placements.cla_placement_id
left join visits
    on visits.la_code = periods.la_code
    and visits.period_of_care_id = periods.period_of_care_id
left join health
    on health.la_code = periods.la_code
    and health.period_of_care_id = periods.period_of_care_id

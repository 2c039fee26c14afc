{#-
    SSDA903 episodes file: one row per looked-after episode open at any time in the collection year
    (DECOM on or before 31 March, DEC none or on or after 1 April), V3/V4 short breaks included as
    the return wants them. An end after 31 March is not known at the year end (DEC and REC blank).

    - LS: the ssd_legal_status row open on the episode's start (the latest started where rows
      overlap).
    - PLACE, PLACE_PROVIDER, URN, PL_POST: the episode's placement (clae_cla_placement_id), else
      the child's placement open on the episode's start. PL_POST is personal (a postcode): this
      model is tagged pii.
    - REASON_PLACE_CHANGE: the placement's change reason on the episode that ends it, when the child
      stays in care (REC X1) and the next episode starts a new placement (RNE P, B, T or U) and
      neither placement is temporary (T0 to T4): the only episodes DfE rules 225 and 226 want it on.
    - V3/V4 short breaks carry no placement postcode or URN (DfE rules 214 and 398).
    - HOME_POST (the child's home postcode) is not in the SSD contract: blank.
-#}
with years as (

    select la_code, collection_year, year_start, year_end from {{ ref('ret_collection_years') }}

),

episodes as (

    select * from {{ ref('stg_ssd__cla_episodes') }}

),

legal_at_start as (

    select
        episodes.la_code,
        episodes.cla_episode_id,
        legal.legal_status,
        row_number() over (
            partition by episodes.la_code, episodes.cla_episode_id
            order by legal.legal_status_start_date desc, legal.legal_status_id desc
        ) as pick
    from episodes
    inner join {{ ref('stg_ssd__legal_status') }} as legal
        on legal.la_code = episodes.la_code
        and legal.person_id = episodes.person_id
        and legal.legal_status_start_date <= episodes.episode_start_date
        and (legal.legal_status_end_date is null or legal.legal_status_end_date > episodes.episode_start_date)

),

placement_at_start as (

    select
        episodes.la_code,
        episodes.cla_episode_id,
        placements.cla_placement_id,
        row_number() over (
            partition by episodes.la_code, episodes.cla_episode_id
            order by case when placements.cla_placement_id = episodes.cla_placement_id then 0 else 1 end,
                     placements.placement_start_date desc, placements.cla_placement_id desc
        ) as pick
    from episodes
    inner join {{ ref('stg_ssd__cla_placement') }} as placements
        on placements.la_code = episodes.la_code
        and (
            placements.cla_placement_id = episodes.cla_placement_id
            or (
                placements.person_id = episodes.person_id
                and placements.placement_start_date <= episodes.episode_start_date
                and (placements.placement_end_date is null or placements.placement_end_date > episodes.episode_start_date)
            )
        )

),

described as (

    select
        episodes.la_code,
        episodes.person_id,
        episodes.cla_episode_id,
        episodes.episode_start_date,
        episodes.episode_ceased_date,
        episodes.start_reason,
        episodes.ceased_reason,
        episodes.primary_need_code,
        legal_at_start.legal_status,
        placements.cla_placement_id,
        placements.placement_type,
        placements.placement_provider,
        placements.placement_urn,
        placements.placement_change_reason,
        postcodes.pl_post,
        lead(episodes.start_reason) over (
            partition by episodes.la_code, episodes.person_id
            order by episodes.episode_start_date, episodes.cla_episode_id
        ) as next_start_reason,
        lead(placements.placement_type) over (
            partition by episodes.la_code, episodes.person_id
            order by episodes.episode_start_date, episodes.cla_episode_id
        ) as next_placement_type
    from episodes
    left join legal_at_start
        on legal_at_start.la_code = episodes.la_code
        and legal_at_start.cla_episode_id = episodes.cla_episode_id
        and legal_at_start.pick = 1
    left join placement_at_start
        on placement_at_start.la_code = episodes.la_code
        and placement_at_start.cla_episode_id = episodes.cla_episode_id
        and placement_at_start.pick = 1
    left join {{ ref('stg_ssd__cla_placement') }} as placements
        on placements.la_code = placement_at_start.la_code
        and placements.cla_placement_id = placement_at_start.cla_placement_id
    left join {{ ref('stg_ssd_pii__placement_postcodes') }} as postcodes
        on postcodes.la_code = placements.la_code
        and postcodes.cla_placement_id = placements.cla_placement_id

)

select
    years.la_code,
    years.collection_year,
    described.person_id as child,
    described.cla_episode_id,
    described.episode_start_date as decom,
    described.start_reason as rne,
    described.legal_status as ls,
    described.primary_need_code as cin,
    described.placement_type as place,
    described.placement_provider as place_provider,
    case when described.episode_ceased_date <= years.year_end then described.episode_ceased_date end as dec,
    case when described.episode_ceased_date <= years.year_end then described.ceased_reason end as rec,
    case
        when described.episode_ceased_date <= years.year_end
            and described.ceased_reason = 'X1'
            and described.next_start_reason in ('P', 'B', 'T', 'U')
            and described.placement_type not in ('T0', 'T1', 'T2', 'T3', 'T4')
            and coalesce(described.next_placement_type, '') not in ('T0', 'T1', 'T2', 'T3', 'T4')
            then described.placement_change_reason
    end as reason_place_change,
    cast(null as {{ dbt.type_string() }}) as home_post,
    case when described.legal_status not in ('V3', 'V4') then described.pl_post end as pl_post,
    case when described.legal_status not in ('V3', 'V4') then described.placement_urn end as urn
from described
inner join years on years.la_code = described.la_code
where described.episode_start_date <= years.year_end
    and (described.episode_ceased_date is null or described.episode_ceased_date >= years.year_start)

{#-
    SSDA903 OC3 file (care leavers): one row per young person in ssd_care_leavers whose eligibility
    is relevant or former relevant (any case; "Former relevant child" too), whose 17th to 21st
    birthday falls in the collection year and who was not looked after from that birthday to the
    year's end, not even on the birthday itself (a young person who leaves care on or after the
    birthday is not a care leaver at it: DfE rule 1016; any episode counts, as in the rule). One whose
    care ended with a
    transfer to another authority (last episode ceased E3) is that authority's care leaver (rule 1011).

    IN_TOUCH, ACTIV and ACCOM (the accommodation letter and 1 suitable / 2 unsuitable) are the SSD's
    values; for a young person who has died or returned home (IN_TOUCH DIED or RHOM) activity and
    accommodation are 0, as the DfE wants them (rule 344). The SSD holds each care leaver's latest
    status only, so an earlier year's OC3 reuses it.
-#}
with years as (

    select la_code, collection_year, year_start, year_end from {{ ref('ret_collection_years') }}

),

leavers as (

    select
        *,
        row_number() over (
            partition by la_code, person_id order by latest_contact_date desc, care_leaver_id desc
        ) as pick
    from {{ ref('stg_ssd__care_leavers') }}
    where lower(eligibility) in ('relevant', 'former relevant', 'relevant child', 'former relevant child')

),

ages as (

    {%- for age in range(17, 22) %}
    select {{ age }} as age{{ ' union all' if not loop.last }}
    {%- endfor %}

),

birthdays as (

    select
        years.la_code,
        years.collection_year,
        leavers.person_id,
        leavers.in_touch,
        leavers.activity_code,
        leavers.accommodation_code,
        leavers.accommodation_suitable_code,
        persons.date_of_birth,
        years.year_end,
        cast({{ dbt.dateadd('year', 'ages.age', 'persons.date_of_birth') }} as date) as birthday
    from leavers
    inner join {{ ref('stg_ssd__person') }} as persons
        on persons.la_code = leavers.la_code
        and persons.person_id = leavers.person_id
    inner join years on years.la_code = leavers.la_code
    cross join ages
    where leavers.pick = 1
        and cast({{ dbt.dateadd('year', 'ages.age', 'persons.date_of_birth') }} as date)
            between years.year_start and years.year_end

),

in_care_from_birthday as (

    select distinct birthdays.la_code, birthdays.collection_year, birthdays.person_id
    from birthdays
    inner join {{ ref('stg_ssd__cla_episodes') }} as episodes
        on episodes.la_code = birthdays.la_code
        and episodes.person_id = birthdays.person_id
        and episodes.episode_start_date <= birthdays.year_end
        and (episodes.episode_ceased_date is null or episodes.episode_ceased_date >= birthdays.birthday)

),

last_episode as (

    select
        birthdays.la_code,
        birthdays.collection_year,
        birthdays.person_id,
        episodes.ceased_reason,
        row_number() over (
            partition by birthdays.la_code, birthdays.collection_year, birthdays.person_id
            order by episodes.episode_start_date desc, episodes.cla_episode_id desc
        ) as pick
    from birthdays
    inner join {{ ref('stg_ssd__cla_episodes') }} as episodes
        on episodes.la_code = birthdays.la_code
        and episodes.person_id = birthdays.person_id
        and episodes.episode_start_date <= birthdays.birthday

)

select
    birthdays.la_code,
    birthdays.collection_year,
    birthdays.person_id as child,
    birthdays.date_of_birth as dob,
    birthdays.in_touch,
    case when birthdays.in_touch in ('DIED', 'RHOM') then '0' else birthdays.activity_code end as activ,
    case
        when birthdays.in_touch in ('DIED', 'RHOM') then '0'
        else {{ dbt.concat(['birthdays.accommodation_code', 'birthdays.accommodation_suitable_code']) }}
    end as accom
from birthdays
left join in_care_from_birthday
    on in_care_from_birthday.la_code = birthdays.la_code
    and in_care_from_birthday.collection_year = birthdays.collection_year
    and in_care_from_birthday.person_id = birthdays.person_id
left join last_episode
    on last_episode.la_code = birthdays.la_code
    and last_episode.collection_year = birthdays.collection_year
    and last_episode.person_id = birthdays.person_id
    and last_episode.pick = 1
where in_care_from_birthday.person_id is null
    and coalesce(last_episode.ceased_reason, '') <> 'E3'

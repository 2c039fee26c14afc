{#-
    The reporting window of each authority: from the first full month of its front-door records
    (contacts and referrals) to the build's as-at date.

    as_at is var('as_at') when the runner is given --as-at; otherwise the last day of the last full
    month in the data: the latest contact or referral on or before today (a later date is a data
    fault, reported, and moves nothing), taken back to the end of the previous month unless it is
    a month's last day. One as-at date serves every authority in the build.
-#}
with front_door_events as (

    select la_code, 'contact' as source_kind, contact_date as event_date from {{ ref('stg_ssd__contacts') }}
    union all
    select la_code, 'referral' as source_kind, referral_date as event_date from {{ ref('stg_ssd__cin_episodes') }}

),

plausible_events as (

    select la_code, source_kind, event_date
    from front_door_events
    where event_date <= {{ dbt.current_timestamp() }}

),

as_at as (

    {%- if var('as_at') %}
    select cast('{{ var("as_at") }}' as date) as as_at_date
    {%- else %}
    select
        case
            when max(event_date) = {{ month_end('max(event_date)') }} then max(event_date)
            else cast({{ dbt.dateadd('day', -1, month_start('max(event_date)')) }} as date)
        end as as_at_date
    from plausible_events
    {%- endif %}

),

first_events as (

    {#- the extract's window is where its contacts start; referrals only where there are no contacts
        (an extract keeps older referrals as history for re-referral checks) -#}
    select
        la_code,
        coalesce(
            min(case when source_kind = 'contact' then event_date end),
            min(event_date)
        ) as first_event_date
    from plausible_events
    group by la_code

)

select
    first_events.la_code,
    first_events.first_event_date,
    case
        when first_events.first_event_date = {{ month_start('first_events.first_event_date') }}
            then first_events.first_event_date
        else cast({{ dbt.dateadd('month', 1, month_start('first_events.first_event_date')) }} as date)
    end as window_start,
    as_at.as_at_date
from first_events
cross join as_at

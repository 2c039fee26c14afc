{#-
    The reporting window of each authority: from the first full month of its front-door records
    to the build's as-at date. One as-at date serves every authority in the build.

    as_at: var('as_at') when the runner is given --as-at. Otherwise the last day of the last full
    month in the data: the latest contact or referral in the last month that has data, taken back
    to the end of the previous month unless it is that month's last day.
    window_start: var('window_start') when set. Otherwise from the extract's start: var('extract_start')
    (runner build --from), else the authority's first contact (its first referral where it supplied no
    contacts). The window starts on the first day of that date's month when no working day of the
    month comes before it (an extract for the year from Saturday 1 April 2023 whose first contact is
    on Monday 3 April starts in April 2023), else on the first day of the next month (a month the
    extract only partly covers is not reported). No window starts before the calendar
    (var('calendar_start'), 1 January 2010): its months could not be counted, so a year to date or
    a rolling 12 months reaching back before it would count only the months after it.

    "A month that has data" has at least a tenth of the busiest month's number of front-door events
    (the authority's, for its start; all authorities', for the as-at date). A few mistyped dates
    (a contact in 2062, or in 1926) are reported by the data-quality layer and move neither end.
-#}
{%- set sparse_month_share = 0.1 %}

with front_door_events as (

    select la_code, 'contact' as source_kind, contact_date as event_date from {{ ref('stg_ssd__contacts') }}
    union all
    select la_code, 'referral' as source_kind, referral_date as event_date from {{ ref('stg_ssd__cin_episodes') }}

),

{#- the window starts where the contacts start; referrals only where there are no contacts (an
    extract keeps older referrals as history for re-referral checks) -#}
has_contacts as (

    select distinct la_code from front_door_events where source_kind = 'contact'

),

window_events as (

    select events.la_code, events.event_date, {{ month_start('events.event_date') }} as event_month
    from front_door_events as events
    left join has_contacts on has_contacts.la_code = events.la_code
    where events.event_date <= {{ dbt.current_timestamp() }}
        and (events.source_kind = 'contact' or has_contacts.la_code is null)

),

la_months as (

    select la_code, event_month, count(*) as n_events, min(event_date) as first_event_date
    from window_events
    group by la_code, event_month

),

la_typical as (

    select la_code, max(n_events) as busiest_month_events
    from la_months
    group by la_code

),

la_first as (

    select
        la_months.la_code,
        min(la_months.first_event_date) as first_event_date
    from la_months
    inner join la_typical on la_typical.la_code = la_months.la_code
    where la_months.n_events >= {{ sparse_month_share }} * la_typical.busiest_month_events
    group by la_months.la_code

),

la_start as (

    select
        la_code,
        first_event_date,
        {%- if var('extract_start', none) %}
        cast('{{ var("extract_start") }}' as date) as extract_start
        {%- else %}
        first_event_date as extract_start
        {%- endif %}
    from la_first

),

-- working days of the extract's first month that come before its start
days_before_start as (

    select
        la_start.la_code,
        count(dates.date_day) as working_days_before
    from la_start
    left join {{ ref('dim_date') }} as dates
        on dates.date_day >= {{ month_start('la_start.extract_start') }}
        and dates.date_day < la_start.extract_start
        and dates.is_working_day
    group by la_start.la_code

),

all_months as (

    select
        {{ month_start('event_date') }} as event_month,
        count(*) as n_events,
        max(event_date) as last_event_date
    from front_door_events
    where event_date <= {{ dbt.current_timestamp() }}
    group by {{ month_start('event_date') }}

),

data_end as (

    select max(all_months.last_event_date) as last_event_date
    from all_months
    cross join (select max(n_events) as busiest_month_events from all_months) as typical
    where all_months.n_events >= {{ sparse_month_share }} * typical.busiest_month_events

),

as_at as (

    {%- if var('as_at') %}
    select cast('{{ var("as_at") }}' as date) as as_at_date
    {%- else %}
    select
        case
            when last_event_date = {{ month_end('last_event_date') }} then last_event_date
            else cast({{ dbt.dateadd('day', -1, month_start('last_event_date')) }} as date)
        end as as_at_date
    from data_end
    {%- endif %}

),

resolved as (

    select
        la_start.la_code,
        la_start.first_event_date,
        {%- if var('window_start', none) %}
        cast('{{ var("window_start") }}' as date) as window_start,
        {%- else %}
        case
            when days_before_start.working_days_before = 0
                then cast({{ month_start('la_start.extract_start') }} as date)
            else cast({{ dbt.dateadd('month', 1, month_start('la_start.extract_start')) }} as date)
        end as window_start,
        {%- endif %}
        as_at.as_at_date
    from la_start
    inner join days_before_start on days_before_start.la_code = la_start.la_code
    cross join as_at

)

select
    la_code,
    first_event_date,
    case
        when window_start < cast('{{ var("calendar_start") }}' as date)
            then cast('{{ var("calendar_start") }}' as date)
        else window_start
    end as window_start,
    as_at_date
from resolved

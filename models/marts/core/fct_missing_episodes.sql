{#- One row per missing or away episode (ssd_missing). is_missing: the type is `Missing` (matched
    case-insensitively), not `Away`. is_looked_after_at_start: the child was looked after on the
    day the episode started (fct_cla_looked_after_intervals open that day). -#}
with missing_episodes as (

    select * from {{ ref('stg_ssd__missing') }}

),

intervals as (

    select * from {{ ref('fct_cla_looked_after_intervals') }}

)

select
    missing_episodes.la_code,
    missing_episodes.missing_id,
    missing_episodes.person_id,
    missing_episodes.missing_start_date,
    {{ month_start('missing_episodes.missing_start_date') }} as start_month,
    missing_episodes.missing_end_date,
    missing_episodes.missing_type,
    coalesce(lower(missing_episodes.missing_type) = 'missing', false) as is_missing,
    exists (
        select 1 from intervals
        where intervals.la_code = missing_episodes.la_code
            and intervals.person_id = missing_episodes.person_id
            and {{ is_open_at('intervals.looked_after_start', 'intervals.looked_after_end',
                              'missing_episodes.missing_start_date') }}
    ) as is_looked_after_at_start,
    missing_episodes.is_rhi_offered,
    missing_episodes.is_rhi_accepted
from missing_episodes

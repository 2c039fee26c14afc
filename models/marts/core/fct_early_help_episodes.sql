{#- One row per early help episode (early help assessment). -#}
select
    la_code,
    episode_id,
    person_id,
    episode_start_date,
    {{ month_start('episode_start_date') }} as start_month,
    episode_end_date,
    episode_reason,
    episode_end_reason,
    episode_organisation
from {{ ref('stg_ssd__early_help_episodes') }}

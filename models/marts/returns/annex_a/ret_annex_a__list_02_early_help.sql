{#- Annex A list 2: every early help episode (assessment) started in the six months to the as-at date (pii). -#}
select
    windows.la_code,
    windows.as_at_date,
    early_help.person_id as child_id,
    early_help.episode_id,
    early_help.episode_start_date as assessment_start_date,
    case when early_help.episode_end_date <= windows.as_at_date then early_help.episode_end_date end
        as assessment_completion_date,
    early_help.episode_organisation as organisation
from {{ ref('stg_ssd__early_help_episodes') }} as early_help
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = early_help.la_code
where early_help.episode_start_date between windows.six_months_start and windows.as_at_date

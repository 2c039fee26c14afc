{#- One row per looked-after child's health check (ssd_cla_health). The SSD's type and status are
    text in mixed case ("Health Assessment", "Completed"); check_kind and is_completed match them
    case-insensitively, so the indicators never depend on how a system capitalises them. -#}
select
    la_code,
    health_check_id,
    person_id,
    health_check_date,
    {{ month_start('health_check_date') }} as health_check_month,
    health_check_type,
    health_check_status,
    case lower(health_check_type)
        when 'health assessment' then 'health_assessment'
        when 'dental check' then 'dental_check'
        when 'initial health assessment' then 'initial_health_assessment'
    end as check_kind,
    coalesce(lower(health_check_status) = 'completed', false) as is_completed
from {{ ref('stg_ssd__cla_health') }}

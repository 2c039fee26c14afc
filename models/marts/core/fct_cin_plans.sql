{#- One row per child in need plan. -#}
select
    la_code,
    cin_plan_id,
    person_id,
    referral_id,
    plan_start_date,
    {{ month_start('plan_start_date') }} as start_month,
    plan_end_date
from {{ ref('stg_ssd__cin_plans') }}

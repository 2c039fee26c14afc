{#- One row per statutory visit to a child on a child protection plan. cp_visit_pct finds a child's
    visits by the child and the date, not by cppv_cp_plan_id (optional in the SSD). -#}
select
    la_code,
    cp_visit_id,
    person_id,
    cp_plan_id,
    visit_date,
    {{ month_start('visit_date') }} as visit_month,
    is_child_seen,
    is_child_seen_alone
from {{ ref('stg_ssd__cp_visits') }}

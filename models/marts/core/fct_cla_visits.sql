{#- One row per statutory visit to a looked-after child (ssd_cla_visits). -#}
select
    la_code,
    cla_visit_id,
    person_id,
    cla_id,
    visit_date,
    is_child_seen,
    is_child_seen_alone
from {{ ref('stg_ssd__cla_visits') }}

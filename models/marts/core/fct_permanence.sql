{#- One row per permanence record (ssd_permanence): the adoption decision and its milestones, and
    the orders that end a period of care. days_decision_to_match: calendar days from the adoption
    decision (perm_adm_decision_date) to the match (perm_matched_date), where both are known. -#}
select
    la_code,
    permanence_id,
    person_id,
    cla_id,
    adm_decision_date,
    placement_order_date,
    matched_date,
    {{ month_start('matched_date') }} as matched_month,
    placed_for_adoption_date,
    placed_ffa_cp_date,
    {{ month_start('placed_ffa_cp_date') }} as placed_ffa_cp_month,
    permanence_order_date,
    permanence_order_type,
    decision_reversed_date,
    {{ dbt.datediff('adm_decision_date', 'matched_date', 'day') }} as days_decision_to_match
from {{ ref('stg_ssd__permanence') }}

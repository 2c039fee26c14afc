{#- One row per permanence record (ssd_permanence): the adoption decision and its milestones, and
    the orders that end a period of care. days_decision_to_match: calendar days from the adoption
    decision (perm_adm_decision_date) to the match (perm_matched_date), where both are known and
    the match is not before the decision (that is reported as matched_before_decision). -#}
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
    {#- a match before the decision is impossible: left out of the mean, reported as matched_before_decision -#}
    case
        when matched_date >= adm_decision_date then {{ dbt.datediff('adm_decision_date', 'matched_date', 'day') }}
    end as days_decision_to_match
from {{ ref('stg_ssd__permanence') }}

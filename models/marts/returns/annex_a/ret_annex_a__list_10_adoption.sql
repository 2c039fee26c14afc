{#- Annex A list 10: every decision that a child should be placed for adoption (ssd_permanence) still in
    force at the as-at date (neither reversed nor ended by an adoption order) or with any of its dates in
    the twelve months to it, with the start of the child's period of care (pii). -#}
with windows as (

    select * from {{ ref('ret_annex_a__window') }}

),

decisions as (

    select permanence.*, windows.as_at_date, windows.twelve_months_start
    from {{ ref('stg_ssd__permanence') }} as permanence
    inner join windows on windows.la_code = permanence.la_code
    where permanence.adm_decision_date is not null
        and permanence.adm_decision_date <= windows.as_at_date

)

select
    decisions.la_code,
    decisions.as_at_date,
    decisions.person_id as child_id,
    decisions.permanence_id,
    periods.period_start_date as date_entered_care,
    decisions.adm_decision_date,
    decisions.placement_order_date,
    decisions.matched_date,
    decisions.placed_for_adoption_date,
    decisions.permanence_order_date as adoption_order_date,
    decisions.decision_reversed_date,
    decisions.placed_ffa_cp_date
from decisions
left join {{ ref('fct_cla_periods_of_care') }} as periods
    on periods.la_code = decisions.la_code
    and periods.person_id = decisions.person_id
    and periods.cla_id = decisions.cla_id
where (decisions.decision_reversed_date is null and (decisions.permanence_order_date is null
                                                      or decisions.permanence_order_date > decisions.as_at_date))
    or decisions.adm_decision_date >= decisions.twelve_months_start
    or decisions.placement_order_date between decisions.twelve_months_start and decisions.as_at_date
    or decisions.matched_date between decisions.twelve_months_start and decisions.as_at_date
    or decisions.placed_for_adoption_date between decisions.twelve_months_start and decisions.as_at_date
    or decisions.permanence_order_date between decisions.twelve_months_start and decisions.as_at_date
    or decisions.decision_reversed_date between decisions.twelve_months_start and decisions.as_at_date

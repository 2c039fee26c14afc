{#- Annex A list 7: every child protection plan open at the as-at date or ended in the six months to it,
    with the latest visit to the child on or before the as-at date while the plan was open, whether the
    child was seen alone then, and the number of the child's earlier plans (pii). -#}
with plans as (

    select
        plans.*,
        windows.as_at_date,
        windows.six_months_start,
        count(*) over (
            partition by plans.la_code, plans.person_id order by plans.plan_start_date
            range between unbounded preceding and current row
        ) - count(*) over (partition by plans.la_code, plans.person_id, plans.plan_start_date) as previous_plans
    from {{ ref('stg_ssd__cp_plans') }} as plans
    inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = plans.la_code

),

visits as (

    select
        plans.la_code,
        plans.cp_plan_id,
        visits.visit_date,
        visits.is_child_seen_alone,
        row_number() over (
            partition by plans.la_code, plans.cp_plan_id order by visits.visit_date desc, visits.cp_visit_id desc
        ) as pick
    from plans
    inner join {{ ref('stg_ssd__cp_visits') }} as visits
        on visits.la_code = plans.la_code
        and visits.person_id = plans.person_id
        and visits.visit_date between plans.plan_start_date and coalesce(plans.plan_end_date, plans.as_at_date)
        and visits.visit_date <= plans.as_at_date

)

select
    plans.la_code,
    plans.as_at_date,
    plans.person_id as child_id,
    plans.cp_plan_id,
    plans.plan_start_date,
    plans.initial_category,
    plans.latest_category,
    visits.visit_date as last_visit_date,
    visits.is_child_seen_alone as seen_alone,
    case when plans.plan_end_date <= plans.as_at_date then plans.plan_end_date end as plan_end_date,
    cast(plans.previous_plans as integer) as previous_plans
from plans
left join visits
    on visits.la_code = plans.la_code
    and visits.cp_plan_id = plans.cp_plan_id
    and visits.pick = 1
where plans.plan_start_date <= plans.as_at_date
    and (plans.plan_end_date is null or plans.plan_end_date >= plans.six_months_start)

{#-
    One row per review of a child protection plan (indicators.md, "Reviews and status"), linked by
    cppr_cp_plan_id. Reviews dated on or after the plan's start are numbered R1, R2, ... in date
    order (ties by id); one dated before it, or naming no staged plan (dq_findings: no_linked_plan),
    is in no review indicator and not here.

    is_in_time: R1 when R1 <= plan start + 3 months; each later Rk when Rk <= R(k-1) + 6 months
    (calendar months clamped to the month's end). next_review_due_by: Rk + 6 months, the last day
    on which the next review is in time; the next review is overdue at d when this is the last
    review held by d and d is after it.
-#}
with reviews as (

    select * from {{ ref('stg_ssd__cp_reviews') }}

),

plans as (

    select la_code, cp_plan_id, person_id, plan_start_date, plan_end_date
    from {{ ref('fct_cp_plans') }}

),

linked as (

    select
        reviews.la_code,
        reviews.cp_review_id,
        plans.cp_plan_id,
        plans.person_id,
        plans.plan_start_date,
        plans.plan_end_date,
        reviews.review_date,
        reviews.review_due_date,
        reviews.review_outcome,
        reviews.review_participation,
        row_number() over (
            partition by reviews.la_code, plans.cp_plan_id order by reviews.review_date, reviews.cp_review_id
        ) as review_number,
        lag(reviews.review_date) over (
            partition by reviews.la_code, plans.cp_plan_id order by reviews.review_date, reviews.cp_review_id
        ) as previous_review_date,
        lead(reviews.review_date) over (
            partition by reviews.la_code, plans.cp_plan_id order by reviews.review_date, reviews.cp_review_id
        ) as next_review_date
    from reviews
    inner join plans
        on plans.la_code = reviews.la_code
        and plans.cp_plan_id = reviews.cp_plan_id
    where reviews.review_date >= plans.plan_start_date

)

select
    la_code,
    cp_review_id,
    cp_plan_id,
    person_id,
    plan_start_date,
    plan_end_date,
    review_date,
    review_due_date,
    review_outcome,
    review_participation,
    cast(review_number as {{ dbt.type_bigint() }}) as review_number,
    previous_review_date,
    next_review_date,
    case
        when review_number = 1 then review_date <= cast({{ dbt.dateadd('month', 3, 'plan_start_date') }} as date)
        else review_date <= cast({{ dbt.dateadd('month', 6, 'previous_review_date') }} as date)
    end as is_in_time,
    cast({{ dbt.dateadd('month', 6, 'review_date') }} as date) as next_review_due_by
from linked

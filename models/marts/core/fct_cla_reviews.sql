{#-
    One row per review of a looked-after child's period of care (indicators.md, "Reviews and
    status"), linked by clar_cla_id to the period of care whose clae_cla_id it names. Reviews dated
    on or after the period's start are numbered R1, R2, ... in date order (ties by id); one dated
    before it, or naming no staged period (dq_findings: no_linked_period_of_care), is in no review
    indicator and not here.

    is_in_time: R1 when wd(period start, R1) <= 20; R2 when R2 <= R1 + 3 months; each later Rk when
    Rk <= R(k-1) + 6 months (calendar months clamped to the month's end: 31 August + 6 months = 28
    or 29 February). next_review_due_by: the last day on which the next review is still in time,
    R1 + 3 months after R1, Rk + 6 months after any later one; the next review is overdue at d
    when this is the last review held by d and d is after it. A period starting before dim_date's
    first day (2010) has no working-day number: its R1 is not judged (is_in_time null); such an R1
    lies years before any reporting window.
-#}
with reviews as (

    select * from {{ ref('stg_ssd__cla_reviews') }}

),

{#- a clae_cla_id names one period of care; where two children's periods share one (a data error)
    the earlier-starting period takes the reviews, so that no review is counted twice -#}
periods as (

    select la_code, person_id, period_of_care_id, cla_id, period_start_date, period_end_date
    from (
        select
            periods.*,
            row_number() over (
                partition by la_code, cla_id order by period_start_date, person_id
            ) as claim_order
        from {{ ref('fct_cla_periods_of_care') }} as periods
        where cla_id is not null
    ) as claimed
    where claim_order = 1

),

linked as (

    select
        reviews.la_code,
        reviews.cla_review_id,
        periods.period_of_care_id,
        periods.person_id,
        periods.period_start_date,
        periods.period_end_date,
        reviews.review_date,
        reviews.review_due_date,
        reviews.review_participation,
        row_number() over (
            partition by reviews.la_code, periods.period_of_care_id
            order by reviews.review_date, reviews.cla_review_id
        ) as review_number,
        lag(reviews.review_date) over (
            partition by reviews.la_code, periods.period_of_care_id
            order by reviews.review_date, reviews.cla_review_id
        ) as previous_review_date,
        lead(reviews.review_date) over (
            partition by reviews.la_code, periods.period_of_care_id
            order by reviews.review_date, reviews.cla_review_id
        ) as next_review_date
    from reviews
    inner join periods
        on periods.la_code = reviews.la_code
        and periods.cla_id = reviews.cla_id
    where reviews.review_date >= periods.period_start_date

)

select
    linked.la_code,
    linked.cla_review_id,
    linked.period_of_care_id,
    linked.person_id,
    linked.period_start_date,
    linked.period_end_date,
    linked.review_date,
    linked.review_due_date,
    linked.review_participation,
    cast(linked.review_number as {{ dbt.type_bigint() }}) as review_number,
    linked.previous_review_date,
    linked.next_review_date,
    case
        when linked.review_number = 1 then {{ working_days('start_day', 'review_day') }} <= 20
        when linked.review_number = 2
            then linked.review_date <= cast({{ dbt.dateadd('month', 3, 'linked.previous_review_date') }} as date)
        else linked.review_date <= cast({{ dbt.dateadd('month', 6, 'linked.previous_review_date') }} as date)
    end as is_in_time,
    case
        when linked.review_number = 1 then cast({{ dbt.dateadd('month', 3, 'linked.review_date') }} as date)
        else cast({{ dbt.dateadd('month', 6, 'linked.review_date') }} as date)
    end as next_review_due_by
from linked
left join {{ ref('dim_date') }} as start_day on start_day.date_day = linked.period_start_date
left join {{ ref('dim_date') }} as review_day on review_day.date_day = linked.review_date

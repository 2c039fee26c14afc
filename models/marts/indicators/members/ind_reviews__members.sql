{#-
    The members of the reviews and status indicators (indicators.md, "Reviews and status"):
    looked-after and child protection reviews in timescale, and unaccompanied asylum-seeking
    children looked after, one row per child in each cohort at every month end d of the reporting
    window, in the shape of macros/members.sql. ind_reviews rolls them up; definitions:
    _indicators__docs.md.

    Whether each review was in time, and the day after which the next one is overdue, are worked
    out once per review in fct_cla_reviews and fct_cp_reviews. At d:
    - a review is "in the 12 months ending d" when d - 1 year < review date <= d (years_before);
    - the last review held by d is the review dated on or before d whose next review (if any) is
      dated after d; the next review is overdue when d > its next_review_due_by;
    - with no review held by d, the next (first) review is overdue for a period of care when
      wd(start, d) > 20 (every child of the cohort), and for a plan when d > start + 3 months.

    cla_review_timely_pct counts children looked after at d (fct_cla_month_ends, which leaves out
    V3/V4 short breaks) in the period of care they are in at d; reviews count for it through
    clar_cla_id = that period's clae_cla_id. cp_review_timely_pct counts children: a child with two
    plans open at d that started on or before d - 3 months is in time only if both are.
-#}
with cla_reviews as (

    select * from {{ ref('fct_cla_reviews') }}

),

plans as (

    select * from {{ ref('fct_cp_plans') }}

),

cp_reviews as (

    select * from {{ ref('fct_cp_reviews') }}

),

uasc_statuses as (

    select * from {{ ref('fct_immigration_status') }}
    where is_uasc

),

calendar as (

    select date_day, working_day_number from {{ ref('dim_date') }}

),

months as (

    select la_code, month_end from {{ ref('int_reporting_windows__split_into_months') }}

),

looked_after_at_month_end as (

    select la_code, month_end, person_id, period_of_care_id, period_start_date
    from {{ ref('fct_cla_month_ends') }}

),

-- looked after at d with wd(period of care start, d) > 20. A period that started before the
-- calendar's first day (2010) counts from that day: any d of a reporting window is more than 20
-- working days later.
cla_cohort as (

    select looked_after.*
    from looked_after_at_month_end as looked_after
    inner join calendar as month_day on month_day.date_day = looked_after.month_end
    left join calendar as start_day on start_day.date_day = looked_after.period_start_date
    where month_day.working_day_number - coalesce(start_day.working_day_number, 0) > 20

),

-- reviews of the cohort's period of care in the 12 months ending d that were not in time
cla_late_reviews as (

    select cohort.la_code, cohort.month_end, cohort.person_id, count(*) as late_reviews
    from cla_cohort as cohort
    inner join cla_reviews
        on cla_reviews.la_code = cohort.la_code
        and cla_reviews.period_of_care_id = cohort.period_of_care_id
        and cla_reviews.review_date <= cohort.month_end
        and cla_reviews.review_date > {{ years_before('cohort.month_end', 1) }}
    where not coalesce(cla_reviews.is_in_time, false)
    group by cohort.la_code, cohort.month_end, cohort.person_id

),

-- the last review of the period held by d
cla_last_reviews as (

    select cohort.la_code, cohort.month_end, cohort.person_id, cla_reviews.next_review_due_by
    from cla_cohort as cohort
    inner join cla_reviews
        on cla_reviews.la_code = cohort.la_code
        and cla_reviews.period_of_care_id = cohort.period_of_care_id
        and cla_reviews.review_date <= cohort.month_end
        and (cla_reviews.next_review_date is null or cla_reviews.next_review_date > cohort.month_end)

),

cla_measures as (

    select
        cohort.la_code,
        cohort.month_end,
        cohort.person_id,
        -- every review in the 12 months in time, and a review held whose successor is not yet due
        -- (none held by d: the first is overdue, since wd(start, d) > 20)
        (
            cla_late_reviews.late_reviews is null
            and cla_last_reviews.next_review_due_by is not null
            and cohort.month_end <= cla_last_reviews.next_review_due_by
        ) as is_timely
    from cla_cohort as cohort
    left join cla_late_reviews
        on cla_late_reviews.la_code = cohort.la_code
        and cla_late_reviews.month_end = cohort.month_end
        and cla_late_reviews.person_id = cohort.person_id
    left join cla_last_reviews
        on cla_last_reviews.la_code = cohort.la_code
        and cla_last_reviews.month_end = cohort.month_end
        and cla_last_reviews.person_id = cohort.person_id

),

-- plans open at d that started on or before d - 3 months
cp_cohort as (

    select plans.la_code, months.month_end, plans.person_id, plans.cp_plan_id, plans.plan_start_date
    from plans
    inner join months
        on months.la_code = plans.la_code
        and {{ is_open_at('plans.plan_start_date', 'plans.plan_end_date', 'months.month_end') }}
    where plans.plan_start_date <= {{ months_before('months.month_end', 3) }}

),

cp_late_reviews as (

    select cohort.la_code, cohort.month_end, cohort.cp_plan_id, count(*) as late_reviews
    from cp_cohort as cohort
    inner join cp_reviews
        on cp_reviews.la_code = cohort.la_code
        and cp_reviews.cp_plan_id = cohort.cp_plan_id
        and cp_reviews.review_date <= cohort.month_end
        and cp_reviews.review_date > {{ years_before('cohort.month_end', 1) }}
    where not coalesce(cp_reviews.is_in_time, false)
    group by cohort.la_code, cohort.month_end, cohort.cp_plan_id

),

cp_last_reviews as (

    select cohort.la_code, cohort.month_end, cohort.cp_plan_id, cp_reviews.next_review_due_by
    from cp_cohort as cohort
    inner join cp_reviews
        on cp_reviews.la_code = cohort.la_code
        and cp_reviews.cp_plan_id = cohort.cp_plan_id
        and cp_reviews.review_date <= cohort.month_end
        and (cp_reviews.next_review_date is null or cp_reviews.next_review_date > cohort.month_end)

),

cp_plan_measures as (

    select
        cohort.la_code,
        cohort.month_end,
        cohort.person_id,
        cp_late_reviews.late_reviews is null
            and cohort.month_end <= coalesce(
                cp_last_reviews.next_review_due_by,
                cast({{ dbt.dateadd('month', 3, 'cohort.plan_start_date') }} as date)
            ) as is_timely
    from cp_cohort as cohort
    left join cp_late_reviews
        on cp_late_reviews.la_code = cohort.la_code
        and cp_late_reviews.month_end = cohort.month_end
        and cp_late_reviews.cp_plan_id = cohort.cp_plan_id
    left join cp_last_reviews
        on cp_last_reviews.la_code = cohort.la_code
        and cp_last_reviews.month_end = cohort.month_end
        and cp_last_reviews.cp_plan_id = cohort.cp_plan_id

),

-- a child is in time when every such plan of theirs is
cp_measures as (

    select
        la_code,
        month_end,
        person_id,
        min(case when is_timely then 1 else 0 end) = 1 as is_timely
    from cp_plan_measures
    group by la_code, month_end, person_id

),

-- looked after at d with a UASC status open at d (start null or <= d; end null or > d)
uasc_at_month_end as (

    select distinct looked_after.la_code, looked_after.month_end, looked_after.person_id
    from looked_after_at_month_end as looked_after
    inner join uasc_statuses
        on uasc_statuses.la_code = looked_after.la_code
        and uasc_statuses.person_id = looked_after.person_id
        and (uasc_statuses.status_start_date is null or uasc_statuses.status_start_date <= looked_after.month_end)
        and (uasc_statuses.status_end_date is null or uasc_statuses.status_end_date > looked_after.month_end)

),

stocks as (

    -- cla_review_timely_pct: of looked-after children with wd(period start, d) > 20, those in time
    select {{ member('cla_review_timely_pct', 'person_id', 'month_end',
                     in_numerator='is_timely', in_denominator='true') }}
    from cla_measures

    union all

    -- cp_review_timely_pct: of children with a plan open at d that started on or before d - 3
    -- months, those whose every such plan is in time
    select {{ member('cp_review_timely_pct', 'person_id', 'month_end',
                     in_numerator='is_timely', in_denominator='true') }}
    from cp_measures

    union all

    -- uasc_open: looked-after children with a UASC immigration status open at d
    select {{ member('uasc_open', 'person_id', 'month_end') }}
    from uasc_at_month_end

)

{{ members_from(stock_cte='stocks') }}

{#-
    One row per child protection plan, with the child's earlier plans and the plan's duration.

    plan_number: the plan's place among the child's plans by start date (1 = first). Plans that
    start on the same day share a number: neither started earlier than the other.
    is_repeat_plan (cp_repeat_pct, DfE D3): the child has a plan that started strictly earlier, at
    any time (plan_number > 1).
    previous_plan_*: the child's plan with the latest start date strictly before this one's (ties:
    an open one, else the later-ending, then the greater id).
    is_repeat_within_2y (cp_repeat_2y_pct): the child has a previous plan (one that started
    strictly earlier) whose end date is on or after this start date minus 2 years (calendar
    arithmetic, clamped: 29 Feb 2024 - 2 years = 28 Feb 2022). A previous plan with no end date
    is still open when this one starts: it has not ended before the two years, so it counts
    (it overlaps this plan, which dq_findings reports as overlapping_period).
    duration_days: end - start in days, null while the plan is open. lasted_2y_plus
    (cp_ended_2y_plus_pct): end date >= start date + 2 years (29 Feb 2020 + 2 years = 28 Feb 2022).
    overlaps_another_plan: another plan of the child is open on a day this one is (a plan ending the
    day another starts does not overlap it); a data-quality finding, tested with severity warn.
-#}
with plans as (

    select * from {{ ref('stg_ssd__cp_plans') }}

),

numbered as (

    select
        plans.*,
        dense_rank() over (partition by la_code, person_id order by plan_start_date) as plan_number
    from plans

),

{#- each plan meets the child's other plans only (a handful), never every plan -#}
pairs as (

    select
        this.la_code,
        this.cp_plan_id,
        other.cp_plan_id as other_plan_id,
        other.plan_start_date as other_start_date,
        other.plan_end_date as other_end_date,
        other.plan_start_date < this.plan_start_date as is_earlier,
        other.plan_start_date < this.plan_start_date
            and (
                other.plan_end_date is null
                or other.plan_end_date >= {{ years_before('this.plan_start_date', 2) }}
            ) as is_earlier_within_2y,
        other.plan_start_date < coalesce(this.plan_end_date, cast('9999-12-31' as date))
            and this.plan_start_date < coalesce(other.plan_end_date, cast('9999-12-31' as date)) as is_overlapping
    from plans as this
    inner join plans as other
        on other.la_code = this.la_code
        and other.person_id = this.person_id
        and other.cp_plan_id <> this.cp_plan_id

),

previous as (

    select
        la_code,
        cp_plan_id,
        other_plan_id as previous_plan_id,
        other_start_date as previous_plan_start_date,
        other_end_date as previous_plan_end_date,
        row_number() over (
            partition by la_code, cp_plan_id
            order by other_start_date desc, coalesce(other_end_date, cast('9999-12-31' as date)) desc,
                other_plan_id desc
        ) as recency
    from pairs
    where is_earlier

),

pair_flags as (

    select
        la_code,
        cp_plan_id,
        max(case when is_earlier_within_2y then 1 else 0 end) = 1 as is_repeat_within_2y,
        max(case when is_overlapping then 1 else 0 end) = 1 as overlaps_another_plan
    from pairs
    group by la_code, cp_plan_id

)

select
    numbered.la_code,
    numbered.cp_plan_id,
    numbered.person_id,
    numbered.referral_id,
    numbered.icpc_id,
    numbered.plan_start_date,
    {{ month_start('numbered.plan_start_date') }} as start_month,
    numbered.plan_end_date,
    {{ month_start('numbered.plan_end_date') }} as end_month,
    numbered.initial_category,
    numbered.latest_category,
    numbered.plan_number,
    numbered.plan_number > 1 as is_repeat_plan,
    previous.previous_plan_id,
    previous.previous_plan_start_date,
    previous.previous_plan_end_date,
    coalesce(pair_flags.is_repeat_within_2y, false) as is_repeat_within_2y,
    {{ dbt.datediff('numbered.plan_start_date', 'numbered.plan_end_date', 'day') }} as duration_days,
    numbered.plan_end_date >= cast({{ dbt.dateadd('year', 2, 'numbered.plan_start_date') }} as date)
        as lasted_2y_plus,
    coalesce(pair_flags.overlaps_another_plan, false) as overlaps_another_plan
from numbered
left join previous
    on previous.la_code = numbered.la_code
    and previous.cp_plan_id = numbered.cp_plan_id
    and previous.recency = 1
left join pair_flags
    on pair_flags.la_code = numbered.la_code
    and pair_flags.cp_plan_id = numbered.cp_plan_id

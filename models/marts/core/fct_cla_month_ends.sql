{#-
    One row per child looked after at each month end d of the reporting window (a periodic
    snapshot): the period of care they are in at d and what the looked-after stock indicators ask
    of them at d. Looked after at d is an interval of fct_cla_looked_after_intervals open at d (a
    child is in at most one); each interval meets only the month ends it covers.

    - placements_in_12_months: different placements occupied on at least one day of the 12 months
      ending d: start <= d and (end null or end > d - 1 year + 1 day), and not ending the day it
      starts;
    - placement_start_date: the start of the placement in force on d (in_force_on: start <= d <
      end; the latest started, then the largest id, where rows overlap);
    - latest_seen_visit_date: the child's latest visit where they were seen, in the 91 days to d
      (d - 91 <= visit date <= d), the furthest back any visit rule looks;
    - has_health_assessment, has_dental_check: a Completed check in the 12 months ending d
      (d - 1 year < date <= d);
    - is_under_16: not yet 16 in whole years on d: born after d - 16 years (years_before: 29
      February + n years falls on 1 March in a common year, which the month of birth alone cannot
      say at the end of a February, so the date of birth is read from staging for this comparison
      and goes no further). A child with no person row has no age (false).
-#}
with intervals as (

    select * from {{ ref('fct_cla_looked_after_intervals') }}

),

months as (

    select la_code, month_end from {{ ref('int_reporting_windows__split_into_months') }}

),

looked_after as (

    select
        intervals.la_code,
        months.month_end,
        intervals.person_id,
        intervals.period_of_care_id,
        intervals.period_start_date
    from intervals
    inner join months
        on months.la_code = intervals.la_code
        and {{ is_open_at('intervals.looked_after_start', 'intervals.looked_after_end', 'months.month_end') }}

),

placements as (

    select * from {{ ref('fct_cla_placements') }}

),

placements_in_12_months as (

    select
        looked_after.la_code,
        looked_after.month_end,
        looked_after.person_id,
        count(distinct placements.cla_placement_id) as placement_count
    from looked_after
    inner join placements
        on placements.la_code = looked_after.la_code
        and placements.person_id = looked_after.person_id
        and placements.placement_start_date <= looked_after.month_end
        and (
            placements.placement_end_date is null
            or (placements.placement_end_date > cast({{ dbt.dateadd('day', 1, years_before('looked_after.month_end', 1)) }} as date)
                and placements.placement_end_date > placements.placement_start_date)
        )
    group by looked_after.la_code, looked_after.month_end, looked_after.person_id

),

placement_on_day as (

    {{ in_force_on('looked_after', 'month_end', 'placements', 'placement_start_date', 'placement_end_date',
                   'cla_placement_id', ['placement_start_date']) }}

),

latest_seen_visit as (

    select
        looked_after.la_code,
        looked_after.month_end,
        looked_after.person_id,
        max(visits.visit_date) as visit_date
    from looked_after
    inner join {{ ref('fct_cla_visits') }} as visits
        on visits.la_code = looked_after.la_code
        and visits.person_id = looked_after.person_id
        and visits.is_child_seen
        and visits.visit_date <= looked_after.month_end
        and visits.visit_date >= cast({{ dbt.dateadd('day', -91, 'looked_after.month_end') }} as date)
    group by looked_after.la_code, looked_after.month_end, looked_after.person_id

),

health_checks_in_12_months as (

    select
        looked_after.la_code,
        looked_after.month_end,
        looked_after.person_id,
        max(case when checks.check_kind = 'health_assessment' then 1 else 0 end) as has_health_assessment,
        max(case when checks.check_kind = 'dental_check' then 1 else 0 end) as has_dental_check
    from looked_after
    inner join {{ ref('fct_cla_health_checks') }} as checks
        on checks.la_code = looked_after.la_code
        and checks.person_id = looked_after.person_id
        and checks.is_completed
        and checks.check_kind in ('health_assessment', 'dental_check')
        and checks.health_check_date <= looked_after.month_end
        and checks.health_check_date > {{ years_before('looked_after.month_end', 1) }}
    group by looked_after.la_code, looked_after.month_end, looked_after.person_id

)

select
    looked_after.la_code,
    looked_after.month_end,
    looked_after.person_id,
    looked_after.period_of_care_id,
    looked_after.period_start_date,
    coalesce(placements_in_12_months.placement_count, 0) as placements_in_12_months,
    placement_on_day.placement_start_date,
    latest_seen_visit.visit_date as latest_seen_visit_date,
    coalesce(health_checks_in_12_months.has_health_assessment = 1, false) as has_health_assessment,
    coalesce(health_checks_in_12_months.has_dental_check = 1, false) as has_dental_check,
    coalesce(children.date_of_birth > {{ years_before('looked_after.month_end', 16) }}, false)
        as is_under_16
from looked_after
left join placements_in_12_months
    on placements_in_12_months.la_code = looked_after.la_code
    and placements_in_12_months.month_end = looked_after.month_end
    and placements_in_12_months.person_id = looked_after.person_id
left join placement_on_day
    on placement_on_day.la_code = looked_after.la_code
    and placement_on_day.in_force_day = looked_after.month_end
    and placement_on_day.person_id = looked_after.person_id
left join latest_seen_visit
    on latest_seen_visit.la_code = looked_after.la_code
    and latest_seen_visit.month_end = looked_after.month_end
    and latest_seen_visit.person_id = looked_after.person_id
left join health_checks_in_12_months
    on health_checks_in_12_months.la_code = looked_after.la_code
    and health_checks_in_12_months.month_end = looked_after.month_end
    and health_checks_in_12_months.person_id = looked_after.person_id
left join {{ ref('stg_ssd__person') }} as children  -- the date of birth, compared here and not kept
    on children.la_code = looked_after.la_code
    and children.person_id = looked_after.person_id

{#-
    When each child was looked after, as intervals [looked_after_start, looked_after_end): one row
    per maximal run of days within one period of care on which the child was looked after
    (indicators.md, Conventions): a looked-after episode in force on the day and the child's legal
    status that day not V3 or V4. looked_after_end is null while the child is still looked after.

    What is in force on each day is int_cla_timelines__segmented (held once: where a child's
    episodes or legal statuses overlap, the latest started wins, so a child is in at most one
    interval on any day); this model merges its adjacent looked-after segments of the same period
    of care. "Looked after at d" is then looked_after_start <= d and (looked_after_end is null or
    looked_after_end > d): open at d.
-#}
with looked_after_segments as (

    select
        la_code,
        person_id,
        period_of_care_id,
        period_start_date,
        segment_start,
        segment_end
    from {{ ref('int_cla_timelines__segmented') }}
    where is_looked_after

),

islands as (

    select
        looked_after_segments.*,
        sum(case when continues then 0 else 1 end) over (
            partition by la_code, person_id order by segment_start rows between unbounded preceding and current row
        ) as island
    from (
        select
            looked_after_segments.*,
            coalesce(
                lag(segment_end) over (partition by la_code, person_id order by segment_start) = segment_start
                and lag(period_of_care_id) over (partition by la_code, person_id order by segment_start)
                    = period_of_care_id,
                false
            ) as continues
        from looked_after_segments
    ) as looked_after_segments

)

select
    la_code,
    person_id,
    period_of_care_id,
    min(period_start_date) as period_start_date,
    min(segment_start) as looked_after_start,
    case when count(*) = count(segment_end) then max(segment_end) end as looked_after_end
from islands
group by la_code, person_id, period_of_care_id, island

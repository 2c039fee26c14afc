{#-
    The members of the children looked after indicators (indicators.md, "Children looked after"):
    one row per indicator and thing counted, in the shape of macros/members.sql. ind_looked_after
    rolls them up; definitions: _indicators__docs.md.

    - Flows counted as events: care starts and endings (fct_cla_episodes, not under a V3/V4 short
      break), Missing episodes starting on a day the child was looked after.
    - cla_iha_20wd_pct: one row per care start, counting from its 20th working day (counts_from):
      wd(start, period_end) >= 20 exactly when period_end >= that day.
    - cla_missing_children and cla_missing_pct count children once per period (roll_up_periods):
      a row per Missing episode (numerator) and, for cla_missing_pct's denominator, a row per child
      and month in which they were looked after on at least one day (an interval with start <=
      month end and (end null or end > month start), dated by the first such day): a period is
      whole months, so a child looked after on a day of the period is looked after in one of its
      months.
    - Stocks at every month end d, from fct_cla_month_ends (one row per child looked after at d).
-#}
with episodes as (

    select * from {{ ref('fct_cla_episodes') }}

),

missing_episodes as (

    select * from {{ ref('fct_missing_episodes') }}
    where is_missing and is_looked_after_at_start and missing_start_date is not null

),

month_ends as (

    select * from {{ ref('fct_cla_month_ends') }}

),

looked_after_in_month as (

    select
        intervals.la_code,
        intervals.person_id,
        case
            when intervals.looked_after_start > months.month_start then intervals.looked_after_start
            else months.month_start
        end as first_day_looked_after
    from {{ ref('fct_cla_looked_after_intervals') }} as intervals
    inner join {{ ref('int_reporting_windows__split_into_months') }} as months
        on months.la_code = intervals.la_code
        and intervals.looked_after_start <= months.month_end
        and (intervals.looked_after_end is null or intervals.looked_after_end > months.month_start)

),

events as (

    -- cla_starts: episodes with start reason S dated in the period (not under a V3/V4 short break)
    select {{ member('cla_starts', 'cla_episode_id', 'episode_start_date', event_id='cla_episode_id') }}
    from episodes
    where is_care_start and episode_start_date is not null

    union all
    -- cla_ceased: episodes ceased in the period with a ceased reason other than X1
    select {{ member('cla_ceased', 'cla_episode_id', 'episode_ceased_date', event_id='cla_episode_id') }}
    from episodes
    where is_care_end

    union all
    -- cla_iha_20wd_pct: care starts whose 20th working day is on or before the period's end; in the
    -- numerator when a Completed Initial Health Assessment came within 20 working days
    select {{ member('cla_iha_20wd_pct', 'cla_episode_id', 'episode_start_date', event_id='cla_episode_id',
                     in_numerator='is_iha_within_20wd', in_denominator='true', counts_from='iha_due_date') }}
    from episodes
    where is_care_start and episode_start_date is not null and iha_due_date is not null

    union all
    -- cla_missing_episodes: Missing episodes starting in the period on a day the child was looked after
    select {{ member('cla_missing_episodes', 'missing_id', 'missing_start_date', event_id='missing_id') }}
    from missing_episodes

    union all
    -- cla_missing_children: children with such an episode in the period, each counted once
    select {{ member('cla_missing_children', 'person_id', 'missing_start_date', event_id='missing_id') }}
    from missing_episodes

    union all
    -- cla_missing_pct: cla_missing_children / children looked after on at least one day of the period
    select {{ member('cla_missing_pct', 'person_id', 'missing_start_date', event_id='missing_id',
                     in_numerator='true', in_denominator='false') }}
    from missing_episodes
    union all
    select {{ member('cla_missing_pct', 'person_id', 'first_day_looked_after',
                     in_numerator='false', in_denominator='true') }}
    from looked_after_in_month

),

stocks as (

    -- cla_open: children looked after at d
    select {{ member('cla_open', 'person_id', 'month_end') }}
    from month_ends

    union all

    -- cla_3plus_placements_pct: of children looked after at d, those in 3 or more placements in
    -- the 12 months ending d
    select {{ member('cla_3plus_placements_pct', 'person_id', 'month_end',
                     in_numerator='placements_in_12_months >= 3', in_denominator='true') }}
    from month_ends

    union all

    -- cla_long_term_stability_pct: of those under 16 whose period of care started on or before
    -- d - 30 months, those whose placement on d started on or before d - 2 years
    select {{ member('cla_long_term_stability_pct', 'person_id', 'month_end',
                     in_numerator='placement_start_date <= ' ~ years_before('month_end', 2),
                     in_denominator='true') }}
    from month_ends
    where is_under_16 and period_start_date <= {{ months_before('month_end', 30) }}

    union all

    -- cla_visit_pct: of those whose period of care started on or before d - 42 days, those seen
    -- within 42 days (91 days where the placement on d started on or before d - 1 year)
    select {{ member('cla_visit_pct', 'person_id', 'month_end',
                     in_numerator='latest_seen_visit_date >= cast(' ~ dbt.dateadd('day', -42, 'month_end') ~ ' as date)'
                                  ~ ' or (latest_seen_visit_date is not null and placement_start_date <= '
                                  ~ years_before('month_end', 1) ~ ')',
                     in_denominator='true') }}
    from month_ends
    where period_start_date <= cast({{ dbt.dateadd('day', -42, 'month_end') }} as date)

    union all

    -- cla_health_pct and cla_dental_pct: of those looked after for 12 months or more, those with a
    -- Completed check in the 12 months ending d
    select {{ member('cla_health_pct', 'person_id', 'month_end',
                     in_numerator='has_health_assessment', in_denominator='true') }}
    from month_ends
    where period_start_date <= {{ years_before('month_end', 1) }}

    union all

    select {{ member('cla_dental_pct', 'person_id', 'month_end',
                     in_numerator='has_dental_check', in_denominator='true') }}
    from month_ends
    where period_start_date <= {{ years_before('month_end', 1) }}

)

{{ members_from('events', 'stocks') }}

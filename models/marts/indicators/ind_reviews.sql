{#-
    Reviews and status (indicators.md, "Reviews and status"): looked-after and child protection
    reviews in timescale, and unaccompanied asylum-seeking children looked after, as snapshots at
    every month end d of the reporting window. One row per authority, indicator and period.
    Definitions: models/marts/indicators/_indicators__docs.md; who is counted, and the review
    rules at d: ind_reviews__members (roll_up_snapshots: distinct children at each d).
-#}
{%- set stock_indicators = ['cla_review_timely_pct', 'cp_review_timely_pct', 'uasc_open'] %}

with members as (

    select * from {{ ref('ind_reviews__members') }}

),

{{ roll_up_snapshots('members', stock_indicators) }},

{{ indicator_rows(['snapshot_periods']) }}

{#-
    Children looked after (indicators.md, "Children looked after"), in long format: one row per
    authority, indicator and period. Definitions: models/marts/indicators/_indicators__docs.md;
    who is counted: ind_looked_after__members. Permanence, care leavers and the workforce are
    ind_permanence, ind_care_leavers and ind_workforce; reviews and UASC, ind_reviews.

    "Looked after at d" is an interval of fct_cla_looked_after_intervals open at d (an episode in
    force and a legal status other than V3/V4 short breaks). Flows are rolled up from their members
    by month (roll_up_flows: month, ytd, rolling_12m); stocks count distinct children at each month
    end (roll_up_snapshots); cla_rate divides cla_open by the ONS child population (rates_per_10k).
    Measures that cannot be summed from months take their own path over dim_period
    (roll_up_periods): distinct children going missing (and those looked after on at least one day
    of the period), and initial health assessments, whose cohort depends on the period's end.
-#}
{%- set flow_indicators = ['cla_starts', 'cla_ceased', 'cla_missing_episodes'] %}
{%- set stock_indicators = [
    'cla_open', 'cla_3plus_placements_pct', 'cla_long_term_stability_pct', 'cla_visit_pct', 'cla_health_pct',
    'cla_dental_pct',
] %}
{#- counted once per id over a whole period (macros/breakdowns.sql says which, for the breakdowns too) -#}
{%- set period_indicators = distinct_over_period_indicators() %}
{%- set rates = {
    'cla_rate': ['cla_open', ['snapshot']],
} %}

with members as (

    select * from {{ ref('ind_looked_after__members') }}

),

{{ roll_up_flows('members', flow_indicators) }},

{{ roll_up_snapshots('members', stock_indicators) }},

{{ rates_per_10k(['snapshot_periods'], rates) }},

{{ roll_up_periods('members', period_indicators) }},

{{ indicator_rows(['flow_periods', 'snapshot_periods', 'rate_periods', 'distinct_periods']) }}

{#-
    Permanence (indicators.md, "Children looked after, permanence"): adoptions, adoptions of those
    leaving care, fostering for adoption placements and the days from adoption decision to match,
    in long format: one row per authority, indicator and period (month, ytd, rolling_12m at every
    month end of the reporting window). Definitions: models/marts/indicators/_indicators__docs.md;
    who is counted: ind_permanence__members. All four are additive flows (roll_up_flows);
    adm_to_match_days is a mean of days, its numerator the days and its denominator the matches.
-#}
{%- set flow_indicators = ['adoptions', 'adoption_pct', 'ffa_placements', 'adm_to_match_days'] %}

with members as (

    select * from {{ ref('ind_permanence__members') }}

),

{{ roll_up_flows('members', flow_indicators) }},

{{ indicator_rows(['flow_periods']) }}

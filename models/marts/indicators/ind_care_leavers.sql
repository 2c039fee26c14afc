{#-
    Care leavers (indicators.md, "care leavers"): in touch, in suitable accommodation, and in
    education, employment or training, of the Former Relevant care leavers aged 19 to 21, as
    snapshots at every month end d of the reporting window; one row per authority, indicator and
    period. Definitions: models/marts/indicators/_indicators__docs.md; who is counted:
    ind_care_leavers__members (roll_up_snapshots: distinct children at each d).
-#}
{%- set stock_indicators = ['care_leavers_in_touch_pct', 'care_leavers_accom_pct', 'care_leavers_eet_pct'] %}

with members as (

    select * from {{ ref('ind_care_leavers__members') }}

),

{{ roll_up_snapshots('members', stock_indicators) }},

{{ indicator_rows(['snapshot_periods']) }}

{#-
    Child protection (indicators.md, second table), in long format: one row per authority,
    indicator and period. Definitions: models/marts/indicators/_indicators__docs.md; who is
    counted: ind_child_protection__members.

    Flows (s47 enquiries, ICPCs, plans started and ended) are rolled up from their members by month
    (roll_up_flows: month, ytd, rolling_12m). Stocks are ids open at each month end d
    (roll_up_snapshots): children for cp_open, cp_open_12_18m, cp_open_18m_plus and cp_visit_pct,
    plans for cp_open_2y_plus_pct (DfE D5). Rates divide by the ONS child population
    (rates_per_10k).
-#}
{%- set flow_indicators = [
    's47_starts', 's47_icpc_pct', 'icpcs', 'icpc_15wd_pct', 'icpc_plan_pct', 'cp_starts',
    'cp_repeat_pct', 'cp_repeat_2y_pct', 'cp_ended_2y_plus_pct',
] %}
{%- set stock_indicators = [
    'cp_open', 'cp_open_12_18m', 'cp_open_18m_plus', 'cp_open_2y_plus_pct', 'cp_visit_pct',
] %}
{%- set rates = {
    's47_rate': ['s47_starts', ['rolling_12m']],
    'icpc_rate': ['icpcs', ['rolling_12m']],
    'cp_rate': ['cp_open', ['snapshot']],
} %}

with members as (

    select * from {{ ref('ind_child_protection__members') }}

),

{{ roll_up_flows('members', flow_indicators) }},

{{ roll_up_snapshots('members', stock_indicators) }},

{{ rates_per_10k(['flow_periods', 'snapshot_periods'], rates) }},

{{ indicator_rows(['flow_periods', 'snapshot_periods', 'rate_periods']) }}

{#-
    Breakdowns (indicators.md, "Breakdowns"): every count and percent indicator about children or
    their events, by the child's ethnicity group, age band, sex, disability and team. The categories
    of a dimension partition the indicator's cohort. ind_members__attributed gives each member its
    categories; indicator_breakdowns rolls them up as the family models roll up the members.
-#}

{#- The indicator families, in the order indicator_values unions them: each has a model
    ind_<family> (its values) and ind_<family>__members (the rows behind them). -#}
{% macro indicator_families() -%}
    {{ return(['front_door', 'child_protection', 'looked_after', 'permanence', 'care_leavers', 'workforce',
               'reviews']) }}
{%- endmacro %}


{#- The flow indicators counted as distinct ids over a whole period (roll_up_periods), not summed
    from months: ind_looked_after rolls them up so, and so do their breakdowns. -#}
{% macro distinct_over_period_indicators() -%}
    {{ return(['cla_iha_20wd_pct', 'cla_missing_children', 'cla_missing_pct']) }}
{%- endmacro %}


{#- The dimensions, in the order a table shows them. -#}
{% macro breakdown_dimensions() -%}
    {{ return(['ethnicity_group', 'age_band', 'sex', 'disability', 'team']) }}
{%- endmacro %}


{#- Is an indicator broken down? Every count and percent indicator about children or their events:
    all but the workforce's (agency_sw_pct, sw_caseload_avg, about social workers), the mean days
    (adm_to_match_days), the median (assessment_median_wd) and the rates (their units are not count
    or percent). -#}
{% macro in_breakdowns(unit, indicator_id) -%}
    ({{ unit }} in ('count', 'percent') and {{ indicator_id }} not in ('agency_sw_pct', 'sw_caseload_avg'))
{%- endmacro %}


{#- The DfE major ethnic group of a CIN census / SSDA903 ethnicity code (data-contract.md). -#}
{% macro ethnicity_group(code) -%}
    case
        when {{ code }} in ('WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM') then 'White'
        when {{ code }} in ('MWBC', 'MWBA', 'MWAS', 'MOTH') then 'Mixed'
        when {{ code }} in ('AIND', 'APKN', 'ABAN', 'CHNE', 'AOTH') then 'Asian or Asian British'
        when {{ code }} in ('BCRB', 'BAFR', 'BOTH') then 'Black or Black British'
        when {{ code }} = 'OOTH' then 'Other ethnic group'
        when {{ code }} = 'REFU' then 'Refused'
        else 'Not recorded'
    end
{%- endmacro %}


{#- The age band of a child born on `birth_date` on day `day`, in whole years (at least n years old
    on d when born on or before d - n years): under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over;
    unknown with no date of birth or one after the day. -#}
{% macro age_band(birth_date, day) -%}
    case
        when {{ birth_date }} is null or {{ birth_date }} > {{ day }} then 'unknown'
        when {{ birth_date }} > {{ years_before(day, 1) }} then 'under 1'
        when {{ birth_date }} > {{ years_before(day, 5) }} then '1 to 4'
        when {{ birth_date }} > {{ years_before(day, 10) }} then '5 to 9'
        when {{ birth_date }} > {{ years_before(day, 16) }} then '10 to 15'
        else '16 and over'
    end
{%- endmacro %}


{#- Sex as the breakdown shows it: M or 1 male, F or 2 female, anything else unknown. -#}
{% macro sex_category(code) -%}
    case
        when {{ code }} in ('M', '1') then 'male'
        when {{ code }} in ('F', '2') then 'female'
        else 'unknown'
    end
{%- endmacro %}

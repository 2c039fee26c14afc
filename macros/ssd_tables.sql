{#- The SSD tables, as the suffixes of their base_ssd__ and stg_ssd__ models. dbt needs every ref()
    spelt out at parse time, so this list is written here; tests/test_contract.py checks it against
    the sources file. -#}
{% macro ssd_tables() -%}
    {{ return([
        'person', 'contacts', 'early_help_episodes', 'cin_episodes', 'cin_assessments', 'cin_plans',
        's47_enquiry', 'initial_cp_conference', 'cp_plans', 'cp_visits', 'cla_episodes',
        'cla_placement', 'legal_status', 'cla_visits', 'cla_health', 'missing', 'care_leavers',
        'permanence', 'professionals', 'involvements', 'disability', 'cla_reviews', 'cp_reviews',
        'immigration_status'
    ]) }}
{%- endmacro %}

{#- One data-quality finding per row of `relation` (aliased `checked`) meeting `condition`, in
    dq_findings' columns. -#}
{% macro dq_finding(relation, table_name, id_column, rule, column_name, value_expr, condition, severity='warning') -%}
    select
        checked.la_code,
        '{{ table_name }}' as table_name,
        checked.{{ id_column }} as record_id,
        '{{ rule }}' as rule,
        '{{ severity }}' as severity,
        '{{ column_name }}' as column_name,
        cast({{ value_expr }} as {{ dbt.type_string() }}) as offending_value,
        checked.source_file,
        checked.source_row
    from {{ relation }} as checked
    where {{ condition }}
{%- endmacro %}


{#- The date that places each staged event in a period: (stg model suffix, its id column, the date
    column). dq_findings checks the child's age on it, dq_consistency_findings that it is not after
    the as-at date. -#}
{% macro dq_event_dates() -%}
    {{ return([
        ('contacts', 'contact_id', 'contact_date'),
        ('early_help_episodes', 'episode_id', 'episode_start_date'),
        ('cin_episodes', 'referral_id', 'referral_date'),
        ('cin_assessments', 'assessment_id', 'assessment_auth_date'),
        ('s47_enquiry', 's47_enquiry_id', 's47_start_date'),
        ('initial_cp_conference', 'icpc_id', 'icpc_date'),
        ('cp_plans', 'cp_plan_id', 'plan_start_date'),
        ('cp_visits', 'cp_visit_id', 'visit_date'),
        ('cla_episodes', 'cla_episode_id', 'episode_start_date'),
        ('cla_placement', 'cla_placement_id', 'placement_start_date'),
        ('cla_visits', 'cla_visit_id', 'visit_date'),
        ('cla_health', 'health_check_id', 'health_check_date'),
        ('missing', 'missing_id', 'missing_start_date'),
        ('involvements', 'involvement_id', 'involvement_start_date'),
        ('cla_reviews', 'cla_review_id', 'review_date'),
        ('cp_reviews', 'cp_review_id', 'review_date'),
    ]) }}
{%- endmacro %}

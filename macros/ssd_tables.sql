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

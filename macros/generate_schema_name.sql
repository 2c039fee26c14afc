{#- Schemas are named for their layer (staging, core, reporting, ...) rather than
    prefixed with the target schema, so an analyst finds `reporting.indicator_values` in the
    warehouse. A custom schema set on a folder is used as it is. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

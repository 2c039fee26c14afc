{#
    expression_is_true: every row satisfies a SQL boolean expression. Returns the rows that do not.

        data_tests:
          - expression_is_true:
              arguments:
                expression: "raw_rows = staged_rows + quarantined_rows"
#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not ({{ expression }}) or ({{ expression }}) is null

{% endtest %}

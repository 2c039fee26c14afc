{#
    unique_combination: no two rows share the same values of combination_of_columns.

        data_tests:
          - unique_combination:
              arguments:
                combination_of_columns: [area_code, mid_year]

    Rows where any of the columns is null group together, so filter them with `config: where:`
    if the combination may be partly null. Returns one row per duplicated combination.
#}
{% test unique_combination(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(',\n    ') }},
    count(*) as n_rows
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}

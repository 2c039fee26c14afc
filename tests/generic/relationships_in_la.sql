{#
    relationships_in_la: every non-null value of the column names a row of `to` in the same
    authority. Ids are unique only within an authority, so every key is (la_code, id) and dbt's
    single-column relationships test cannot check them.

        columns:
          - name: person_id
            data_tests:
              - relationships_in_la:
                  arguments: {to: ref('dim_child'), field: person_id}
#}
{% test relationships_in_la(model, column_name, to, field) %}

with child as (

    select * from {{ model }}

)

select child.la_code, child.{{ column_name }}
from child
where child.{{ column_name }} is not null
    and not exists (
        select 1 from {{ to }} as parent
        where parent.la_code = child.la_code and parent.{{ field }} = child.{{ column_name }}
    )

{% endtest %}

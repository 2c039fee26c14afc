{#-
    "In force on a day", held once (indicators.md, Conventions): a row with a start and an end
    date is in force on day x when it is open at x (start <= x < end; an open row has no end).
    Where a child's rows of one kind overlap on x (two legal statuses, two episodes, two
    placements, two allocated involvements), the one in force is the one that started latest, then
    the one with the largest id.
-#}

{#- A select (to wrap in a CTE) of the row of `rows` in force on each day `day` of `points`, for
    the same authority and child: la_code, person_id, in_force_day (the point's day) and
    `columns` of the row in force; a point with nothing open has no row. `points` and `rows` are
    CTEs or relations with la_code and person_id. -#}
{% macro in_force_on(points, day, rows, start_column, end_column, id_column, columns) -%}
    select
        la_code,
        person_id,
        in_force_day,
        {{ columns | join(',\n        ') }}
    from (
        select
            {{ points }}.la_code,
            {{ points }}.person_id,
            {{ points }}.{{ day }} as in_force_day,
            {%- for column in columns %}
            {{ rows }}.{{ column }},
            {%- endfor %}
            row_number() over (
                partition by {{ points }}.la_code, {{ points }}.person_id, {{ points }}.{{ day }}
                order by {{ rows }}.{{ start_column }} desc, {{ rows }}.{{ id_column }} desc
            ) as latest_first
        from {{ points }}
        inner join {{ rows }}
            on {{ rows }}.la_code = {{ points }}.la_code
            and {{ rows }}.person_id = {{ points }}.person_id
            and {{ is_open_at(rows ~ '.' ~ start_column, rows ~ '.' ~ end_column, points ~ '.' ~ day) }}
    ) as candidates
    where latest_first = 1
{%- endmacro %}


{#- Open at d (indicators.md): start <= d and (end is null or end > d). -#}
{% macro is_open_at(start_column, end_column, day) -%}
    ({{ start_column }} <= {{ day }} and ({{ end_column }} is null or {{ end_column }} > {{ day }}))
{%- endmacro %}

{#-
    Indicator members: the rows behind every numerator and denominator, in one shape for every
    family (models/marts/indicators/members, documented in docs/architecture.md). A family model
    rolls its members up (macros/indicators.sql); a breakdown is a GROUP BY over them and a join to
    the child's attributes at member_date.

      la_code, indicator_id
      person_id       the child (null for the workforce's social workers)
      counted_id      what the indicator counts once: the event for a count of events (a referral,
                      an assessment, a plan), the child for a count of children
      event_id        the record behind the row (a contact, a referral, a missing episode, a plan),
                      null for a child counted at d
      member_date     a flow: the event's date, which places it in a period; a stock: d, the
                      month end it is counted at
      month_start     the month of member_date
      in_numerator, in_denominator
      counts_from     null, or the first period end the member counts at (cla_iha_20wd_pct: the
                      20th working day after the care start)
      measure_value   null where the member counts 1; else what it brings: the days it adds to a
                      mean's numerator (adm_to_match_days), the working days a median is taken of
                      (assessment_median_wd), a social worker's FTE or caseload
      event_team      the event's own team where its table has one (referrals, assessments)
-#}

{#- The member columns of one row: each argument is a SQL expression over the rows selected. -#}
{% macro member(indicator_id, counted_id, member_date, person_id='person_id', event_id=none,
                in_numerator='true', in_denominator='false', counts_from=none, measure_value=none,
                event_team=none, la_code='la_code') -%}
        {{ la_code }} as la_code,
        cast('{{ indicator_id }}' as {{ dbt.type_string() }}) as indicator_id,
        cast({{ person_id }} as {{ dbt.type_string() }}) as person_id,
        cast({{ counted_id }} as {{ dbt.type_string() }}) as counted_id,
        cast({{ event_id or 'null' }} as {{ dbt.type_string() }}) as event_id,
        cast({{ member_date }} as date) as member_date,
        {{ month_start(member_date) }} as month_start,
        coalesce({{ in_numerator }}, false) as in_numerator,
        coalesce({{ in_denominator }}, false) as in_denominator,
        cast({{ counts_from or 'null' }} as date) as counts_from,
        cast({{ measure_value or 'null' }} as {{ type_double() }}) as measure_value,
        cast({{ event_team or 'null' }} as {{ dbt.type_string() }}) as event_team
{%- endmacro %}


{#- A family member model's final select: its event members as they are, and its stock members
    once per authority, indicator, d and id counted (a child with two plans open at d is one
    member; in the numerator when any of their rows is). -#}
{% macro members_from(event_cte=none, stock_cte=none) -%}
    {%- if event_cte %}
select * from {{ event_cte }}
    {%- endif %}
    {%- if event_cte and stock_cte %}

union all

    {%- endif %}
    {%- if stock_cte %}
select
    la_code,
    indicator_id,
    person_id,
    counted_id,
    event_id,
    member_date,
    month_start,
    {{ dbt.bool_or('in_numerator') }} as in_numerator,
    {{ dbt.bool_or('in_denominator') }} as in_denominator,
    cast(null as date) as counts_from,
    cast(null as {{ type_double() }}) as measure_value,
    cast(null as {{ dbt.type_string() }}) as event_team
from {{ stock_cte }}
group by la_code, indicator_id, person_id, counted_id, event_id, member_date, month_start
    {%- endif %}
{%- endmacro %}

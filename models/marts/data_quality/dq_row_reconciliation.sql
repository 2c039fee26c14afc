{#- Every raw row accounted for: per table and authority, the rows the intake check counted in the
    files against the rows staged plus the rows quarantined. A data test asserts they are equal. -#}
with raw_counts as (

    select la_code, table_name, sum(raw_rows) as raw_rows
    from {{ ref('stg_intake__files') }}
    group by la_code, table_name

),

read_counts as (

    {#- staged rows are counted in the stg_ model itself, what every later model reads -#}
    {%- for table in ssd_tables() %}
    select la_code, 'ssd_{{ table }}' as table_name, 'staged' as outcome, count(*) as n_rows
    from {{ ref('stg_ssd__' ~ table) }}
    group by la_code
    union all
    select la_code, 'ssd_{{ table }}' as table_name, 'quarantined' as outcome, count(*) as n_rows
    from {{ ref('base_ssd__' ~ table) }}
    where dq_rule is not null
    group by la_code
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

outcomes as (

    select
        la_code,
        table_name,
        sum(case when outcome = 'staged' then n_rows else 0 end) as staged_rows,
        sum(case when outcome = 'quarantined' then n_rows else 0 end) as quarantined_rows
    from read_counts
    group by la_code, table_name

)

select
    coalesce(raw_counts.la_code, outcomes.la_code) as la_code,
    coalesce(raw_counts.table_name, outcomes.table_name) as table_name,
    coalesce(raw_counts.raw_rows, 0) as raw_rows,
    coalesce(outcomes.staged_rows, 0) as staged_rows,
    coalesce(outcomes.quarantined_rows, 0) as quarantined_rows
from raw_counts
full outer join outcomes
    on outcomes.la_code = raw_counts.la_code
    and outcomes.table_name = raw_counts.table_name

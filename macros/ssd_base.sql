{#-
    ssd_base(table_name): every raw row of one SSD table, trimmed text, with where it came from
    (la_code, source_file, source_row) and its data-quality verdict (dq_rule, dq_column, dq_value).

    The contract (which columns are required, which hold dates, which start/end pairs must be in
    order, the id column) is read from the source's YAML, _ssd__sources.yml, so it is stated once.
    Rules, in the order they are tried; the first that fails is the row's verdict:
      missing_required      a required value is empty
      unparseable_date      a date column holds text that is not an ISO date
      end_before_start      an end date before its start date (any start/end pair in the row)
      duplicate_conflicting the same id on two or more rows with different content (all quarantined)
      duplicate_identical   a second or later identical copy of a row (the first one is staged)
    A row with a null dq_rule is staged; every other row is quarantined and reported. Nothing is
    dropped: stg_ models select the rows whose dq_rule is null, dq_findings lists the others.
    Each date column is also kept parsed, as parsed_<column>, for the staged models and the
    plausibility warnings in dq_findings (implausible_date, implausible_age): dates are parsed here
    and nowhere else. A date of birth (meta.birth_date) is never an offending value: an unreadable
    one is shown by its shape only (99/99/9999).

    How, so that the work stays close to reading the files once:
    - per-row work once: text trimmed, dates parsed and the row's own checks made in one pass;
    - source rows without a window over every row: each row carries its file and its place in the
      scan of that file (ssd_file_key, ssd_file_position); a file's first place comes from an
      aggregate over files, and source_row is the place minus that, plus one;
    - duplicates by grouping ids: an aggregate finds the ids that occur more than once (few; most ids
      are unique); only those rows get a hash of their content and the windows that compare copies,
      and their verdicts are joined back. A row whose id is unique is never hashed.
-#}
{% macro ssd_base(table_name) -%}
{%- set relation = source('ssd', table_name) -%}
{%- if not execute -%}
    {#- parse time: dbt only needs to see the source() call -#}
    {{ return("select * from " ~ relation) }}
{%- endif -%}
{%- set spec = ssd_contract(table_name) -%}
{%- set columns = spec.columns -%}
{%- set id = spec.id_column %}
{#- each check once: (failing condition, rule, column named, offending value), in the order tried;
    dates are parsed once, in `cleaned`, as _parsed_<column> -#}
{%- set checks = [] %}
{%- for column in spec.required %}
    {%- do checks.append((column ~ ' is null', 'missing_required', column,
                          'cast(null as ' ~ dbt.type_string() ~ ')')) %}
{%- endfor %}
{%- for column in spec.dates %}
    {%- do checks.append((column ~ ' is not null and _parsed_' ~ column ~ ' is null', 'unparseable_date',
                          column, ssd_value_shape(column) if column in spec.birth_dates else column)) %}
{%- endfor %}
{%- for start, end in spec.periods %}
    {%- do checks.append(('_parsed_' ~ end ~ ' < _parsed_' ~ start, 'end_before_start', start ~ ', ' ~ end,
                          dbt.concat([start, "' > '", end]))) %}
{%- endfor %}
with source as (

    select * from {{ relation }}

),

cleaned as (

    select
        -- where the row came from: its authority and file, and its place in the scan of the file
        {{ ssd_la_code('filename') }} as la_code,
        {{ ssd_source_file('filename') }} as source_file,
        {{ ssd_file_key() }} as _file,
        {{ ssd_file_position() }} as _position,
        -- the contract's date columns, parsed (null when not an ISO date)
    {%- for column in spec.dates %}
        {{ ssd_date(column) }} as _parsed_{{ column }},
    {%- endfor %}
        -- the contract's columns, trimmed, blank as null
    {%- for column in columns %}
        {{ ssd_text(column) }} as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
    from source

),

checked as (

    select
        *,
        {%- for output in ['rule', 'column', 'value'] %}
        case
            {%- for condition, rule, column_named, value in checks %}
            when {{ condition }} then {{ {'rule': "'" ~ rule ~ "'", 'column': "'" ~ column_named ~ "'", 'value': value}[output] }}
            {%- endfor %}
        end as row_rule{{ '' if output == 'rule' else '_' ~ output }}{{ ',' if output != 'value' }}
        {%- endfor %}
    from cleaned

),

-- each file's first place in the scan (one row per file)
files as (

    select _file, min(_position) as _first_position
    from checked
    group by _file

),

-- ids on more than one row of an authority (nulls count as one id, as a partition would)
repeated_ids as (

    select la_code, {{ id }} as repeated_id
    from checked
    group by la_code, {{ id }}
    having count(*) > 1

),

-- only the rows of those ids: their content hashed and compared
copies as (

    select
        checked._file,
        checked._position,
        checked.la_code,
        checked.source_file,
        checked.{{ id }} as copy_id,
        {{ dbt.hash(ssd_row_text(columns, 'checked.')) }} as row_hash
    from checked
    inner join repeated_ids
        on repeated_ids.la_code is not distinct from checked.la_code
        and repeated_ids.repeated_id is not distinct from checked.{{ id }}

),

duplicates as (

    select
        _file,
        _position,
        case
            when min(row_hash) over (partition by la_code, copy_id)
                 <> max(row_hash) over (partition by la_code, copy_id) then 'duplicate_conflicting'
            when row_number() over (
                     partition by la_code, copy_id, row_hash order by source_file, _position) > 1
                then 'duplicate_identical'
        end as duplicate_rule
    from copies

)

select
    checked.la_code,
    checked.source_file,
    checked._position - files._first_position + 1 as source_row,
    checked.{{ id }} as record_id,
    {{ 'checked.' ~ spec.person_column if spec.person_column else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as record_person_id,
    {%- for column in columns %}
    checked.{{ column }},
    {%- endfor %}
    {%- for column in spec.dates %}
    checked._parsed_{{ column }} as parsed_{{ column }},
    {%- endfor %}
    case
        when checked.row_rule is not null then checked.row_rule
        else duplicates.duplicate_rule
    end as dq_rule,
    case
        when checked.row_rule is not null then checked.row_rule_column
        when duplicates.duplicate_rule is not null then '{{ id }}'
    end as dq_column,
    case
        when checked.row_rule is not null then checked.row_rule_value
        when duplicates.duplicate_rule is not null then checked.{{ id }}
    end as dq_value
from checked
inner join files
    on files._file = checked._file
left join duplicates
    on duplicates._file = checked._file
    and duplicates._position = checked._position
{%- endmacro %}


{#- The row's content as one text value, nulls marked, for comparing duplicates. -#}
{% macro ssd_row_text(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ prefix ~ column ~ ", '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}


{#- The contract of one source table, from _ssd__sources.yml (graph.sources; built at run time). -#}
{% macro ssd_contract(table_name) -%}
    {%- set spec = {'columns': [], 'required': [], 'dates': [], 'periods': [], 'id_column': none, 'person_column': none,
                    'birth_dates': [], 'whole_numbers': []} -%}
    {%- set nodes = graph.sources.values() | selectattr('source_name', 'equalto', 'ssd')
                    | selectattr('name', 'equalto', table_name) | list -%}
    {%- if nodes | length != 1 -%}
        {{ exceptions.raise_compiler_error("No ssd source table named " ~ table_name) }}
    {%- endif -%}
    {%- set node = nodes[0] -%}
    {%- set node_meta = node.config.get('meta', {}) or node.get('meta', {}) -%}
    {%- for column in node.columns.values() -%}
        {%- set meta = column.get('config', {}).get('meta', {}) or column.get('meta', {}) -%}
        {%- do spec.columns.append(column.name) -%}
        {%- if meta.get('required') %}{% do spec.required.append(column.name) %}{% endif -%}
        {%- if meta.get('date') %}{% do spec.dates.append(column.name) %}{% endif -%}
        {%- if meta.get('birth_date') %}{% do spec.birth_dates.append(column.name) %}{% endif -%}
        {%- if meta.get('whole_number') %}{% do spec.whole_numbers.append(column.name) %}{% endif -%}
    {%- endfor -%}
    {%- for pair in node_meta.get('periods', []) %}{% do spec.periods.append(pair) %}{% endfor -%}
    {%- do spec.update({'id_column': node_meta.get('id_column', spec.columns[0])}) -%}
    {%- for column in spec.columns | reverse if column.endswith('_person_id') and table_name != 'ssd_person' -%}
        {%- do spec.update({'person_column': column}) -%}
    {%- endfor -%}
    {{ return(spec) }}
{%- endmacro %}


{#- A value's shape without the value: digits as 9, letters as A ('99/99/9999'), for values that must
    not be shown (dates of birth). -#}
{% macro ssd_value_shape(column) -%}
    {{ return(adapter.dispatch('ssd_value_shape', 'csc_analytics')(column)) }}
{%- endmacro %}

{% macro default__ssd_value_shape(column) -%}
    cast('(withheld)' as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__ssd_value_shape(column) -%}
    '(withheld, shaped ' || left(regexp_replace(regexp_replace({{ column }}, '[0-9]', '9', 'g'), '[A-Za-z]', 'A', 'g'), 20) || ')'
{%- endmacro %}

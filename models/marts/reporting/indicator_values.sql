{#- Every indicator value: one row per authority, indicator and period (the output contract,
    data-contract.md section 4). Each family model contributes its rows; the `fy` rows are added
    here.

    fy, the whole financial year 1 April to 31 March (period_start 1 April, period_end 31 March),
    is the indicator's headline period type at 31 March, so it equals that row by construction:
    - a flow: its ytd at 31 March, which exists only when the reporting window covers the whole
      year (dim_period), so an fy total is never partial;
    - a rate of a flow produced over rolling_12m only (referral_rate, early_help_rate, s47_rate,
      icpc_rate): the 12 months ending 31 March, which is the same financial year;
    - a stock: the snapshot at 31 March, the DfE's year-end position, for every 31 March in the
      window.
    The singular test fy_values_equal_their_31_march_rows checks both directions. -#}
{%- set families = [] %}
{%- for family in indicator_families() %}{% do families.append('ind_' ~ family) %}{% endfor %}

with family_values as (

{%- for family in families %}

    select
        cast(la_code as {{ dbt.type_string() }}) as la_code,
        cast(indicator_id as {{ dbt.type_string() }}) as indicator_id,
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(numerator as {{ dbt.type_bigint() }}) as numerator,
        cast(denominator as {{ dbt.type_bigint() }}) as denominator,
        cast(value as {{ type_double() }}) as value,
        cast(unit as {{ dbt.type_string() }}) as unit
    from {{ ref(family) }}
    {% if not loop.last %}union all{% endif %}
{%- endfor %}

),

financial_years as (

    select
        family_values.la_code,
        family_values.indicator_id,
        cast('fy' as {{ dbt.type_string() }}) as period_type,
        cast({{ dbt.dateadd('day', 1, years_before('family_values.period_end', 1)) }} as date) as period_start,
        family_values.period_end,
        family_values.numerator,
        family_values.denominator,
        family_values.value,
        family_values.unit
    from family_values
    inner join {{ ref('indicator_catalogue') }} as catalogue
        on catalogue.indicator_id = family_values.indicator_id
        and catalogue.headline_period_type = family_values.period_type
    where family_values.period_type in ('ytd', 'rolling_12m', 'snapshot')
        and extract(month from family_values.period_end) = 3
        and extract(day from family_values.period_end) = 31

)

select * from family_values
union all
select * from financial_years

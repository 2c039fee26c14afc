{#-
    Every data-quality finding, one row each (data-contract.md, Data-quality rules):
      severity 'error'   the row was quarantined (not staged): missing_required, unparseable_date,
                         end_before_start, duplicate_conflicting, duplicate_identical (ssd_base);
      severity 'warning' the row was staged and the finding is reported: orphan_person,
                         code_not_in_list, invalid_flag, the findings on how records agree with
                         each other and with the as-at date (dq_consistency_findings:
                         dated_after_as_at, overlapping_period, period_of_care_gap,
                         matched_before_decision, no_linked_referral, no_linked_period_of_care,
                         no_linked_plan), population_year_fallback, population_missing, and the plausibility
                         checks: implausible_date (any date before 1990 or more than a year after
                         the as-at date), implausible_age (a child older than 25 at an event),
                         not_whole_number (a count the contract expects whole, such as a caseload
                         of 12.6, kept as given and never rounded).
    Personal identifiers are never an offending value here: no check reads those columns. Nor is a
    date of birth (meta.birth_date): an implausible one is described ('before 1990'), an unreadable
    one shown by its shape (ssd_base), an age as the age.
-#}
{%- set person_tables = ['contacts', 'early_help_episodes', 'cin_episodes', 'cin_assessments', 'cin_plans',
    's47_enquiry', 'initial_cp_conference', 'cp_plans', 'cp_visits', 'cla_episodes', 'cla_placement',
    'legal_status', 'cla_visits', 'cla_health', 'missing', 'care_leavers', 'permanence', 'involvements',
    'disability', 'immigration_status'] %}

{#- (stg model, its id column, the code column, its code list in seed code_lists) -#}
{%- set coded_columns = [
    ('cla_episodes', 'cla_episode_id', 'start_reason'),
    ('cla_episodes', 'cla_episode_id', 'ceased_reason'),
    ('legal_status', 'legal_status_id', 'legal_status'),
    ('cla_health', 'health_check_id', 'health_check_type'),
    ('cla_health', 'health_check_id', 'health_check_status'),
    ('missing', 'missing_id', 'missing_type'),
    ('care_leavers', 'care_leaver_id', 'activity_code'),
    ('care_leavers', 'care_leaver_id', 'accommodation_suitable_code'),
    ('disability', 'disability_id', 'disability_code'),
] %}

{#- (base model, its raw id column, the raw Y/N column); checked on the raw text, since staging
    turns a value outside Y/N into null -#}
{%- set flag_columns = [
    ('cin_episodes', 'cine_referral_id', 'cine_referral_nfa'),
    ('cin_assessments', 'cina_assessment_id', 'cina_assessment_child_seen'),
    ('cin_assessments', 'cina_assessment_id', 'cina_assessment_outcome_nfa'),
    ('s47_enquiry', 's47e_s47_enquiry_id', 's47e_s47_nfa'),
    ('initial_cp_conference', 'icpc_icpc_id', 'icpc_icpc_transfer_in'),
    ('initial_cp_conference', 'icpc_icpc_id', 'icpc_icpc_outcome_cp_flag'),
    ('cp_visits', 'cppv_cp_visit_id', 'cppv_cp_visit_seen'),
    ('cla_visits', 'clav_cla_visit_id', 'clav_cla_visit_seen'),
    ('missing', 'miss_table_id', 'miss_missing_rhi_offered'),
    ('missing', 'miss_table_id', 'miss_missing_rhi_accepted'),
    ('professionals', 'prof_professional_id', 'prof_agency_worker_flag'),
] %}

with reporting_window as (

    select la_code, as_at_date from {{ ref('int_reporting_windows__resolved') }}

),

quarantined as (

    {%- for table in ssd_tables() %}
    select
        la_code,
        'ssd_{{ table }}' as table_name,
        record_id,
        dq_rule as rule,
        'error' as severity,
        dq_column as column_name,
        dq_value as offending_value,
        source_file,
        source_row
    from {{ ref('base_ssd__' ~ table) }}
    where dq_rule is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

orphans as (

    {%- for table in person_tables %}
    {{ dq_finding(ref('base_ssd__' ~ table), 'ssd_' ~ table, 'record_id', 'orphan_person', 'person_id',
        'checked.record_person_id',
        "checked.dq_rule is null and not exists (select 1 from " ~ ref('stg_ssd__person') ~ " as person
            where person.la_code = checked.la_code and person.person_id = checked.record_person_id)") }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

codes as (

    {%- for table, id_column, column in coded_columns %}
    {{ dq_finding(ref('stg_ssd__' ~ table), 'ssd_' ~ table, id_column, 'code_not_in_list', column,
        'checked.' ~ column,
        "checked." ~ column ~ " is not null and not exists (select 1 from " ~ ref('code_lists') ~ " as codes
            where codes.table_name = 'ssd_" ~ table ~ "' and codes.column_name = '" ~ column ~ "'
            and codes.code = checked." ~ column ~ ")") }}
    union all
    {%- endfor %}
    {%- for table, id_column, column in flag_columns %}
    {{ dq_finding(ref('base_ssd__' ~ table), 'ssd_' ~ table, 'record_id', 'invalid_flag', column,
        'checked.' ~ column, "checked.dq_rule is null and " ~ ssd_flag_is_invalid('checked.' ~ column)) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

-- plausibility: dates far outside any extract, from the parsed columns ssd_base keeps
implausible_dates as (

    {%- set parts = [] %}
    {%- if execute %}
    {%- for table in ssd_tables() %}
    {%- set spec = ssd_contract('ssd_' ~ table) %}
    {%- for column in spec.dates %}
    {%- set parsed = 'checked.parsed_' ~ column %}
    {%- set value = ("case when " ~ parsed ~ " < cast('1990-01-01' as date) then 'before 1990' "
                     ~ "else 'over a year after the as-at date' end") if column in spec.birth_dates
                    else dbt.cast(parsed, dbt.type_string()) %}
    {%- do parts.append(dq_finding(ref('base_ssd__' ~ table), 'ssd_' ~ table, 'record_id', 'implausible_date',
        column, value,
        "checked.dq_rule is null and (" ~ parsed ~ " < cast('1990-01-01' as date) or " ~ parsed
        ~ " > (select max(" ~ dbt.dateadd('year', 1, 'as_at_date') ~ ") from reporting_window))")) %}
    {%- endfor %}
    {%- endfor %}
    {%- endif %}
    {%- if parts %}
    {{ parts | join('\n    union all\n    ') }}
    {%- else %}
    select * from quarantined where 1 = 0
    {%- endif %}

),

-- a child older than 25 at an event: a mistyped date of birth or event date (the age is shown, never the date);
-- reviews name no child (they hang off a period of care or a plan, whose own dates are checked)
implausible_ages as (

    {%- for table, id_column, column in dq_event_dates() if table not in ('cla_reviews', 'cp_reviews') %}
    {%- set aged -%}
        (select events.*, {{ dbt.datediff('person.date_of_birth', 'events.' ~ column, 'day') }} as age_days
         from {{ ref('stg_ssd__' ~ table) }} as events
         inner join {{ ref('stg_ssd__person') }} as person
            on person.la_code = events.la_code
            and person.person_id = events.person_id
         where person.date_of_birth <= {{ years_before('events.' ~ column, 26) }})
    {%- endset %}
    {{ dq_finding(aged, 'ssd_' ~ table, id_column, 'implausible_age', column,
        dbt.concat(["'aged '", dbt.cast('floor(checked.age_days / 365.25)', 'integer') | string]),
        'true') }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

-- a count the contract expects whole that is not (kept as given in staging, never rounded)
not_whole_numbers as (

    {%- set parts = [] %}
    {%- if execute %}
    {%- for table in ssd_tables() %}
    {%- set spec = ssd_contract('ssd_' ~ table) %}
    {%- for column in spec.whole_numbers %}
    {%- set number = ssd_number('checked.' ~ column) %}
    {%- do parts.append(dq_finding(ref('base_ssd__' ~ table), 'ssd_' ~ table, 'record_id', 'not_whole_number',
        column, 'checked.' ~ column,
        "checked.dq_rule is null and checked." ~ column ~ " is not null and (" ~ number ~ " is null or "
        ~ number ~ " <> floor(" ~ number ~ "))")) %}
    {%- endfor %}
    {%- endfor %}
    {%- endif %}
    {%- if parts %}
    {{ parts | join('\n    union all\n    ') }}
    {%- else %}
    select * from quarantined where 1 = 0
    {%- endif %}

),

-- rates per 10,000 use the ONS estimate for the period's financial year; where it is not yet
-- published the latest one stands in, and where the authority has none no rate is produced
population_years as (

    select
        months.la_code,
        'population' as table_name,
        {{ dbt.concat(["'financial year from '", dbt.cast('months.financial_year_start', dbt.type_string())]) }} as record_id,
        case when population.la_code is null then 'population_missing' else 'population_year_fallback' end as rule,
        'warning' as severity,
        'mid_year' as column_name,
        case
            when population.la_code is null then cast(null as {{ dbt.type_string() }})
            else {{ dbt.concat(["'mid-'", dbt.cast('max(population.mid_year)', dbt.type_string()),
                                "' used for mid-'", dbt.cast('max(population.wanted_mid_year)', dbt.type_string())]) }}
        end as offending_value,
        cast(null as {{ dbt.type_string() }}) as source_file,
        cast(null as {{ dbt.type_bigint() }}) as source_row
    from {{ ref('int_reporting_windows__split_into_months') }} as months
    left join {{ ref('int_populations__matched_to_months') }} as population
        on population.la_code = months.la_code
        and population.month_end = months.month_end
    where population.la_code is null or population.is_fallback
    group by months.la_code, months.financial_year_start, population.la_code

),

findings as (

    select * from quarantined
    union all select * from orphans
    union all select * from codes
    union all select * from {{ ref('dq_consistency_findings') }}
    union all select * from implausible_dates
    union all select * from implausible_ages
    union all select * from not_whole_numbers
    union all select * from population_years

)

select * from findings

{#-
    SSDA903 OC2 file: one row per child looked after continuously for at least 12 months at 31 March,
    that is in one looked-after interval (fct_cla_looked_after_intervals: V3/V4 short breaks are not
    looked after) from 1 April of the year before, or earlier, to after 31 March.

    HEALTH_ASSESSMENT and TEETH_CHECK: 1 when a Completed "Health Assessment" (review) or "Dental
    Check" is dated in the collection year, 0 when none is; blank when the authority did not supply
    ssd_cla_health, where nothing is known. SDQ_SCORE, SDQ_REASON, CONVICTED, HEALTH_CHECK,
    IMMUNISATIONS, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED and INTERVENTION_OFFERED are not in the
    SSD contract: blank.
-#}
with years as (

    select la_code, collection_year, year_start, year_end from {{ ref('ret_collection_years') }}

),

cohort as (

    select distinct
        years.la_code,
        years.collection_year,
        years.year_start,
        years.year_end,
        intervals.person_id
    from {{ ref('fct_cla_looked_after_intervals') }} as intervals
    inner join years on years.la_code = intervals.la_code
    where intervals.looked_after_start <= years.year_start
        and (intervals.looked_after_end is null or intervals.looked_after_end > years.year_end)

),

checks as (

    select
        cohort.la_code,
        cohort.collection_year,
        cohort.person_id,
        max(case when lower(health.health_check_type) = 'health assessment' then 1 else 0 end) as health_assessment,
        max(case when lower(health.health_check_type) = 'dental check' then 1 else 0 end) as teeth_check
    from cohort
    inner join {{ ref('stg_ssd__cla_health') }} as health
        on health.la_code = cohort.la_code
        and health.person_id = cohort.person_id
        and health.health_check_date between cohort.year_start and cohort.year_end
        and lower(health.health_check_status) = 'completed'
    group by cohort.la_code, cohort.collection_year, cohort.person_id

),

supplied as (

    select la_code from {{ ref('ret_supplied_tables') }} where table_name = 'ssd_cla_health'

)

select
    cohort.la_code,
    cohort.collection_year,
    cohort.person_id as child,
    persons.date_of_birth as dob,
    cast(null as {{ dbt.type_string() }}) as sdq_score,
    cast(null as {{ dbt.type_string() }}) as sdq_reason,
    cast(null as {{ dbt.type_string() }}) as convicted,
    cast(null as {{ dbt.type_string() }}) as health_check,
    cast(null as {{ dbt.type_string() }}) as immunisations,
    case when supplied.la_code is not null then cast(coalesce(checks.teeth_check, 0) as {{ dbt.type_string() }}) end
        as teeth_check,
    case when supplied.la_code is not null then cast(coalesce(checks.health_assessment, 0) as {{ dbt.type_string() }}) end
        as health_assessment,
    cast(null as {{ dbt.type_string() }}) as substance_misuse,
    cast(null as {{ dbt.type_string() }}) as intervention_received,
    cast(null as {{ dbt.type_string() }}) as intervention_offered
from cohort
left join checks
    on checks.la_code = cohort.la_code
    and checks.collection_year = cohort.collection_year
    and checks.person_id = cohort.person_id
left join supplied on supplied.la_code = cohort.la_code
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = cohort.la_code
    and persons.person_id = cohort.person_id

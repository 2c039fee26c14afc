{#-
    SSDA903 placed-for-adoption file: one row per decision that a child in the year's episodes file
    should be placed for adoption (ssd_permanence perm_adm_decision_date) in force at some time in the
    year: made on or before 31 March, during a period of care the child is in during the year, and
    neither reversed nor ended by an adoption order before 1 April (a decision reversed in an earlier
    year is not returned again: DfE rules 118 and 561). DATE_PLACED is the decision; DATE_PLACED_CEASED
    the decision's reversal (perm_decision_reversed_date) when on or before 31 March.
    REASON_PLACED_CEASED (RD1 to RD4) is not in the SSD contract: blank.
-#}
with periods_in_year as (

    select distinct
        episodes.la_code,
        episodes.collection_year,
        episodes.child,
        periods.period_start_date
    from {{ ref('ret_ssda903__episodes') }} as episodes
    inner join {{ ref('int_cla_episodes__periods_of_care') }} as periods
        on periods.la_code = episodes.la_code
        and periods.cla_episode_id = episodes.cla_episode_id

),

first_period as (

    select la_code, collection_year, child, min(period_start_date) as period_start_date
    from periods_in_year
    group by la_code, collection_year, child

)

select
    years.la_code,
    years.collection_year,
    permanence.person_id as child,
    persons.date_of_birth as dob,
    permanence.permanence_id,
    permanence.adm_decision_date as date_placed,
    case
        when permanence.decision_reversed_date <= years.year_end then permanence.decision_reversed_date
    end as date_placed_ceased,
    cast(null as {{ dbt.type_string() }}) as reason_placed_ceased
from {{ ref('stg_ssd__permanence') }} as permanence
inner join {{ ref('ret_collection_years') }} as years on years.la_code = permanence.la_code
inner join first_period
    on first_period.la_code = permanence.la_code
    and first_period.collection_year = years.collection_year
    and first_period.child = permanence.person_id
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = permanence.la_code
    and persons.person_id = permanence.person_id
where permanence.adm_decision_date <= years.year_end
    and permanence.adm_decision_date >= first_period.period_start_date
    and (permanence.decision_reversed_date is null or permanence.decision_reversed_date >= years.year_start)
    and (permanence.permanence_order_date is null or permanence.permanence_order_date >= years.year_start)

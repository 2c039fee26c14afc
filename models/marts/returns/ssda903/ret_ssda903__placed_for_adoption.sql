{#-
    SSDA903 placed-for-adoption file: one row per decision that a child in the year's episodes file
    should be placed for adoption (ssd_permanence perm_adm_decision_date) in force at some time in the
    year: made on or before 31 March, and neither reversed nor ended by an adoption order before 1 April
    (a decision reversed in an earlier year is not returned again: DfE rules 118 and 561).
    DATE_PLACED is the decision; DATE_PLACED_CEASED the decision's reversal (perm_decision_reversed_date)
    when on or before 31 March. REASON_PLACED_CEASED (RD1 to RD4) is not in the SSD contract: blank.
-#}
with returned as (

    select distinct la_code, collection_year, child from {{ ref('ret_ssda903__episodes') }}

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
inner join returned
    on returned.la_code = permanence.la_code
    and returned.collection_year = years.collection_year
    and returned.child = permanence.person_id
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = permanence.la_code
    and persons.person_id = permanence.person_id
where permanence.adm_decision_date <= years.year_end
    and (permanence.decision_reversed_date is null or permanence.decision_reversed_date >= years.year_start)
    and (permanence.permanence_order_date is null or permanence.permanence_order_date >= years.year_start)

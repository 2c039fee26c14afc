{#-
    SSDA903 AD1 file: one row per child adopted in the year (an episode in the episodes file ending
    with REC E11 or E12). DATE_INT and DATE_MATCH are the decision and match dates of the child's
    latest ssd_permanence row with a decision on or before the adoption. FOSTER_CARE, NB_ADOPTR,
    SEX_ADOPTR and LS_ADOPTR (the adopters) are not in the SSD contract: blank.
-#}
with adoptions as (

    select la_code, collection_year, child, max(dec) as adopted_date
    from {{ ref('ret_ssda903__episodes') }}
    where rec in ('E11', 'E12')
    group by la_code, collection_year, child

),

decisions as (

    select
        adoptions.la_code,
        adoptions.collection_year,
        adoptions.child,
        permanence.adm_decision_date,
        permanence.matched_date,
        row_number() over (
            partition by adoptions.la_code, adoptions.collection_year, adoptions.child
            order by permanence.adm_decision_date desc, permanence.permanence_id desc
        ) as pick
    from adoptions
    inner join {{ ref('stg_ssd__permanence') }} as permanence
        on permanence.la_code = adoptions.la_code
        and permanence.person_id = adoptions.child
        and permanence.adm_decision_date <= adoptions.adopted_date

)

select
    adoptions.la_code,
    adoptions.collection_year,
    adoptions.child,
    persons.date_of_birth as dob,
    decisions.adm_decision_date as date_int,
    decisions.matched_date as date_match,
    cast(null as {{ dbt.type_string() }}) as foster_care,
    cast(null as {{ dbt.type_string() }}) as nb_adoptr,
    cast(null as {{ dbt.type_string() }}) as sex_adoptr,
    cast(null as {{ dbt.type_string() }}) as ls_adoptr
from adoptions
left join decisions
    on decisions.la_code = adoptions.la_code
    and decisions.collection_year = adoptions.collection_year
    and decisions.child = adoptions.child
    and decisions.pick = 1
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = adoptions.la_code
    and persons.person_id = adoptions.child

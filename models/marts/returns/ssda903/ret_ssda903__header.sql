{#-
    SSDA903 header file: one row per child in the year's return, that is with an episode in the
    episodes file or a row in the OC3 file (pii: dates of birth).

    SEX: pers_sex M, F or U (anything else, or none, U: not known); runner returns writes it as 1 and 2
    for collection years up to 2024, when the 903 had no other codes (U is then blank). ETHNIC:
    pers_ethnicity, NOBT ("information not yet obtained") when none is recorded. UPN, MOTHER and
    MC_DOB are not in the SSD contract: blank (README, "Statutory returns").
-#}
with children as (

    select la_code, collection_year, child from {{ ref('ret_ssda903__episodes') }}
    union
    select la_code, collection_year, child from {{ ref('ret_ssda903__oc3') }}

)

select
    children.la_code,
    children.collection_year,
    children.child,
    case when persons.person_id is not null then case when persons.sex in ('M', 'F') then persons.sex else 'U' end end as sex,
    persons.date_of_birth as dob,
    case when persons.person_id is not null then coalesce(persons.ethnicity, 'NOBT') end as ethnic,
    cast(null as {{ dbt.type_string() }}) as upn,
    cast(null as {{ dbt.type_string() }}) as mother,
    cast(null as date) as mc_dob
from children
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = children.la_code
    and persons.person_id = children.child

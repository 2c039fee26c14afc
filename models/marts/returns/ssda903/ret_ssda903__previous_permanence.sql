{#-
    SSDA903 previous permanence file: one row per child who started to be looked after in the year
    (an episode with RNE S in the episodes file starting on or after 1 April). PREV_PERM, LA_PERM and
    DATE_PERM (a permanence order before care) are not in the SSD contract: blank, so the DfE rule
    that wants PREV_PERM (630) is reported as not applicable (README, "Statutory returns").
-#}
select distinct
    episodes.la_code,
    episodes.collection_year,
    episodes.child,
    persons.date_of_birth as dob,
    cast(null as {{ dbt.type_string() }}) as prev_perm,
    cast(null as {{ dbt.type_string() }}) as la_perm,
    cast(null as date) as date_perm
from {{ ref('ret_ssda903__episodes') }} as episodes
inner join {{ ref('ret_collection_years') }} as years
    on years.la_code = episodes.la_code
    and years.collection_year = episodes.collection_year
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = episodes.la_code
    and persons.person_id = episodes.child
where episodes.rne = 'S' and episodes.decom >= years.year_start

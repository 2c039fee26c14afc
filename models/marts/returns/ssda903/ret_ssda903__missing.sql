{#-
    SSDA903 missing file: the missing and away-from-placement episodes that started in the
    collection year of children in the year's episodes file. MISSING: M (Missing) or A (Away); an
    end after 31 March is not known at the year end (blank).
-#}
with returned as (

    select distinct la_code, collection_year, child from {{ ref('ret_ssda903__episodes') }}

)

select
    years.la_code,
    years.collection_year,
    missing.person_id as child,
    persons.date_of_birth as dob,
    missing.missing_id,
    case lower(missing.missing_type) when 'missing' then 'M' when 'away' then 'A' end as missing,
    missing.missing_start_date as mis_start,
    case when missing.missing_end_date <= years.year_end then missing.missing_end_date end as mis_end
from {{ ref('stg_ssd__missing') }} as missing
inner join {{ ref('ret_collection_years') }} as years on years.la_code = missing.la_code
inner join returned
    on returned.la_code = missing.la_code
    and returned.collection_year = years.collection_year
    and returned.child = missing.person_id
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = missing.la_code
    and persons.person_id = missing.person_id
where missing.missing_start_date between years.year_start and years.year_end

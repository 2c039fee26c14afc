{#-
    CIN census <ChildIdentifiers> and <ChildCharacteristics>: one row per child with a CIN episode in
    the year (pii: dates of birth and the UPN-unknown reason).

    - A child born on or before 31 March has PersonBirthDate; one born after it, or with only an
      expected date, is unborn at the census date: ExpectedPersonBirthDate (the expected date, else
      the date of birth the SSD now holds) and sex U / gender 0 (DfE rule 8750).
    - Sex (2025 on): pers_sex M, F or U; anything else, or none, is U ("not known"). GenderCurrent
      (to 2024): pers_gender 01/02/00/09 as 1/2/0/9, else from the sex (M 1, F 2), else 0.
    - Ethnicity: pers_ethnicity; none recorded is NOBT ("information not yet obtained").
    - PersonDeathDate only when on or before 31 March.
    - UPN and FormerUPN are not in the SSD contract (left out); UPNunknown is the SSD's UPN-unknown
      reason (stg_ssd_pii__person_identifiers).
    - A child with an episode but no staged ssd_person row (an orphan, reported by the data-quality
      layer) is still returned, with its LAchildID alone: the DfE rules then name what is missing.
-#}
with children as (

    select distinct la_code, collection_year, year_end, person_id
    from {{ ref('ret_cin_census__episodes_in_year') }}

),

persons as (

    select * from {{ ref('stg_ssd__person') }}

),

identifiers as (

    select * from {{ ref('stg_ssd_pii__person_identifiers') }}

),

joined as (

    select
        children.la_code,
        children.collection_year,
        children.person_id as child_id,
        persons.person_id is not null as has_person_record,
        coalesce(persons.date_of_birth > children.year_end
                 or (persons.date_of_birth is null and persons.expected_date_of_birth is not null), false) as is_unborn,
        persons.date_of_birth,
        persons.expected_date_of_birth,
        case when persons.date_of_death <= children.year_end then persons.date_of_death end as person_death_date,
        persons.sex,
        persons.gender,
        persons.ethnicity,
        identifiers.upn_unknown
    from children
    left join persons
        on persons.la_code = children.la_code
        and persons.person_id = children.person_id
    left join identifiers
        on identifiers.la_code = children.la_code
        and identifiers.person_id = children.person_id

)

select
    la_code,
    collection_year,
    child_id,
    upn_unknown,
    case when not is_unborn then date_of_birth end as person_birth_date,
    case when is_unborn then coalesce(expected_date_of_birth, date_of_birth) end as expected_person_birth_date,
    case
        when not has_person_record then null
        when is_unborn then 'U'
        when sex in ('M', 'F', 'U') then sex
        else 'U'
    end as sex,
    case
        when not has_person_record then null
        when is_unborn then '0'
        when gender in ('01', '02', '00', '09') then {{ dbt.right('gender', '1') }}
        when gender in ('1', '2', '0', '9') then gender
        when sex = 'M' then '1'
        when sex = 'F' then '2'
        else '0'
    end as gender_current,
    person_death_date,
    case when has_person_record then coalesce(ethnicity, 'NOBT') end as ethnicity
from joined

{#- The person columns every Annex A list starts with, for every child of the authority (pii: dates of
    birth; runner returns annex-a joins them to each list by child_id): gender in words (the
    template's), sex, ethnicity code, date of birth and age in whole years at the as-at date. -#}
select
    persons.la_code,
    persons.person_id as child_id,
    case persons.gender
        when '01' then 'Male' when '02' then 'Female' when '09' then 'Neither' when '00' then 'Not known'
    end as gender,
    persons.sex,
    persons.ethnicity,
    persons.date_of_birth,
    cast(
        extract(year from windows.as_at_date) - extract(year from persons.date_of_birth)
        - case
            when extract(month from windows.as_at_date) * 100 + extract(day from windows.as_at_date)
                < extract(month from persons.date_of_birth) * 100 + extract(day from persons.date_of_birth)
                then 1 else 0
          end
        as integer) as age_years
from {{ ref('stg_ssd__person') }} as persons
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = persons.la_code

{#- One row per child (ssd_person), with the characteristics the indicators use. Names, UPN and
    any other personal identifier stay in the staging layer's base model. -#}
select
    la_code,
    person_id,
    date_of_birth,
    expected_date_of_birth,
    date_of_death,
    sex,
    gender,
    ethnicity
from {{ ref('stg_ssd__person') }}

{#- One row per child (ssd_person), with the characteristics the indicators use. Names, UPN and
    any other personal identifier stay in the staging layer's base model, and so does the full date
    of birth: every age a definition needs is whole years at a month end (under 16 at d, 19 to 21 at
    d, age bands at d), which the month of birth decides exactly, so that is all this table keeps. -#}
select
    la_code,
    person_id,
    {{ month_start('date_of_birth') }} as birth_month,
    date_of_death,
    sex,
    gender,
    ethnicity
from {{ ref('stg_ssd__person') }}

{#- One row per contact received at the front door. -#}
select
    la_code,
    contact_id,
    person_id,
    contact_date,
    {{ month_start('contact_date') }} as contact_month,
    contact_source_code
from {{ ref('stg_ssd__contacts') }}

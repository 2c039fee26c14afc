{#- Annex A list 1: every contact in the six months to the as-at date (pii). -#}
select
    windows.la_code,
    windows.as_at_date,
    contacts.person_id as child_id,
    contacts.contact_id,
    contacts.contact_date,
    contacts.contact_source_code,
    contacts.contact_source_desc
from {{ ref('stg_ssd__contacts') }} as contacts
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = contacts.la_code
where contacts.contact_date between windows.six_months_start and windows.as_at_date

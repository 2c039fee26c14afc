{#- Annex A list 9: every care leaver in ssd_care_leavers, with the SSD's latest status (pii). -#}
select
    windows.la_code,
    windows.as_at_date,
    leavers.person_id as child_id,
    leavers.care_leaver_id,
    leavers.eligibility,
    leavers.pathway_plan_review_date,
    leavers.in_touch,
    leavers.latest_contact_date,
    leavers.accommodation_code,
    leavers.accommodation_suitable_code,
    leavers.activity_code
from {{ ref('stg_ssd__care_leavers') }} as leavers
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = leavers.la_code

{#-
    The care leavers' snapshot (ssd_care_leavers): one row per care leaver record, as the extract
    holds it (the SSD keeps the latest known status, not its history), with the child's month of
    birth (dim_child: the ages 19 to 21 at a month end need no more) and the flags the care-leaver
    indicators use.

    is_former_relevant: the eligibility is "Former Relevant" (or "Former relevant child", as some
    SSD extracts spell it), matched case-insensitively. is_in_touch: in touch = YES.
    is_accommodation_suitable: accommodation suitable = 1. is_eet: the activity is education,
    employment or training (F1, P1, F2, P2, F4, P4, F5, P5; not G4, G5, G6).
-#}
with care_leavers as (

    select * from {{ ref('stg_ssd__care_leavers') }}

),

children as (

    select la_code, person_id, birth_month from {{ ref('dim_child') }}

)

select
    care_leavers.la_code,
    care_leavers.care_leaver_id,
    care_leavers.person_id,
    children.birth_month,
    care_leavers.eligibility,
    coalesce(lower(care_leavers.eligibility) in ('former relevant', 'former relevant child'), false)
        as is_former_relevant,
    care_leavers.in_touch,
    care_leavers.latest_contact_date,
    care_leavers.accommodation_code,
    care_leavers.accommodation_suitable_code,
    care_leavers.activity_code,
    coalesce(care_leavers.in_touch = 'YES', false) as is_in_touch,
    coalesce(care_leavers.accommodation_suitable_code = '1', false) as is_accommodation_suitable,
    coalesce(care_leavers.activity_code in ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'), false) as is_eet,
    care_leavers.pathway_plan_review_date
from care_leavers
left join children
    on children.la_code = care_leavers.la_code
    and children.person_id = care_leavers.person_id

{#- Annex A list 5: every section 47 enquiry started in the six months to the as-at date, with its
    initial conference (the earliest naming it, on or before the as-at date) and whether that led to a
    plan (pii). -#}
with conferences as (

    select
        la_code,
        s47_enquiry_id,
        icpc_date,
        is_outcome_cp_plan,
        row_number() over (partition by la_code, s47_enquiry_id order by icpc_date, icpc_id) as pick
    from {{ ref('stg_ssd__initial_cp_conference') }}
    where s47_enquiry_id is not null

)

select
    windows.la_code,
    windows.as_at_date,
    s47.person_id as child_id,
    s47.s47_enquiry_id,
    s47.s47_start_date,
    conferences.icpc_date,
    conferences.is_outcome_cp_plan as icpc_resulted_in_plan
from {{ ref('stg_ssd__s47_enquiry') }} as s47
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = s47.la_code
left join conferences
    on conferences.la_code = s47.la_code
    and conferences.s47_enquiry_id = s47.s47_enquiry_id
    and conferences.pick = 1
    and conferences.icpc_date <= windows.as_at_date
where s47.s47_start_date between windows.six_months_start and windows.as_at_date

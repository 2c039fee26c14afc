{#-
    One row per section 47 enquiry, with whether it led to an initial child protection conference.

    has_icpc: at least one staged ICPC of the same authority names this enquiry in
    icpc_s47_enquiry_id. s47_icpc_pct counts it whatever the conference's date or transfer-in flag:
    the definition asks only that the enquiry "have an ICPC" (as referral_assessment_pct counts any
    linked assessment).
-#}
with enquiries as (

    select * from {{ ref('stg_ssd__s47_enquiry') }}

),

conferences as (

    select la_code, s47_enquiry_id, count(*) as icpc_count
    from {{ ref('stg_ssd__initial_cp_conference') }}
    where s47_enquiry_id is not null
    group by la_code, s47_enquiry_id

)

select
    enquiries.la_code,
    enquiries.s47_enquiry_id,
    enquiries.person_id,
    enquiries.referral_id,
    enquiries.s47_start_date,
    {{ month_start('enquiries.s47_start_date') }} as start_month,
    enquiries.s47_end_date,
    {{ month_start('enquiries.s47_end_date') }} as end_month,
    enquiries.is_nfa,
    coalesce(conferences.icpc_count, 0) as icpc_count,
    coalesce(conferences.icpc_count, 0) > 0 as has_icpc
from enquiries
left join conferences
    on conferences.la_code = enquiries.la_code
    and conferences.s47_enquiry_id = enquiries.s47_enquiry_id

{#-
    One row per initial child protection conference, with its timeliness: the working days from
    the linked section 47 enquiry's start date to the conference, wd(s47 start date, ICPC date).

    The linked enquiry is the staged s47 enquiry of the same authority whose id is
    icpc_s47_enquiry_id (has_linked_s47). working_days_from_s47_start is null where there is no
    linked enquiry or the conference is dated before the enquiry started: such a conference is in
    no timeliness denominator (icpc_15wd_pct). A transfer-in conference (icpc_icpc_transfer_in = Y)
    is counted in no ICPC indicator; a null flag is not Y, so that conference counts.
-#}
with conferences as (

    select * from {{ ref('stg_ssd__initial_cp_conference') }}

),

enquiries as (

    select la_code, s47_enquiry_id, s47_start_date from {{ ref('stg_ssd__s47_enquiry') }}

),

calendar as (

    select date_day, working_day_number from {{ ref('dim_date') }}

),

joined as (

    select
        conferences.*,
        enquiries.s47_enquiry_id is not null as has_linked_s47,
        enquiries.s47_start_date,
        enquiries.s47_start_date is not null
            and conferences.icpc_date >= enquiries.s47_start_date as is_on_or_after_s47_start
    from conferences
    left join enquiries
        on enquiries.la_code = conferences.la_code
        and enquiries.s47_enquiry_id = conferences.s47_enquiry_id

)

select
    joined.la_code,
    joined.icpc_id,
    joined.person_id,
    joined.s47_enquiry_id,
    joined.referral_id,
    joined.cp_plan_id,
    joined.icpc_date,
    {{ month_start('joined.icpc_date') }} as icpc_month,
    joined.icpc_target_date,
    coalesce(joined.is_transfer_in, false) as is_transfer_in,
    joined.is_outcome_cp_plan,
    joined.has_linked_s47,
    joined.s47_start_date,
    case
        when joined.is_on_or_after_s47_start then {{ working_days('s47_day', 'icpc_day') }}
    end as working_days_from_s47_start
from joined
left join calendar as s47_day on s47_day.date_day = joined.s47_start_date
left join calendar as icpc_day on icpc_day.date_day = joined.icpc_date

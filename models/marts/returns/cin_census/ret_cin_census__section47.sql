{#-
    CIN census <Section47>: the section 47 enquiries of each returned CIN episode (by
    s47e_referral_id) still in progress at any time in the year. An enquiry is complete at its
    initial conference when it has one (the census's own measure), else at its end date; one
    completed before 1 April is not returned.

    InitialCPCtarget and DateOfInitialCPC are those of the (non transfer-in) initial conference that
    names the enquiry (icpc_s47_enquiry_id; the earliest if several do), a conference after 31 March
    not yet known. ICPCnotRequired is true when the enquiry ended on or before 31 March with no
    conference held by then, false otherwise (a conference held, or the enquiry still open).
-#}
with episodes as (

    select * from {{ ref('ret_cin_census__episodes_in_year') }}

),

conferences as (

    select
        la_code,
        s47_enquiry_id,
        min(icpc_date) as icpc_date,
        min(icpc_target_date) as icpc_target_date
    from {{ ref('stg_ssd__initial_cp_conference') }}
    where s47_enquiry_id is not null and coalesce(is_transfer_in, false) = false
    group by la_code, s47_enquiry_id

),

enquiries as (

    select
        episodes.la_code,
        episodes.collection_year,
        episodes.year_start,
        episodes.year_end,
        episodes.person_id,
        episodes.referral_id,
        s47.s47_enquiry_id,
        s47.s47_start_date,
        s47.s47_end_date,
        conferences.icpc_date,
        conferences.icpc_target_date
    from {{ ref('stg_ssd__s47_enquiry') }} as s47
    inner join episodes
        on episodes.la_code = s47.la_code
        and episodes.referral_id = s47.referral_id
    left join conferences
        on conferences.la_code = s47.la_code
        and conferences.s47_enquiry_id = s47.s47_enquiry_id

)

select
    la_code,
    collection_year,
    person_id as child_id,
    referral_id,
    s47_enquiry_id,
    s47_start_date as s47_actual_start_date,
    icpc_target_date as initial_cpc_target,
    case when icpc_date <= year_end then icpc_date end as date_of_initial_cpc,
    coalesce(icpc_date is null or icpc_date > year_end, false)
        and s47_end_date is not null and s47_end_date <= year_end as icpc_not_required
from enquiries
where s47_start_date <= year_end
    and (coalesce(icpc_date, s47_end_date) is null or coalesce(icpc_date, s47_end_date) >= year_start)

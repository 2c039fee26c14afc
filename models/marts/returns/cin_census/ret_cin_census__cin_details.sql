{#-
    CIN census <CINdetails>: one row per CIN episode (SSD referral) open at any time in the collection
    year: referred on or before 31 March and not closed before 1 April. A closure after 31 March is
    not known at the census date: the episode is shown open (no closure date or reason).

    DateOfInitialCPC here is the CINdetails-level conference: the earliest in-year initial conference
    of the episode that is not linked to a section 47 enquiry in the return (one linked to an enquiry
    goes in that enquiry's <Section47>; DfE rule 2884 allows one place only). A transfer-in
    conference is recorded here: it starts the child's plan in this authority, and the census wants
    every plan's start to meet a conference that day (DfE rules 2883 and 2885).
-#}
with episodes as (

    select * from {{ ref('ret_cin_census__episodes_in_year') }}

),

s47_in_return as (

    select la_code, collection_year, s47_enquiry_id from {{ ref('ret_cin_census__section47') }}

),

episode_conferences as (

    select
        episodes.la_code,
        episodes.collection_year,
        episodes.referral_id,
        min(icpc.icpc_date) as date_of_initial_cpc
    from episodes
    inner join {{ ref('stg_ssd__initial_cp_conference') }} as icpc
        on icpc.la_code = episodes.la_code
        and icpc.referral_id = episodes.referral_id
    left join s47_in_return
        on s47_in_return.la_code = icpc.la_code
        and s47_in_return.collection_year = episodes.collection_year
        and s47_in_return.s47_enquiry_id = icpc.s47_enquiry_id
    where s47_in_return.s47_enquiry_id is null
        and icpc.icpc_date between episodes.year_start and episodes.year_end
    group by episodes.la_code, episodes.collection_year, episodes.referral_id

)

select
    episodes.la_code,
    episodes.collection_year,
    episodes.person_id as child_id,
    episodes.referral_id,
    episodes.referral_date as cin_referral_date,
    episodes.referral_source_code as referral_source,
    episodes.primary_need_code,
    case when episodes.close_date <= episodes.year_end then episodes.close_date end as cin_closure_date,
    case when episodes.close_date <= episodes.year_end then episodes.close_reason end as reason_for_closure,
    episode_conferences.date_of_initial_cpc,
    coalesce(episodes.is_nfa, false) as referral_nfa
from episodes
left join episode_conferences
    on episode_conferences.la_code = episodes.la_code
    and episode_conferences.collection_year = episodes.collection_year
    and episode_conferences.referral_id = episodes.referral_id

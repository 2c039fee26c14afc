{#-
    CIN census <CINPlanDates>: the CIN plans of each returned CIN episode (by cinp_referral_id) open
    at any time in the year; an end after 31 March is not known at the census date.
-#}
with episodes as (

    select * from {{ ref('ret_cin_census__episodes_in_year') }}

)

select
    episodes.la_code,
    episodes.collection_year,
    episodes.person_id as child_id,
    episodes.referral_id,
    plans.cin_plan_id,
    plans.plan_start_date as cin_plan_start_date,
    case when plans.plan_end_date <= episodes.year_end then plans.plan_end_date end as cin_plan_end_date
from {{ ref('stg_ssd__cin_plans') }} as plans
inner join episodes
    on episodes.la_code = plans.la_code
    and episodes.referral_id = plans.referral_id
where plans.plan_start_date <= episodes.year_end
    and (plans.plan_end_date is null or plans.plan_end_date >= episodes.year_start)

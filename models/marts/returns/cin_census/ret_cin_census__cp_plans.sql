{#-
    CIN census <ChildProtectionPlans>: the child protection plans open at any time in the year, in
    the returned CIN episode they belong to (cppl_referral_id), else in the child's returned episode
    open on the plan's start date (the latest referred, when several are). A plan that belongs to no
    returned episode cannot be placed in the census and is not returned (a data-quality problem the
    DfE rules then name: the plan's conference and category checks find no plan).

    NumberOfPreviousCPP counts the child's plans in the authority's records that started before this
    one (all years, as far back as the SSD extract goes). An end after 31 March is not known at the
    census date. CP plan reviews: ret_cin_census__cp_reviews.
-#}
with episodes as (

    select * from {{ ref('ret_cin_census__episodes_in_year') }}

),

plans as (

    select
        *,
        count(*) over (
            partition by la_code, person_id order by plan_start_date
            range between unbounded preceding and current row
        ) - count(*) over (partition by la_code, person_id, plan_start_date) as number_of_previous_cpp
    from {{ ref('stg_ssd__cp_plans') }}

),

by_link as (

    select
        plans.la_code,
        episodes.collection_year,
        plans.cp_plan_id,
        episodes.referral_id
    from plans
    inner join episodes
        on episodes.la_code = plans.la_code
        and episodes.referral_id = plans.referral_id

),

by_date as (

    select
        plans.la_code,
        episodes.collection_year,
        plans.cp_plan_id,
        episodes.referral_id,
        row_number() over (
            partition by plans.la_code, episodes.collection_year, plans.cp_plan_id
            order by episodes.referral_date desc, episodes.referral_id desc
        ) as pick
    from plans
    inner join episodes
        on episodes.la_code = plans.la_code
        and episodes.person_id = plans.person_id
        and episodes.referral_date <= plans.plan_start_date
        and (episodes.close_date is null or episodes.close_date >= plans.plan_start_date)

),

placed as (

    select
        years.la_code,
        years.collection_year,
        years.year_start,
        years.year_end,
        plans.cp_plan_id,
        coalesce(by_link.referral_id, by_date.referral_id) as referral_id
    from plans
    inner join {{ ref('ret_collection_years') }} as years on years.la_code = plans.la_code
    left join by_link
        on by_link.la_code = plans.la_code
        and by_link.collection_year = years.collection_year
        and by_link.cp_plan_id = plans.cp_plan_id
    left join by_date
        on by_date.la_code = plans.la_code
        and by_date.collection_year = years.collection_year
        and by_date.cp_plan_id = plans.cp_plan_id
        and by_date.pick = 1
    where plans.plan_start_date <= years.year_end
        and (plans.plan_end_date is null or plans.plan_end_date >= years.year_start)

)

select
    placed.la_code,
    placed.collection_year,
    plans.person_id as child_id,
    placed.referral_id,
    plans.cp_plan_id,
    plans.plan_start_date as cpp_start_date,
    case when plans.plan_end_date <= placed.year_end then plans.plan_end_date end as cpp_end_date,
    plans.initial_category as initial_category_of_abuse,
    plans.latest_category as latest_category_of_abuse,
    cast(plans.number_of_previous_cpp as integer) as number_of_previous_cpp
from placed
inner join plans
    on plans.la_code = placed.la_code
    and plans.cp_plan_id = placed.cp_plan_id
where placed.referral_id is not null

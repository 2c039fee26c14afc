{#-
    CIN census <Reviews> of a child protection plan: one row per returned plan and review date
    (ssd_cp_reviews, by cppr_cp_plan_id) in the collection year, on or after the plan's start.
-#}
select distinct
    plans.la_code,
    plans.collection_year,
    plans.child_id,
    plans.cp_plan_id,
    reviews.review_date as cpp_review_date
from {{ ref('ret_cin_census__cp_plans') }} as plans
inner join {{ ref('ret_collection_years') }} as years
    on years.la_code = plans.la_code
    and years.collection_year = plans.collection_year
inner join {{ ref('stg_ssd__cp_reviews') }} as reviews
    on reviews.la_code = plans.la_code
    and reviews.cp_plan_id = plans.cp_plan_id
where reviews.review_date between years.year_start and years.year_end
    and reviews.review_date >= plans.cpp_start_date

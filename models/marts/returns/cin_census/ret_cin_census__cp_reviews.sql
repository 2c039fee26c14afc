{#-
    CIN census <Reviews> of a child protection plan: one row per plan and review date in the year.

    ISSUE 15 (stg_ssd__cp_reviews, not in this project yet): the SSD contract's ssd_cp_reviews
    (cppr_cp_plan_id, cppr_cp_review_date) fills this. Until its staged model lands the census
    carries no <Reviews> (the DfE rules on review dates then find nothing to check: README,
    "Statutory returns"). When it lands, replace the select below with:

        select plans.la_code, plans.collection_year, plans.child_id, plans.cp_plan_id,
               reviews.cp_review_date as cpp_review_date
        from {{ ref('ret_cin_census__cp_plans') }} as plans
        inner join {{ ref('ret_collection_years') }} as years
            on years.la_code = plans.la_code and years.collection_year = plans.collection_year
        inner join {{ ref('stg_ssd__cp_reviews') }} as reviews
            on reviews.la_code = plans.la_code and reviews.cp_plan_id = plans.cp_plan_id
        where reviews.cp_review_date between years.year_start and years.year_end
-#}
select
    cast(null as {{ dbt.type_string() }}) as la_code,
    cast(null as integer) as collection_year,
    cast(null as {{ dbt.type_string() }}) as child_id,
    cast(null as {{ dbt.type_string() }}) as cp_plan_id,
    cast(null as date) as cpp_review_date
where 1 = 0

{#-
    SSDA903 reviews file: one row per looked-after review in the year (REVIEW, the review date;
    REVIEW_CODE, the child's participation PN0 to PN7).

    ISSUE 15 (stg_ssd__cla_reviews, not in this project yet): the SSD contract's ssd_cla_reviews
    (clar_cla_id, linking to clae_cla_id; clar_cla_review_date; clar_cla_review_participation) fills
    this. Until its staged model lands the return has no reviews file (the rules that need it are
    reported as not run: no Reviews table). When it lands, replace the select below with:

        select distinct episodes.la_code, episodes.collection_year, cla.person_id as child,
               persons.date_of_birth as dob, reviews.cla_review_date as review,
               reviews.cla_review_participation as review_code
        from {{ ref('stg_ssd__cla_reviews') }} as reviews
        inner join {{ ref('stg_ssd__cla_episodes') }} as cla
            on cla.la_code = reviews.la_code and cla.cla_id = reviews.cla_id
        inner join {{ ref('ret_ssda903__episodes') }} as episodes
            on episodes.la_code = cla.la_code and episodes.cla_episode_id = cla.cla_episode_id
        inner join {{ ref('ret_collection_years') }} as years
            on years.la_code = episodes.la_code and years.collection_year = episodes.collection_year
        left join {{ ref('stg_ssd__person') }} as persons
            on persons.la_code = cla.la_code and persons.person_id = cla.person_id
        where reviews.cla_review_date between years.year_start and years.year_end

    and set REVIEWS_READY in runner/returns/ssda903.py.
-#}
select
    cast(null as {{ dbt.type_string() }}) as la_code,
    cast(null as integer) as collection_year,
    cast(null as {{ dbt.type_string() }}) as child,
    cast(null as date) as dob,
    cast(null as date) as review,
    cast(null as {{ dbt.type_string() }}) as review_code
where 1 = 0

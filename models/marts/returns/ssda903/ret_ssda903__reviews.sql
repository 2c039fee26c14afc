{#-
    SSDA903 reviews file: one row per looked-after review (ssd_cla_reviews, linked to the period of care
    by clar_cla_id = clae_cla_id) dated in the collection year, of a child in the year's episodes file.
    REVIEW is the review's date; REVIEW_CODE its participation code (PN0 to PN7, as the SSD holds it).
-#}
with periods as (

    select distinct la_code, cla_id, person_id
    from {{ ref('stg_ssd__cla_episodes') }}
    where cla_id is not null

),

returned as (

    select distinct la_code, collection_year, child from {{ ref('ret_ssda903__episodes') }}

)

select distinct
    years.la_code,
    years.collection_year,
    periods.person_id as child,
    persons.date_of_birth as dob,
    reviews.review_date as review,
    upper(reviews.review_participation) as review_code
from {{ ref('stg_ssd__cla_reviews') }} as reviews
inner join periods
    on periods.la_code = reviews.la_code
    and periods.cla_id = reviews.cla_id
inner join {{ ref('ret_collection_years') }} as years on years.la_code = reviews.la_code
inner join returned
    on returned.la_code = reviews.la_code
    and returned.collection_year = years.collection_year
    and returned.child = periods.person_id
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = periods.la_code
    and persons.person_id = periods.person_id
where reviews.review_date between years.year_start and years.year_end

{#-
    The members of the care leaver indicators (indicators.md, "care leavers"): one row per care
    leaver in the cohort at each month end d of the reporting window, in the shape of
    macros/members.sql: Former Relevant care leavers aged 19 to 21 at d, at least 19 and not yet 22
    in whole years on d (years_before: 29 February + n years falls on 1 March in a common year). The
    month of birth, all that fct_care_leavers keeps, cannot say that for a child born on 29 February
    at the end of a February (on 28 February 2026 a child born 29 February 2004 is still 21), so the
    date of birth is read from staging for the comparison and goes no further.
    ind_care_leavers rolls them up; definitions: _indicators__docs.md.
-#}
with cohort as (

    select
        care_leavers.la_code,
        months.month_end,
        care_leavers.person_id,
        care_leavers.is_in_touch,
        care_leavers.is_accommodation_suitable,
        care_leavers.is_eet
    from {{ ref('fct_care_leavers') }} as care_leavers
    inner join {{ ref('stg_ssd__person') }} as person
        on person.la_code = care_leavers.la_code
        and person.person_id = care_leavers.person_id
    inner join {{ ref('int_reporting_windows__split_into_months') }} as months
        on months.la_code = care_leavers.la_code
        and person.date_of_birth <= {{ years_before('months.month_end', 19) }}
        and person.date_of_birth > {{ years_before('months.month_end', 22) }}
    where care_leavers.is_former_relevant

),

stocks as (

    -- care_leavers_in_touch_pct: of the cohort, those in touch (clea_care_leaver_in_touch = YES)
    select {{ member('care_leavers_in_touch_pct', 'person_id', 'month_end',
                     in_numerator='is_in_touch', in_denominator='true') }}
    from cohort

    union all

    -- care_leavers_accom_pct: of the cohort, those suitably accommodated
    select {{ member('care_leavers_accom_pct', 'person_id', 'month_end',
                     in_numerator='is_accommodation_suitable', in_denominator='true') }}
    from cohort

    union all

    -- care_leavers_eet_pct: of the cohort, those in education, employment or training
    select {{ member('care_leavers_eet_pct', 'person_id', 'month_end',
                     in_numerator='is_eet', in_denominator='true') }}
    from cohort

)

{{ members_from(stock_cte='stocks') }}

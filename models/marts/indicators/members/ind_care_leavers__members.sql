{#-
    The members of the care leaver indicators (indicators.md, "care leavers"): one row per care
    leaver in the cohort at each month end d of the reporting window, in the shape of
    macros/members.sql: Former Relevant care leavers aged 19 to 21 at d, at least 19 and not yet 22
    in whole years on d. Every d is a month end, and d - n years is then the end of the same month n
    years earlier, so the month of birth decides it exactly (fct_care_leavers keeps no more).
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
    inner join {{ ref('int_reporting_windows__split_into_months') }} as months
        on months.la_code = care_leavers.la_code
        and care_leavers.birth_month <= {{ month_start(years_before('months.month_end', 19)) }}
        and care_leavers.birth_month > {{ month_start(years_before('months.month_end', 22)) }}
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

{#-
    The members of the front door, early help and children in need indicators (indicators.md, first
    table): one row per indicator and thing counted, in the shape of macros/members.sql. Flows:
    one row per event dated in the reporting window's months or before (the family model places it
    in periods by its date); stocks: one row per child open at each month end d of the window.
    ind_front_door rolls them up; definitions: _indicators__docs.md.
-#}
with contacts as (

    select * from {{ ref('fct_contacts') }}
    where contact_date is not null

),

referrals as (

    select * from {{ ref('fct_referrals') }}

),

dated_referrals as (

    select * from referrals
    where referral_date is not null

),

assessments as (

    select * from {{ ref('fct_assessments') }}
    where assessment_auth_date is not null

),

early_help as (

    select * from {{ ref('fct_early_help_episodes') }}

),

cin_plans as (

    select * from {{ ref('fct_cin_plans') }}

),

months as (

    select la_code, month_end from {{ ref('int_reporting_windows__split_into_months') }}

),

events as (

    -- contacts: contacts with a contact date in the period
    select {{ member('contacts', 'contact_id', 'contact_date', event_id='contact_id') }}
    from contacts

    union all
    -- referrals: referrals with a referral date in the period
    select {{ member('referrals', 'referral_id', 'referral_date', event_id='referral_id',
                     event_team='referral_team') }}
    from dated_referrals

    union all
    -- contact_referral_pct: referrals in the period / contacts in the period
    select {{ member('contact_referral_pct', 'referral_id', 'referral_date', event_id='referral_id',
                     event_team='referral_team') }}
    from dated_referrals
    union all
    select {{ member('contact_referral_pct', 'contact_id', 'contact_date', event_id='contact_id',
                     in_numerator='false', in_denominator='true') }}
    from contacts

    union all
    -- rereferral_pct: referrals in the period that are re-referrals within 12 months / referrals
    select {{ member('rereferral_pct', 'referral_id', 'referral_date', event_id='referral_id',
                     in_numerator='is_rereferral_12m', in_denominator='true', event_team='referral_team') }}
    from dated_referrals

    union all
    -- referral_nfa_pct: referrals in the period with cine_referral_nfa = Y / referrals
    select {{ member('referral_nfa_pct', 'referral_id', 'referral_date', event_id='referral_id',
                     in_numerator='is_nfa', in_denominator='true', event_team='referral_team') }}
    from dated_referrals

    union all
    -- referral_assessment_pct: referrals in the period with at least one linked assessment / referrals
    select {{ member('referral_assessment_pct', 'referral_id', 'referral_date', event_id='referral_id',
                     in_numerator='assessment_count > 0', in_denominator='true', event_team='referral_team') }}
    from dated_referrals

    union all
    -- ethnicity_unrecorded_pct: referrals in the period whose child's ethnicity is null, blank or NOBT
    select {{ member('ethnicity_unrecorded_pct', 'referral_id', 'referral_date', event_id='referral_id',
                     in_numerator='is_ethnicity_unrecorded', in_denominator='true', event_team='referral_team') }}
    from dated_referrals

    union all
    -- assessments: assessments authorised in the period
    select {{ member('assessments', 'assessment_id', 'assessment_auth_date', event_id='assessment_id',
                     event_team='assessment_team') }}
    from assessments

    union all
    -- assessment_45wd_pct: assessments authorised in the period within 45 working days of the
    -- referral / assessments authorised in the period
    select {{ member('assessment_45wd_pct', 'assessment_id', 'assessment_auth_date', event_id='assessment_id',
                     in_numerator='working_days_to_auth <= 45', in_denominator='true',
                     event_team='assessment_team') }}
    from assessments

    union all
    -- assessment_median_wd: the working days of each assessment authorised in the period (the
    -- median's input; the denominator counts them)
    select {{ member('assessment_median_wd', 'assessment_id', 'assessment_auth_date', event_id='assessment_id',
                     in_numerator='false', in_denominator='true', measure_value='working_days_to_auth',
                     event_team='assessment_team') }}
    from assessments
    where working_days_to_auth is not null

    union all
    -- early_help_starts: early help episodes starting in the period
    select {{ member('early_help_starts', 'episode_id', 'episode_start_date', event_id='episode_id') }}
    from early_help
    where episode_start_date is not null

),

stocks as (

    -- early_help_open: children with an early help episode open at d
    select {{ member('early_help_open', 'early_help.person_id', 'months.month_end',
                     person_id='early_help.person_id', la_code='months.la_code') }}
    from early_help
    inner join months
        on months.la_code = early_help.la_code
        and {{ is_open_at('early_help.episode_start_date', 'early_help.episode_end_date', 'months.month_end') }}

    union all

    -- cin_open: children with a referral open at d that is not a no-further-action referral
    select {{ member('cin_open', 'referrals.person_id', 'months.month_end',
                     person_id='referrals.person_id', la_code='months.la_code') }}
    from referrals
    inner join months
        on months.la_code = referrals.la_code
        and {{ is_open_at('referrals.referral_date', 'referrals.close_date', 'months.month_end') }}
    where referrals.is_nfa is null or not referrals.is_nfa

    union all

    -- cin_plans_open: children with a child in need plan open at d
    select {{ member('cin_plans_open', 'cin_plans.person_id', 'months.month_end',
                     person_id='cin_plans.person_id', la_code='months.la_code') }}
    from cin_plans
    inner join months
        on months.la_code = cin_plans.la_code
        and {{ is_open_at('cin_plans.plan_start_date', 'cin_plans.plan_end_date', 'months.month_end') }}

)

{{ members_from('events', 'stocks') }}

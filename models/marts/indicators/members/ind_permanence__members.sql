{#-
    The members of the permanence indicators (indicators.md, "Children looked after, permanence"):
    one row per indicator and thing counted, in the shape of macros/members.sql. ind_permanence
    rolls them up; definitions: _indicators__docs.md.

    Adoptions are episodes ceased with reason E11 or E12 (not under a V3/V4 short break,
    fct_cla_episodes); adoption_pct divides them by the episodes ceased (reason other than X1).
    adm_to_match_days is a mean: each child matched in the period brings the days from the
    decision to the match (measure_value) to the numerator and 1 to the denominator; a match dated
    before its decision has no days and is left out (reported as matched_before_decision).
-#}
with episodes as (

    select * from {{ ref('fct_cla_episodes') }}

),

permanence as (

    select * from {{ ref('fct_permanence') }}

),

events as (

    -- adoptions: episodes ceased in the period with reason E11 or E12
    select {{ member('adoptions', 'cla_episode_id', 'episode_ceased_date', event_id='cla_episode_id') }}
    from episodes
    where is_adoption

    union all
    -- adoption_pct: adoptions / episodes ceased (not X1) in the period
    select {{ member('adoption_pct', 'cla_episode_id', 'episode_ceased_date', event_id='cla_episode_id',
                     in_numerator='is_adoption', in_denominator='true') }}
    from episodes
    where is_care_end

    union all
    -- ffa_placements: fostering for adoption placements (perm_placed_ffa_cp_date) in the period
    select {{ member('ffa_placements', 'permanence_id', 'placed_ffa_cp_date', event_id='permanence_id') }}
    from permanence
    where placed_ffa_cp_date is not null

    union all
    -- adm_to_match_days: days from adoption decision to match, summed over those matched in the
    -- period, over their number (a mean: unit days)
    select {{ member('adm_to_match_days', 'permanence_id', 'matched_date', event_id='permanence_id',
                     in_numerator='true', in_denominator='true', measure_value='days_decision_to_match') }}
    from permanence
    where matched_date is not null and days_decision_to_match is not null

)

{{ members_from('events') }}

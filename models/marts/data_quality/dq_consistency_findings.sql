{#-
    The data-quality findings on how staged records agree with each other and with the build's
    as-at date, one row each, in dq_findings' columns (dq_findings lists them with the rest; every
    one is a warning: the row is staged and reported):
      dated_after_as_at        an event dated after the as-at date (it counts in no period);
      overlapping_period       a child's CP plans, or looked-after episodes, overlap;
      period_of_care_gap       an episode of a clae_cla_id starts after every earlier one had ceased;
      matched_before_decision  an adoption match dated before the decision;
      no_linked_referral       an assessment naming no staged referral (measured from its own start);
      no_linked_period_of_care, no_linked_plan
                               a review naming no staged period of care or CP plan.
-#}
{#- (stg model, id, start, end): a child's rows of these must not overlap -#}
{%- set exclusive_periods = [
    ('cp_plans', 'cp_plan_id', 'plan_start_date', 'plan_end_date'),
    ('cla_episodes', 'cla_episode_id', 'episode_start_date', 'episode_ceased_date'),
] %}

with reporting_window as (

    select la_code, as_at_date from {{ ref('int_reporting_windows__resolved') }}

),

future_events as (

    {%- for table, id_column, column in dq_event_dates() %}
    {{ dq_finding(ref('stg_ssd__' ~ table), 'ssd_' ~ table, id_column, 'dated_after_as_at', column,
        'checked.' ~ column,
        "checked." ~ column ~ " > (select max(as_at_date) from reporting_window)") }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

overlapping_periods as (

    {%- for table, id_column, start_column, end_column in exclusive_periods %}
    {%- set overlapping -%}
        (select this.*, other.{{ id_column }} as other_id
         from {{ ref('stg_ssd__' ~ table) }} as this
         inner join {{ ref('stg_ssd__' ~ table) }} as other
            on other.la_code = this.la_code
            and other.person_id = this.person_id
            and other.{{ id_column }} <> this.{{ id_column }}
            and other.{{ start_column }} < coalesce(this.{{ end_column }}, cast('9999-12-31' as date))
            and this.{{ start_column }} < coalesce(other.{{ end_column }}, cast('9999-12-31' as date)))
    {%- endset %}
    {{ dq_finding(overlapping, 'ssd_' ~ table, id_column, 'overlapping_period', start_column ~ ', ' ~ end_column,
        'checked.other_id', 'true') }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

-- an episode of a clae_cla_id that starts after every earlier episode of it had ceased: the
-- period of care has a gap (it still starts at its first episode; int_cla_episodes__grouped_into_periods)
period_of_care_gaps as (

    {{ dq_finding(ref('int_cla_episodes__grouped_into_periods'), 'ssd_cla_episodes', 'cla_episode_id', 'period_of_care_gap',
        'clae_cla_id, clae_cla_episode_start_date',
        dbt.concat(["checked.cla_id", "': ceased '", dbt.cast('checked.previous_ceased_date', dbt.type_string()),
                    "', next starts '", dbt.cast('checked.episode_start_date', dbt.type_string())]),
        'checked.starts_after_gap') }}

),

-- an adoption match dated before the decision to place for adoption: left out of adm_to_match_days
matches_before_decisions as (

    {{ dq_finding(ref('stg_ssd__permanence'), 'ssd_permanence', 'permanence_id', 'matched_before_decision',
        'perm_adm_decision_date, perm_matched_date',
        dbt.concat(["'decision '", dbt.cast('checked.adm_decision_date', dbt.type_string()),
                    "', matched '", dbt.cast('checked.matched_date', dbt.type_string())]),
        'checked.matched_date < checked.adm_decision_date') }}

),

unlinked_assessments as (

    {#- fct_assessments then measures the assessment from its own start date (indicators.md) -#}
    {{ dq_finding(ref('stg_ssd__cin_assessments'), 'ssd_cin_assessments', 'assessment_id', 'no_linked_referral',
        'referral_id', 'checked.referral_id',
        "not exists (select 1 from " ~ ref('stg_ssd__cin_episodes') ~ " as referrals
            where referrals.la_code = checked.la_code and referrals.referral_id = checked.referral_id)") }}

),

-- a review must name a staged period of care (clar_cla_id = clae_cla_id) or CP plan of the same
-- authority; one that does not is in no review indicator (fct_cla_reviews, fct_cp_reviews)
unlinked_reviews as (

    {{ dq_finding(ref('stg_ssd__cla_reviews'), 'ssd_cla_reviews', 'cla_review_id', 'no_linked_period_of_care',
        'cla_id', 'checked.cla_id',
        "not exists (select 1 from " ~ ref('stg_ssd__cla_episodes') ~ " as episodes
            where episodes.la_code = checked.la_code and episodes.cla_id = checked.cla_id)") }}
    union all
    {{ dq_finding(ref('stg_ssd__cp_reviews'), 'ssd_cp_reviews', 'cp_review_id', 'no_linked_plan',
        'cp_plan_id', 'checked.cp_plan_id',
        "not exists (select 1 from " ~ ref('stg_ssd__cp_plans') ~ " as plans
            where plans.la_code = checked.la_code and plans.cp_plan_id = checked.cp_plan_id)") }}

)

select * from future_events
union all select * from overlapping_periods
union all select * from period_of_care_gaps
union all select * from matches_before_decisions
union all select * from unlinked_assessments
union all select * from unlinked_reviews

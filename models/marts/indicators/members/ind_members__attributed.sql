{#-
    The members of every indicator that is broken down (in_breakdowns: the count and percent
    indicators about children or their events), each with the child's categories on its
    member_date (indicators.md, "Breakdowns"): for a flow the event's date, for a stock d.

      ethnicity_group  the DfE major group of pers_ethnicity (macro ethnicity_group)
      age_band         whole years on member_date (macro age_band); unknown without a usable
                       date of birth. The date of birth is read here and goes no further.
      sex              male (M or 1), female (F or 2), unknown
      disability       disabled (a code other than NONE), not disabled (NONE only), not recorded
                       (no ssd_disability row)
      team             the event's own team where its record has one (referrals, assessments),
                       else the team of the child's allocated involvement in force on the day
                       (in_force_on: the latest started, then the largest id), else not recorded

    Every category is a function of the member's row, and for a stock of the child and d alone, so
    the categories of a dimension partition every cohort the family models count.
    indicator_breakdowns rolls these up; not published (it names the child).
-#}
with members as (

{%- for family in indicator_families() %}
    select members.*, catalogue.measure_type
    from {{ ref('ind_' ~ family ~ '__members') }} as members
    inner join {{ ref('indicator_catalogue') }} as catalogue
        on catalogue.indicator_id = members.indicator_id
    where {{ in_breakdowns('catalogue.unit', 'members.indicator_id') }}
    {%- if not loop.last %}

    union all
    {% endif %}
{%- endfor %}

),

children as (

    select
        child.la_code,
        child.person_id,
        child.sex,
        child.ethnicity,
        person.date_of_birth,
        disabilities.is_disabled
    from {{ ref('dim_child') }} as child
    left join {{ ref('stg_ssd__person') }} as person
        on person.la_code = child.la_code
        and person.person_id = child.person_id
    left join {{ ref('fct_disabilities') }} as disabilities
        on disabilities.la_code = child.la_code
        and disabilities.person_id = child.person_id

),

-- the days on which a member without a team of its own needs the child's allocated team
team_days as (

    select distinct la_code, person_id, member_date
    from members
    where event_team is null and person_id is not null

),

allocated as (

    select la_code, person_id, involvement_id, involvement_start_date, involvement_end_date, professional_team
    from {{ ref('fct_involvements') }}
    where is_allocated

),

allocated_team as (

    {{ in_force_on('team_days', 'member_date', 'allocated', 'involvement_start_date', 'involvement_end_date',
                   'involvement_id', ['professional_team']) }}

)

select
    members.la_code,
    members.indicator_id,
    members.measure_type,
    members.person_id,
    members.counted_id,
    members.event_id,
    members.member_date,
    members.month_start,
    members.in_numerator,
    members.in_denominator,
    members.counts_from,
    members.measure_value,
    cast({{ ethnicity_group('children.ethnicity') }} as {{ dbt.type_string() }}) as ethnicity_group,
    cast({{ age_band('children.date_of_birth', 'members.member_date') }} as {{ dbt.type_string() }}) as age_band,
    cast({{ sex_category('children.sex') }} as {{ dbt.type_string() }}) as sex,
    cast(
        case
            when children.is_disabled then 'disabled'
            when children.is_disabled = false then 'not disabled'
            else 'not recorded'
        end as {{ dbt.type_string() }}
    ) as disability,
    cast(coalesce(members.event_team, allocated_team.professional_team, 'not recorded') as {{ dbt.type_string() }})
        as team
from members
left join children
    on children.la_code = members.la_code
    and children.person_id = members.person_id
-- (one row per child and day, so always joined; the event's own team wins in the coalesce above. A
-- condition on members alone here, "event_team is null", made DuckDB loop over every pair of rows)
left join allocated_team
    on allocated_team.la_code = members.la_code
    and allocated_team.person_id = members.person_id
    and allocated_team.in_force_day = members.member_date

{#-
    SSDA903 social worker episodes file (from 2023-24): one row per allocated social worker (an
    ssd_involvements row with no invo_professional_role_id, the contract's allocated worker) of a child
    in the year's episodes file, for the time the child was looked after (fct_cla_looked_after_intervals:
    V3/V4 short breaks are not) and in the year: a worker from before care starts the day care starts,
    one who goes on after it ends at the day care ended (DfE rule SW12STG2). SW_DECOM and SW_DEC are
    those dates (an end after 31 March not known at the year end). SW_REASON: FCONTA for the first
    episode of a period of care, else the reason the previous worker changed (invo_worker_change_reason
    on the involvement that ended), when it is one of the DfE's codes (MANAGE, FCONTA, LEFTRL, ORGRST,
    TSPROC, ABSENC, CHCHAN, PCCHAN, SWDIED, OTHERS); another text is left blank (README, "Statutory
    returns"). SW_ID, the worker's Social Work England registration number, is not in the SSD contract.
-#}
with allocated as (

    select
        la_code,
        person_id,
        involvement_id,
        involvement_start_date,
        involvement_end_date,
        lag(upper(trim(worker_change_reason))) over (
            partition by la_code, person_id order by involvement_start_date, involvement_id
        ) as previous_change_reason
    from {{ ref('stg_ssd__involvements') }}
    where professional_role_id is null or trim(professional_role_id) = ''

),

returned as (

    select distinct la_code, collection_year, child from {{ ref('ret_ssda903__episodes') }}

),

in_care as (

    select
        years.la_code,
        years.collection_year,
        years.year_end,
        intervals.person_id,
        intervals.looked_after_start,
        intervals.looked_after_end,
        allocated.involvement_id,
        allocated.previous_change_reason,
        case
            when allocated.involvement_start_date > intervals.looked_after_start then allocated.involvement_start_date
            else intervals.looked_after_start
        end as sw_decom,
        case
            when intervals.looked_after_end is null then allocated.involvement_end_date
            when allocated.involvement_end_date is null or allocated.involvement_end_date > intervals.looked_after_end
                then intervals.looked_after_end
            else allocated.involvement_end_date
        end as sw_dec
    from {{ ref('fct_cla_looked_after_intervals') }} as intervals
    inner join {{ ref('ret_collection_years') }} as years on years.la_code = intervals.la_code
    inner join returned
        on returned.la_code = intervals.la_code
        and returned.collection_year = years.collection_year
        and returned.child = intervals.person_id
    inner join allocated
        on allocated.la_code = intervals.la_code
        and allocated.person_id = intervals.person_id
        and (
            allocated.involvement_start_date < intervals.looked_after_end
            or (intervals.looked_after_end is null and allocated.involvement_start_date <= years.year_end)
        )
        and (allocated.involvement_end_date is null or allocated.involvement_end_date > intervals.looked_after_start)
    where intervals.looked_after_start <= years.year_end
        and (intervals.looked_after_end is null or intervals.looked_after_end >= years.year_start)

),

numbered as (

    select
        *,
        row_number() over (
            partition by la_code, collection_year, person_id, looked_after_start order by sw_decom, involvement_id
        ) as episode_in_care
    from in_care
    where sw_decom <= year_end
        and (sw_dec is null or sw_dec >= {{ dbt.dateadd('year', -1, 'year_end') }})

)

select
    numbered.la_code,
    numbered.collection_year,
    numbered.person_id as child,
    persons.date_of_birth as dob,
    numbered.involvement_id,
    cast(null as {{ dbt.type_string() }}) as sw_id,
    numbered.sw_decom,
    case when numbered.sw_dec <= numbered.year_end then numbered.sw_dec end as sw_dec,
    case
        when numbered.episode_in_care = 1 then 'FCONTA'
        when numbered.previous_change_reason in ('MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN',
                                                 'PCCHAN', 'SWDIED', 'OTHERS')
            then numbered.previous_change_reason
    end as sw_reason
from numbered
left join {{ ref('stg_ssd__person') }} as persons
    on persons.la_code = numbered.la_code
    and persons.person_id = numbered.person_id

{#-
    The members of the workforce indicators (indicators.md, "workforce"): the social workers
    (ssd_professionals rows whose job title contains "social worker") at the build's as-at date
    only, as the SSD holds current staff and no history; in the shape of macros/members.sql, with
    no child (person_id is null) and the professional as what is counted.

    - agency_sw_pct: every social worker is in the denominator, agency workers in the numerator,
      each bringing their full-time equivalent (measure_value): the share is of FTE;
    - sw_caseload_avg: social workers with a caseload above 0, each bringing their caseload.
    ind_workforce takes the sums and the mean; definitions: _indicators__docs.md.
-#}
with social_workers as (

    select
        professionals.la_code,
        professionals.professional_id,
        professionals.is_agency_worker,
        professionals.full_time_equivalency,
        professionals.caseload,
        reporting_window.as_at_date
    from {{ ref('fct_professionals') }} as professionals
    inner join {{ ref('int_reporting_windows__resolved') }} as reporting_window
        on reporting_window.la_code = professionals.la_code
    where professionals.is_social_worker

),

stocks as (

    select {{ member('agency_sw_pct', 'professional_id', 'as_at_date', person_id='null',
                     event_id='professional_id', in_numerator='is_agency_worker', in_denominator='true',
                     measure_value='full_time_equivalency') }}
    from social_workers

    union all

    select {{ member('sw_caseload_avg', 'professional_id', 'as_at_date', person_id='null',
                     event_id='professional_id', in_denominator='true', measure_value='caseload') }}
    from social_workers
    where caseload > 0

)

select * from stocks

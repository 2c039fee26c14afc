{#- The workforce snapshot (ssd_professionals): one row per professional as the extract holds them
    (current staff, no history). is_social_worker: the job title contains "social worker",
    case-insensitively ("Senior Social Worker", "Advanced Practitioner Social Worker"). -#}
select
    la_code,
    professional_id,
    job_title,
    department,
    coalesce(lower(job_title) like '%social worker%', false) as is_social_worker,
    full_time_equivalency,
    is_agency_worker,
    caseload
from {{ ref('stg_ssd__professionals') }}

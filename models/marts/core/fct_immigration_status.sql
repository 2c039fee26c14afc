{#-
    One row per immigration status of a child (ssd_immigration_status), open from status_start_date
    (null: since before the record) to status_end_date (null: still open). is_uasc: the status text
    contains "UASC" or "unaccompanied", case-insensitive (indicators.md, uasc_open).
-#}
with statuses as (

    select * from {{ ref('stg_ssd__immigration_status') }}

)

select
    la_code,
    immigration_status_id,
    person_id,
    immigration_status,
    status_start_date,
    status_end_date,
    (
        lower(immigration_status) like '%uasc%'
        or lower(immigration_status) like '%unaccompanied%'
    ) as is_uasc
from statuses

{#-
    SSDA903 social worker episodes file (from 2023-24): one row per period a social worker was
    allocated to a child in the year's episodes file (SW_ID, SW_DECOM, SW_DEC, SW_REASON).

    ISSUE 15 (stg_ssd__involvements, not in this project yet): the SSD contract's ssd_involvements
    (invo_person_id, invo_professional_id, invo_involvement_start_date and _end_date,
    invo_worker_change_reason; a blank invo_professional_role_id is the allocated worker) fills
    this, with the allocated team. Until its staged model lands the return has no social worker
    file (the SW rules are reported as not run: no SWEpisodes table).
-#}
select
    cast(null as {{ dbt.type_string() }}) as la_code,
    cast(null as integer) as collection_year,
    cast(null as {{ dbt.type_string() }}) as child,
    cast(null as date) as dob,
    cast(null as {{ dbt.type_string() }}) as sw_id,
    cast(null as date) as sw_decom,
    cast(null as date) as sw_dec,
    cast(null as {{ dbt.type_string() }}) as sw_reason
where 1 = 0

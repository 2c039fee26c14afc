{#-
    SSDA903 UASC file: one row per child in the year's header who was an unaccompanied asylum-seeking
    child at any time in the year; DUC is the date that status ceased (blank while it lasts).

    ISSUE 15 (stg_ssd__immigration_status, not in this project yet): the SSD contract's
    ssd_immigration_status (immi_person_id, immi_immigration_status "UASC",
    immi_immigration_status_start_date and _end_date) fills this. Until its staged model lands the
    return has no UASC file and every child's UASC flag is unknown. When it lands, replace the
    select below with the header's children whose status is UASC on any day of the year, with
    SEX and DOB from ret_ssda903__header and DUC the status's end date when on or before 31 March.
-#}
select
    cast(null as {{ dbt.type_string() }}) as la_code,
    cast(null as integer) as collection_year,
    cast(null as {{ dbt.type_string() }}) as child,
    cast(null as {{ dbt.type_string() }}) as sex,
    cast(null as date) as dob,
    cast(null as date) as duc
where 1 = 0

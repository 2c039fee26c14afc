{#- One row per raw file the runner's intake check found (runner/intake.py), with the rows it
    counted in it: the independent count dq_row_reconciliation checks the staging layer against,
    and the tables each authority supplied (int_indicators__filtered_to_supplied_tables). -#}
with source as (

    select * from {{ source('intake', 'files') }}

),

renamed as (

    select
        -- keys
        la_code,
        table_name,
        -- file
        file_path,
        file_format,
        -- measures
        cast(raw_rows as {{ dbt.type_bigint() }}) as raw_rows
    from source

)

select * from renamed

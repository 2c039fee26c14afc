{#-
    PII (tagged pii): the one person identifier a statutory return needs that the contract marks as
    personal, for the staged persons only. pers_upn_unknown is the CIN census's reason a UPN is
    missing (UN1 to UN10). Read only by the returns models (models/marts/returns), which are pii too;
    no indicator, export or report page reads this model (tests/test_returns_models.py checks).
-#}
with source as (

    select * from {{ ref('base_ssd__person') }}
    where dq_rule is null

),

renamed as (

    select
        -- keys
        la_code,
        pers_person_id as person_id,

        -- codes
        {{ ssd_code('pers_upn_unknown') }} as upn_unknown

    from source

)

select * from renamed

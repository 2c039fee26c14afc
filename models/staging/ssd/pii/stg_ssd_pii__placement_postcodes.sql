{#-
    PII (tagged pii): each staged placement's postcode, as the SSDA903 return's PL_POST needs it
    (upper case, one space before the inward code: "PE1 1AA"). Read only by the returns models
    (models/marts/returns), which are pii too; no indicator, export or report page reads this model
    (tests/test_returns_models.py checks).
-#}
with source as (

    select * from {{ ref('base_ssd__cla_placement') }}
    where dq_rule is null

),

compacted as (

    select
        la_code,
        clap_cla_placement_id as cla_placement_id,
        replace(upper(clap_cla_placement_postcode), ' ', '') as postcode_compact
    from source

),

renamed as (

    select
        -- keys
        la_code,
        cla_placement_id,

        -- the 903's PL_POST: outward code, a space, the three-character inward code
        case
            when {{ dbt.length('postcode_compact') }} between 5 and 7
                then {{ dbt.concat(["substr(postcode_compact, 1, " ~ dbt.length('postcode_compact') ~ " - 3)", "' '", dbt.right('postcode_compact', '3')]) }}
            else postcode_compact
        end as pl_post

    from compacted

)

select * from renamed

{#- One row per placement of a looked-after child (ssd_cla_placement). A child is in a placement
    on day x when start <= x < end: a placement that ends on a day is not occupied that day. The
    placement's postcode is a personal identifier and stays in the staging layer. -#}
select
    la_code,
    cla_placement_id,
    person_id,
    cla_id,
    placement_start_date,
    placement_end_date,
    placement_type,
    placement_provider,
    placement_change_reason,
    placement_distance_miles
from {{ ref('stg_ssd__cla_placement') }}

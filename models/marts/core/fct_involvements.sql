{#-
    One row per professional's involvement with a child (ssd_involvements): who held the case, in
    which team, from when to when. The allocated involvement is the one whose
    invo_professional_role_id is blank (data-contract.md); other roles (a family support worker,
    say) run alongside it. involvement_end_date is null while the involvement is open.
-#}
with involvements as (

    select * from {{ ref('stg_ssd__involvements') }}

)

select
    la_code,
    involvement_id,
    person_id,
    professional_id,
    professional_role_id,
    professional_role_id is null as is_allocated,
    professional_team,
    referral_id,
    involvement_start_date,
    involvement_end_date,
    worker_change_reason
from involvements

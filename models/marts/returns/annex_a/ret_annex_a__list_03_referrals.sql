{#- Annex A list 3: every referral in the six months to the as-at date, with the number of the child's
    referrals in the twelve months to it (pii). -#}
select
    windows.la_code,
    windows.as_at_date,
    referrals.person_id as child_id,
    referrals.referral_id,
    referrals.referral_date,
    referrals.referral_source_code,
    referrals.is_nfa as referral_nfa,
    (
        select count(*) from {{ ref('stg_ssd__cin_episodes') }} as others
        where others.la_code = referrals.la_code and others.person_id = referrals.person_id
            and others.referral_date between windows.twelve_months_start and windows.as_at_date
    ) as referrals_in_last_12_months,
    referrals.referral_team as allocated_team,
    referrals.worker_id as allocated_worker
from {{ ref('stg_ssd__cin_episodes') }} as referrals
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = referrals.la_code
where referrals.referral_date between windows.six_months_start and windows.as_at_date

{#- Annex A list 6: every CIN episode (a referral that was not NFA) open at the as-at date or closed in
    the six months to it (pii). -#}
select
    windows.la_code,
    windows.as_at_date,
    referrals.person_id as child_id,
    referrals.referral_id,
    referrals.referral_date as cin_start_date,
    referrals.primary_need_code,
    case when referrals.close_date <= windows.as_at_date then referrals.close_date end as cin_closure_date,
    case when referrals.close_date <= windows.as_at_date then referrals.close_reason end as reason_for_closure
from {{ ref('stg_ssd__cin_episodes') }} as referrals
inner join {{ ref('ret_annex_a__window') }} as windows on windows.la_code = referrals.la_code
where coalesce(referrals.is_nfa, false) = false
    and referrals.referral_date <= windows.as_at_date
    and (referrals.close_date is null or referrals.close_date >= windows.six_months_start)

{#-
    The exception lists (issue 15, section 4): one row per list, what it holds and the indicator
    whose missed timescale it lists. The lists themselves are exception_lists (internal only: they
    carry the authority's own person ids); the report shows only their counts
    (report_exception_counts). period_type is the indicator period a list's rows belong to at the
    as-at date: `month` (the as-at date's month), `ytd` (the financial year to the as-at date) or
    `snapshot` (the as-at date itself); counted_by says whether the indicator counts events (one
    row each) or children (a child with two plans is one child).
-#}
{%- set lists = [
    ('assessments_over_45wd', 1, 'Assessments authorised beyond 45 working days',
     'assessment_45wd_pct', 'month', 'events',
     'Assessments authorised in the month more than 45 working days after the referral (the assessment_45wd_pct month row: denominator minus numerator)'),
    ('open_assessments_over_45wd', 2, 'Open assessments already beyond 45 working days',
     'assessment_45wd_pct', 'snapshot', 'events',
     'Assessments started on or before the as-at date, not authorised by it, more than 45 working days after the referral'),
    ('icpcs_over_15wd', 3, 'ICPCs beyond 15 working days',
     'icpc_15wd_pct', 'month', 'events',
     'Initial child protection conferences in the month (not transfer-ins) more than 15 working days after the section 47 enquiry started (the icpc_15wd_pct month row: denominator minus numerator)'),
    ('cp_visits_overdue', 4, 'Children on a child protection plan not seen in timescale',
     'cp_visit_pct', 'snapshot', 'children',
     'Children on a plan that started more than ' ~ var('cp_visit_working_days') ~ ' working days before the as-at date, not seen on a visit within ' ~ var('cp_visit_working_days') ~ ' working days of it (cp_visit_pct)'),
    ('cla_visits_overdue', 5, 'Children looked after without a visit in timescale',
     'cla_visit_pct', 'snapshot', 'children',
     'Children looked after for 42 days or more not seen in the 42 days to the as-at date (91 days where the placement started a year or more before) (cla_visit_pct)'),
    ('health_assessments_overdue', 6, 'Annual health assessments overdue',
     'cla_health_pct', 'snapshot', 'children',
     'Children looked after for 12 months or more with no Completed health assessment in the 12 months to the as-at date (cla_health_pct)'),
    ('dental_checks_overdue', 7, 'Dental checks overdue',
     'cla_dental_pct', 'snapshot', 'children',
     'Children looked after for 12 months or more with no Completed dental check in the 12 months to the as-at date (cla_dental_pct)'),
    ('initial_health_assessments_late', 8, 'Initial health assessments late',
     'cla_iha_20wd_pct', 'ytd', 'events',
     'Children who started to be looked after in the financial year to date, at least 20 working days before the as-at date, without a Completed initial health assessment within 20 working days (cla_iha_20wd_pct)'),
    ('cp_plans_18m_plus', 9, 'Child protection plans open 18 months or more',
     'cp_open_18m_plus', 'snapshot', 'children',
     'Plans open at the as-at date that started on or before the as-at date minus 18 months (cp_open_18m_plus)'),
    ('s47_ended_without_icpc', 10, 'Section 47 enquiries ended without an ICPC',
     's47_icpc_pct', 'month', 'events',
     'Section 47 enquiries that ended in the month with no initial child protection conference (the s47_icpc_pct month row: denominator minus numerator)'),
    ('cla_reviews_overdue', 11, 'Looked-after reviews overdue or late',
     'cla_review_timely_pct', 'snapshot', 'children',
     'Children looked after for more than 20 working days whose next review is overdue at the as-at date, or one of whose reviews in the 12 months to it was late (cla_review_timely_pct)'),
    ('cp_reviews_overdue', 12, 'Child protection reviews overdue or late',
     'cp_review_timely_pct', 'snapshot', 'children',
     'Plans open three months or more whose next review is overdue at the as-at date, or one of whose reviews in the 12 months to it was late (cp_review_timely_pct)'),
] %}

{% for list_id, display_order, list_name, indicator_id, period_type, counted_by, description in lists %}
select
    cast('{{ list_id }}' as {{ dbt.type_string() }}) as list_id,
    cast({{ display_order }} as integer) as display_order,
    cast('{{ list_name }}' as {{ dbt.type_string() }}) as list_name,
    cast('{{ indicator_id }}' as {{ dbt.type_string() }}) as indicator_id,
    cast('{{ period_type }}' as {{ dbt.type_string() }}) as period_type,
    cast('{{ counted_by }}' as {{ dbt.type_string() }}) as counted_by,
    cast('{{ description }}' as {{ dbt.type_string() }}) as description
{% if not loop.last %}union all{% endif %}
{% endfor %}

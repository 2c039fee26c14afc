"""DfE small-number suppression on a small hand-made case, checked cell by cell."""

from __future__ import annotations

from datetime import date

from runner.suppression import suppress


def row(indicator, unit, period_type, start, end, numerator=None, denominator=None, value=None, la="874"):
    return {"la_code": la, "indicator_id": indicator, "unit": unit, "period_type": period_type,
            "period_start": date.fromisoformat(start), "period_end": date.fromisoformat(end),
            "numerator": numerator, "denominator": denominator, "value": value}


def cells(rows):
    return [(r["indicator_id"], r["period_type"], r["period_end"].isoformat(), r["numerator"], r["denominator"],
             r["value"]) for r in rows]


def test_counts_of_1_to_5_are_c_and_0_and_6_are_shown():
    rows = [
        row("adoptions", "count", "month", "2024-04-01", "2024-04-30", value=0.0),
        row("adoptions", "count", "month", "2024-05-01", "2024-05-31", value=1.0),
        row("adoptions", "count", "month", "2024-06-01", "2024-06-30", value=5.0),
        row("adoptions", "count", "month", "2024-07-01", "2024-07-31", value=6.0),
        row("cla_open", "count", "snapshot", "2024-07-31", "2024-07-31", value=3.0),
    ]
    assert [r["value"] for r in suppress(rows)] == [0.0, "c", "c", 6.0, "c"]


def test_a_percentage_with_a_small_numerator_or_denominator_is_c_with_that_count():
    rows = [
        row("rereferral_pct", "percent", "month", "2024-04-01", "2024-04-30", 3, 40, 7.5),
        row("rereferral_pct", "percent", "month", "2024-05-01", "2024-05-31", 4, 4, 100.0),
        row("rereferral_pct", "percent", "month", "2024-06-01", "2024-06-30", 0, 40, 0.0),
        row("rereferral_pct", "percent", "month", "2024-07-01", "2024-07-31", 0, 0, None),
        row("rereferral_pct", "percent", "month", "2024-08-01", "2024-08-31", 12, 40, 30.0),
    ]
    assert cells(suppress(rows)) == [
        ("rereferral_pct", "month", "2024-04-30", "c", 40, "c"),
        ("rereferral_pct", "month", "2024-05-31", "c", "c", "c"),
        ("rereferral_pct", "month", "2024-06-30", 0, 40, 0.0),
        ("rereferral_pct", "month", "2024-07-31", 0, 0, None),
        ("rereferral_pct", "month", "2024-08-31", 12, 40, 30.0),
    ]


def test_a_rate_over_a_population_is_c_only_when_its_count_is_small():
    rows = [
        row("cla_rate", "rate_per_10k", "snapshot", "2024-07-31", "2024-07-31", 4, 50_000, 0.8),
        row("cla_rate", "rate_per_10k", "snapshot", "2024-08-31", "2024-08-31", 350, 50_000, 70.0),
    ]
    assert cells(suppress(rows)) == [
        ("cla_rate", "snapshot", "2024-07-31", "c", 50_000, "c"),
        ("cla_rate", "snapshot", "2024-08-31", 350, 50_000, 70.0),
    ]


def test_totals_that_include_a_suppressed_month_are_suppressed_so_differences_reveal_nothing():
    months = [("2024-04-01", "2024-04-30", 10.0), ("2024-05-01", "2024-05-31", 2.0), ("2024-06-01", "2024-06-30", 9.0)]
    rows = [row("contacts", "count", "month", s, e, value=v) for s, e, v in months]
    rows += [
        row("contacts", "count", "ytd", "2024-04-01", "2024-04-30", value=10.0),  # April only: shown
        row("contacts", "count", "ytd", "2024-04-01", "2024-05-31", value=12.0),  # includes May
        row("contacts", "count", "ytd", "2024-04-01", "2024-06-30", value=21.0),  # includes May
        row("contacts", "count", "rolling_12m", "2023-06-01", "2024-05-31", value=99.0),  # includes May
        row("contacts", "count", "rolling_12m", "2024-06-01", "2025-05-31", value=99.0),  # after May: shown
        row("contacts", "count", "ytd", "2024-04-01", "2024-06-30", value=21.0, la="875"),  # another LA
    ]
    assert [r["value"] for r in suppress(rows)] == [10.0, "c", 9.0, 10.0, "c", "c", "c", 99.0, 21.0]


def test_secondary_suppression_follows_the_column_that_was_small():
    rows = [
        # May's numerator is small, its denominator is not
        row("rereferral_pct", "percent", "month", "2024-04-01", "2024-04-30", 10, 40, 25.0),
        row("rereferral_pct", "percent", "month", "2024-05-01", "2024-05-31", 2, 30, 6.7),
        row("rereferral_pct", "percent", "ytd", "2024-04-01", "2024-05-31", 12, 70, 17.1),
    ]
    assert cells(suppress(rows))[2] == ("rereferral_pct", "ytd", "2024-05-31", "c", 70, "c")


def test_a_median_over_few_cases_is_c():
    rows = [row("assessment_median_wd", "days", "month", "2024-05-01", "2024-05-31", None, 3, 31.0)]
    assert cells(suppress(rows)) == [("assessment_median_wd", "month", "2024-05-31", None, "c", "c")]


# ---- the cases issue 14 found, and the declarations -------------------------------------------------


def monthly(indicator, unit, months, la="874", start_year=2024, **extra):
    """Month rows from April of start_year for a list of values (count) or (numerator, denominator) pairs."""
    rows = []
    for i, v in enumerate(months):
        year, month = start_year + (3 + i) // 12, (3 + i) % 12 + 1
        start = date(year, month, 1)
        end = (date(year + (month == 12), month % 12 + 1, 1) - (date(2000, 1, 2) - date(2000, 1, 1)))
        if unit == "count":
            rows.append(row(indicator, unit, "month", start.isoformat(), end.isoformat(), value=float(v), la=la))
        else:
            n, d = v
            rows.append(row(indicator, unit, "month", start.isoformat(), end.isoformat(), n, d,
                            None if not d else 100.0 * n / d, la=la))
    return rows


def test_the_same_count_in_another_indicator_is_suppressed_with_it():
    # referral_rate's rolling numerator is the referrals rolling count: suppressed together (issue 14: 22)
    rows = monthly("referrals", "count", [10, 1, 9, 8, 7, 6, 12, 10, 9, 8, 7, 6])
    rows.append(row("referrals", "count", "rolling_12m", "2024-04-01", "2025-03-31", value=93.0))
    rows.append(row("referral_rate", "rate_per_10k", "rolling_12m", "2024-04-01", "2025-03-31", 93, 56451, 16.5))
    out = {(r["indicator_id"], r["period_type"]): r for r in suppress(rows) if r["period_type"] == "rolling_12m"}
    assert out[("referrals", "rolling_12m")]["value"] == "c"
    assert (out[("referral_rate", "rolling_12m")]["numerator"], out[("referral_rate", "rolling_12m")]["value"]) \
        == ("c", "c")
    assert out[("referral_rate", "rolling_12m")]["denominator"] == 56451


def test_a_small_complement_suppresses_the_numerator():
    # 6 of 7 children seen: the one not seen would be 7 - 6
    rows = [row("cp_visit_pct", "percent", "snapshot", "2024-04-30", "2024-04-30", 6, 7, 85.7),
            row("cp_visit_pct", "percent", "snapshot", "2024-05-31", "2024-05-31", 6, 12, 50.0)]
    assert cells(suppress(rows)) == [("cp_visit_pct", "snapshot", "2024-04-30", "c", 7, "c"),
                                     ("cp_visit_pct", "snapshot", "2024-05-31", 6, 12, 50.0)]


def test_fy_rows_are_the_march_ytd_and_a_stock_fy_is_the_march_snapshot():
    rows = monthly("referrals", "count", [10, 9, 8, 7, 6, 12, 10, 9, 8, 7, 6, 2])  # March 2025 is 2
    rows.append(row("referrals", "count", "ytd", "2024-04-01", "2025-03-31", value=94.0))
    rows.append(row("referrals", "count", "fy", "2024-04-01", "2025-03-31", value=94.0))
    rows.append(row("cla_open", "count", "snapshot", "2025-03-31", "2025-03-31", value=4.0))
    rows.append(row("cla_open", "count", "fy", "2024-04-01", "2025-03-31", value=4.0))
    out = {(r["indicator_id"], r["period_type"]): r["value"] for r in suppress(rows) if r["period_type"] != "month"}
    assert out == {("referrals", "ytd"): "c", ("referrals", "fy"): "c", ("cla_open", "snapshot"): "c",
                   ("cla_open", "fy"): "c"}


def scorecard_table(**columns):
    base = {"la_code": "874", "indicator_id": "referrals", "unit": "count", "headline_period_type": "ytd",
            "period_end": date(2025, 3, 31), "value": 94.0, "numerator": None, "denominator": None,
            "previous_period_end": date(2025, 2, 28), "previous_value": 92.0, "display_order": 3}
    base.update(columns)
    return (list(base), [base])


def test_the_scorecard_shows_no_number_that_indicator_values_hides():
    # issue 14: the scorecard showed ytd March 22 and ytd February 21: March = 1
    from runner.suppression import publish_tables

    values = monthly("referrals", "count", [10, 9, 8, 7, 6, 12, 10, 9, 8, 7, 6, 2])
    values += [row("referrals", "count", "ytd", "2024-04-01", "2025-02-28", value=92.0),
               row("referrals", "count", "ytd", "2024-04-01", "2025-03-31", value=94.0)]
    tables = {"indicator_values": (list(values[0]), values), "scorecard": scorecard_table()}
    published = publish_tables(tables)
    card = published["scorecard"][1][0]
    assert card["value"] == "c" and card["previous_value"] == 92.0
    # the inputs are untouched
    assert tables["scorecard"][1][0]["value"] == 94.0


def test_derived_scorecard_columns_follow_what_they_are_computed_from():
    from runner.suppression import publish_tables

    values = monthly("referrals", "count", [10, 9, 8, 7, 6, 12, 10, 9, 8, 7, 6, 2])
    values += [row("referrals", "count", "ytd", "2024-04-01", "2025-03-31", value=94.0),
               row("referrals", "count", "ytd", "2023-04-01", "2024-03-31", value=90.0)]
    card = scorecard_table(same_time_last_year_period_end=date(2024, 3, 31), same_time_last_year_value=90.0,
                           change_vs_last_year=4.0, target_value=100.0, gap_to_target=-6.0, gap_to_target_pct=-6.0,
                           england_value=5.0)
    published = publish_tables({"indicator_values": (list(values[0]), values), "scorecard": card})["scorecard"][1][0]
    assert (published["value"], published["change_vs_last_year"], published["gap_to_target"],
            published["gap_to_target_pct"]) == ("c", "c", "c", "c")
    # public figures stand: the target, England's value (a 5 published by the DfE is not ours to hide)
    assert (published["target_value"], published["england_value"], published["same_time_last_year_value"]) \
        == (100.0, 5.0, 90.0)


def test_a_number_the_step_does_not_know_stops_publication():
    import pytest

    from runner.errors import BadInput
    from runner.suppression import publish_tables

    values = [row("contacts", "count", "month", "2024-04-01", "2024-04-30", value=10.0)]
    card = scorecard_table(indicator_id="contacts", new_secret_count=3)
    with pytest.raises(BadInput, match=r"scorecard\.new_secret_count is a number the suppression step has no rule"):
        publish_tables({"indicator_values": (list(values[0]), values), "scorecard": card})
    with pytest.raises(BadInput, match="table monthly_extra has numbers"):
        publish_tables({"indicator_values": (list(values[0]), values),
                        "monthly_extra": (["la_code", "n"], [{"la_code": "874", "n": 4}])})


def breakdown(indicator, period, category, value, la="874"):
    start, end = period
    return {"la_code": la, "indicator_id": indicator, "unit": "count", "period_type": "snapshot",
            "period_start": date.fromisoformat(start), "period_end": date.fromisoformat(end),
            "numerator": None, "denominator": None, "value": float(value), "dimension": "age_band",
            "category": category}


def test_a_breakdown_partition_suppresses_the_next_smallest_category():
    from runner.suppression import publish_tables

    period = ("2024-03-31", "2024-03-31")
    total = [row("cla_open", "count", "snapshot", *period, value=60.0)]
    parts = [breakdown("cla_open", period, c, v) for c, v in
             (("under 1", 2), ("1 to 4", 0), ("5 to 9", 7), ("10 to 15", 20), ("16 and over", 31))]
    published = publish_tables({"indicator_values": (list(total[0]), total),
                                "indicator_breakdowns": (list(parts[0]), parts)})
    shown = {r["category"]: r["value"] for r in published["indicator_breakdowns"][1]}
    # 2 is small; 60 - 0 - 20 - 31 would give it back, so 7 (the next smallest non-zero) goes too: 2 + 7 = 9
    assert shown == {"under 1": "c", "1 to 4": 0.0, "5 to 9": "c", "10 to 15": 20.0, "16 and over": 31.0}
    assert published["indicator_values"][1][0]["value"] == 60.0

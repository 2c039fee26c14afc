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

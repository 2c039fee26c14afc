"""The attacker: from a published export (--publish), recover every cell that can be recovered, by the
subtractions anyone can do, and find none that is 1 to 5.

What the attacker knows is what a reader of the published files knows, and the definitions: that a
ytd, a rolling_12m and an fy total are sums of months (so differences of totals, and of totals and
months, give months and runs of months); that a value is its numerator over its denominator (so a
percentage and its denominator give the numerator); that some counts are the same count in two
indicators (found here from the unsuppressed export: every pair of series equal wherever both have a
value, which is at least what the definitions make equal); that the scorecard's value, previous
value and the rest are indicator_values cells, and a change or a gap plus a public figure gives a
value back; and that a percentage's denominator minus its numerator counts those not counted. The
time structure is solved exactly (linear algebra over every month of a series): any run of months
whose total the published cells determine is recovered.

Breakdowns (indicator_breakdowns) are series of their own, one per indicator, dimension and category
(`<indicator>|<dimension>|<category>`, the same count as its indicator's where the indicator's is), with
the same time structure; and the categories of a dimension add up to the indicator's cell, so the
attacker also subtracts the published categories from a published total (one hidden category is then
recovered; several hidden ones give their sum, which must not be 1 to 5 either), and adds up a dimension
whose categories are all shown to recover a hidden total.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import pytest

from tests.conftest import read_csv, runner

SMALL = range(1, 6)


def _num(text: str) -> float | None:
    if text in ("", "c", None):
        return None
    return float(text)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


class Attacker:
    def __init__(self, plain: list[dict]):
        self.units = {r["indicator_id"]: r["unit"] for r in plain}
        self.stocks = {r["indicator_id"] for r in plain if r["period_type"] == "snapshot"} - {
            r["indicator_id"] for r in plain if r["period_type"] == "month"}
        self.period_starts = {(r["indicator_id"], r["period_type"], r["period_end"]): r["period_start"] for r in plain}
        self.groups = self._same_counts(plain)
        self.additive = self._additive(plain)
        self.known: dict[tuple, float] = {}  # (la, series, kind, start, end) -> value the attacker has
        self.recovered: dict[tuple, float] = {}

    def read(self, published: list[dict], scorecard: list[dict]) -> None:
        for r in published:
            self.known.update(self._cells(r))
        self._from_values(published)
        self._from_scorecard(scorecard)

    # ---- what a row says ----

    def _series(self, indicator: str, quantity: str) -> str:
        if "|" in indicator:  # a breakdown category: the same count as its indicator's, in that category
            base, category = indicator.split("|", 1)
            return f"{self._series(base, quantity)}|{category}"
        return self.groups.get((indicator, quantity), f"{indicator}.{quantity}")

    def _key(self, r: dict, quantity: str) -> tuple:
        start, end = date.fromisoformat(r["period_start"]), date.fromisoformat(r["period_end"])
        if r["period_type"] == "snapshot" or (r["period_type"] == "fy" and r["indicator_id"] in self.stocks):
            start = end
        kind = "stock" if start == end else "flow"
        return (r["la_code"], self._series(r["indicator_id"], quantity), kind, start, end)

    def _cells(self, r: dict) -> dict[tuple, float]:
        out = {}
        if r["unit"] == "count":
            if _num(r["value"]) is not None:
                out[self._key(r, "N")] = _num(r["value"])
        else:
            for quantity, column in (("N", "numerator"), ("D", "denominator")):
                if _num(r[column]) is not None:
                    out[self._key(r, quantity)] = _num(r[column])
        return out

    def _same_counts(self, plain: list[dict]) -> dict[tuple[str, str], str]:
        series: dict[tuple[str, str], dict[tuple, float]] = defaultdict(dict)
        for r in plain:
            if "|" in r["indicator_id"]:
                continue  # a breakdown category follows its indicator (_series)
            quantities = (("N", "value"),) if r["unit"] == "count" else (("N", "numerator"), ("D", "denominator"))
            for quantity, column in quantities:
                if _num(r[column]) is not None:
                    series[(r["indicator_id"], quantity)][(r["la_code"], r["period_type"], r["period_end"])] = \
                        _num(r[column])
        parent = {name: name for name in series}

        def find(x):
            while parent[x] != x:
                x = parent[x]
            return x

        names = sorted(series)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                common = series[a].keys() & series[b].keys()
                if len(common) >= 3 and all(series[a][k] == series[b][k] for k in common):
                    parent[find(b)] = find(a)
        return {name: "=".join(find(name)) for name in names}

    def _additive(self, plain: list[dict]) -> set[str]:
        """Series whose totals are the sums of their months (a distinct count or a cohort is not: its
        differences give nothing)."""
        months: dict[tuple, float] = {}
        for r in plain:
            if r["period_type"] == "month":
                for (la, series, _, start, _), value in self._cells(r).items():
                    months[(la, series, _month_index(start))] = value
        additive, broken = set(), set()
        for r in plain:
            if r["period_type"] not in ("ytd", "rolling_12m", "fy"):
                continue
            for (la, series, _, start, end), value in self._cells(r).items():
                parts = [months.get((la, series, m)) for m in range(_month_index(start), _month_index(end) + 1)]
                if any(p is None for p in parts):
                    continue
                (additive if abs(sum(parts) - value) < 1e-6 else broken).add(series)
        return additive - broken

    # ---- derivations ----

    def learn(self, key: tuple, value: float) -> None:
        if key not in self.known:
            self.recovered[key] = value
            self.known[key] = value

    def _from_values(self, published: list[dict]) -> None:
        scale = {"percent": 100.0, "rate_per_10k": 10000.0, "days": 1.0}
        for r in published:
            value, unit = _num(r["value"]), r["unit"]
            if value is None or unit == "count" or unit not in scale:
                continue
            n, d = _num(r["numerator"]), _num(r["denominator"])
            if n is None and d is not None and r["numerator"] == "c":
                self.learn(self._key(r, "N"), round(value * d / scale[unit], 6))
            if d is None and n is not None and value and r["denominator"] == "c":
                self.learn(self._key(r, "D"), round(n * scale[unit] / value, 6))

    def _from_scorecard(self, scorecard: list[dict]) -> None:
        def cell(row, period_type, end_text, column="value"):
            if not end_text:
                return None
            match = {"la_code": row["la_code"], "indicator_id": row["indicator_id"], "unit": row["unit"],
                     "period_type": period_type, "period_end": end_text}
            if period_type in ("snapshot",):
                match["period_start"] = end_text
            else:
                end = date.fromisoformat(end_text)
                start = self.period_starts.get((row["indicator_id"], period_type, end_text))
                match["period_start"] = start or date(end.year - (end.month < 4), 4, 1).isoformat()
            quantity = "N" if (row["unit"] == "count" or column == "numerator") else "D"
            return self._key(match, quantity)

        for row in scorecard:
            if row["unit"] != "count":
                for column, quantity_col in (("numerator", "numerator"), ("denominator", "denominator")):
                    if _num(row.get(column, "")) is not None:
                        self.learn(cell(row, row["headline_period_type"], row["period_end"], quantity_col),
                                   _num(row[column]))
                continue
            pairs = [("value", row.get("period_end"), row["headline_period_type"]),
                     ("previous_value", row.get("previous_period_end"), row["headline_period_type"]),
                     ("same_time_last_year_value", row.get("same_time_last_year_period_end"),
                      row["headline_period_type"])]
            value = _num(row.get("value", ""))
            if value is None and _num(row.get("gap_to_target", "")) is not None and _num(row.get("target_value", "")) \
                    is not None:
                value = _num(row["gap_to_target"]) + _num(row["target_value"])
                self.learn(cell(row, row["headline_period_type"], row["period_end"]), value)
            stly = _num(row.get("same_time_last_year_value", ""))
            change = _num(row.get("change_vs_last_year", ""))
            if change is not None and stly is not None and value is None:
                self.learn(cell(row, row["headline_period_type"], row["period_end"]), stly + change)
            if change is not None and value is not None and stly is None:
                self.learn(cell(row, row["headline_period_type"], row.get("same_time_last_year_period_end")),
                           value - change)
            for column, end, period_type in pairs:
                if _num(row.get(column, "")) is not None and end:
                    key = cell(row, period_type, end)
                    if key is not None:
                        self.learn(key, _num(row[column]))

    def partitions(self, published_breakdowns: list[dict]) -> list[tuple[tuple, float]]:
        """What the categories of each dimension give with their total: a hidden category (or a hidden total)
        learnt; the sum of several hidden categories returned, to be checked for small numbers."""
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for r in published_breakdowns:
            indicator, dimension, _ = r["indicator_id"].split("|")
            groups[(r["la_code"], indicator, dimension, r["period_type"], r["period_start"], r["period_end"])].append(r)
        sums = []
        for (la, indicator, dimension, period_type, start, end), rows in groups.items():
            total_row = {"la_code": la, "indicator_id": indicator, "period_type": period_type, "period_start": start,
                         "period_end": end}
            for quantity in ("N",) if rows[0]["unit"] == "count" else ("N", "D"):
                cells = [(r, self._cells(r).get(self._key(r, quantity))) for r in rows]
                hidden = [r for r, value in cells if value is None]
                shown = sum(value for _, value in cells if value is not None)
                total = self.known.get(self._key(total_row, quantity))
                if total is None:
                    if not hidden:
                        self.learn(self._key(total_row, quantity), shown)
                    continue
                if len(hidden) == 1:
                    self.learn(self._key(hidden[0], quantity), total - shown)
                elif hidden:
                    sums.append(((la, f"{indicator}.{quantity}|{dimension} hidden", period_type, start, end),
                                 total - shown))
        return sums

    # ---- the time structure, solved ----

    def solve(self) -> list[tuple[tuple, float]]:
        """Every run of months (and every cell) whose total the known cells determine: (key, value)."""
        flows: dict[tuple, list[tuple[int, int, float]]] = defaultdict(list)
        for (la, series, kind, start, end), value in self.known.items():
            if kind == "flow":
                flows[(la, series)].append((_month_index(start), _month_index(end), value))
        found = []
        for (la, series), intervals in flows.items():
            if series not in self.additive:
                found += [((la, series, "flow", i, j), value) for i, j, value in intervals]
                continue
            first = min(i for i, _, _ in intervals)
            last = max(j for _, j, _ in intervals)
            n = last - first + 1
            a = np.zeros((len(intervals), n))
            b = np.zeros(len(intervals))
            for row, (i, j, value) in enumerate(intervals):
                a[row, i - first:j - first + 1] = 1.0
                b[row] = value
            solution, *_ = np.linalg.lstsq(a, b, rcond=None)
            _, s, vt = np.linalg.svd(a)
            rank = int((s > 1e-9).sum())
            null = vt[rank:]
            for i in range(n):
                for j in range(i, n):
                    t = np.zeros(n)
                    t[i:j + 1] = 1.0
                    if null.size and np.abs(null @ t).max() > 1e-7:
                        continue
                    found.append(((la, series, "flow", i + first, j + first), float(t @ solution)))
        for key, value in self.known.items():
            if key[2] == "stock":
                found.append((key, value))
        return found


def as_series(breakdowns) -> list[dict]:
    """Breakdown rows as rows of series of their own: indicator_id `<indicator>|<dimension>|<category>`."""
    return [{**r, "indicator_id": f"{r['indicator_id']}|{r['dimension']}|{r['category']}"} for r in breakdowns]


def attack(plain_rows, published_rows, scorecard_rows, plain_breakdowns=(), published_breakdowns=()):
    attacker = Attacker([*plain_rows, *as_series(plain_breakdowns)])
    attacker.read([*published_rows, *as_series(published_breakdowns)], scorecard_rows)
    sums = attacker.partitions(as_series(published_breakdowns))
    derived = attacker.solve()
    small = [(key, value) for key, value in [*derived, *sums]
             if abs(value - round(value)) < 1e-6 and round(value) in SMALL]
    # complements: a percentage's N and D over the same period both recovered
    recovered = dict(derived)
    for key, value in derived:
        la, series, kind, i, j = key
        for indicator, unit in attacker.units.items():
            if unit != "percent" or attacker._series(indicator, "N") != series:
                continue
            other = recovered.get((la, attacker._series(indicator, "D"), kind, i, j))
            if other is not None and abs(other - value - round(other - value)) < 1e-6 and round(other - value) in SMALL:
                small.append(((la, f"{indicator} complement", kind, i, j), other - value))
    return small, attacker


@pytest.fixture(scope="module")
def published(front_door_exports):
    return front_door_exports


def test_nothing_suppressed_in_the_front_door_export_can_be_recovered(published):
    plain = read_csv(published / "plain" / "indicator_values.csv")
    rows = read_csv(published / "published" / "indicator_values.csv")
    card = read_csv(published / "published" / "scorecard.csv")
    small, attacker = attack(plain, rows, card)
    assert small == []
    # the fixture has small numbers for the attacker to try: many cells are suppressed
    assert sum(r["value"] == "c" for r in rows) > 50


def test_nothing_suppressed_in_a_synthetic_export_can_be_recovered(synthetic_build, tmp_path):
    run = runner("export", "--publish", "--format", "csv", "--out", tmp_path / "pub", "--warehouse",
                 synthetic_build / "w.duckdb")
    assert run.returncode == 0, run.output
    run = runner("export", "--format", "csv", "--out", tmp_path / "plain", "--warehouse", synthetic_build / "w.duckdb")
    assert run.returncode == 0, run.output
    small, _ = attack(read_csv(tmp_path / "plain" / "indicator_values.csv"),
                      read_csv(tmp_path / "pub" / "indicator_values.csv"),
                      read_csv(tmp_path / "pub" / "scorecard.csv"),
                      read_csv(tmp_path / "plain" / "indicator_breakdowns.csv"),
                      read_csv(tmp_path / "pub" / "indicator_breakdowns.csv"))
    assert small == []


def test_the_attacker_finds_what_primary_suppression_alone_leaves(published):
    """The attack works: on the unsuppressed export it finds the small cells, and on an export with only
    each cell's own small numbers blanked (the old rule) it still recovers some."""
    plain = read_csv(published / "plain" / "indicator_values.csv")
    small, _ = attack(plain, plain, [])
    assert small
    naive = []
    for r in plain:
        r = dict(r)
        for column in ("numerator", "denominator", "value"):
            if _num(r[column]) is not None and _num(r[column]) in SMALL:
                r[column] = "c"
        naive.append(r)
    small, _ = attack(plain, naive, [])
    assert small, "blanking each small cell alone should leave cells recoverable from totals"


def test_nothing_suppressed_in_the_front_door_breakdowns_can_be_recovered(published):
    """The breakdowns published beside indicator_values: nothing suppressed in either can be recovered from
    the two together (categories against their totals, totals over time, categories over time)."""
    plain = read_csv(published / "plain" / "indicator_values.csv")
    rows = read_csv(published / "published" / "indicator_values.csv")
    plain_breakdowns = read_csv(published / "plain" / "indicator_breakdowns.csv")
    breakdowns = read_csv(published / "published" / "indicator_breakdowns.csv")
    card = read_csv(published / "published" / "scorecard.csv")
    assert len(breakdowns) == len(plain_breakdowns) > 0
    small, _ = attack(plain, rows, card, plain_breakdowns, breakdowns)
    assert small == []
    # the fixture's categories are small: many are suppressed, some only to protect another (secondary)
    assert sum(r["value"] == "c" for r in breakdowns) > 50
    assert any(_num(p["value"]) is not None and _num(p["value"]) > 5 and b["value"] == "c" and p["unit"] == "count"
               for p, b in zip(plain_breakdowns, breakdowns, strict=True))


def test_the_attacker_recovers_breakdown_categories_that_primary_suppression_alone_leaves(published):
    """The partition attack works: with only each category's own small numbers blanked, a hidden category
    comes back from its total and the categories shown."""
    plain = read_csv(published / "plain" / "indicator_values.csv")
    plain_breakdowns = read_csv(published / "plain" / "indicator_breakdowns.csv")
    naive = []
    for r in plain_breakdowns:
        r = dict(r)
        for column in ("numerator", "denominator", "value"):
            if _num(r[column]) is not None and _num(r[column]) in SMALL:
                r[column] = "c"
        naive.append(r)
    small, _ = attack(plain, plain, [], plain_breakdowns, naive)
    assert any("|" in key[1] for key, _ in small)

"""The DfE's small-number suppression: the one step every published table goes through (--publish).

Every number in a published table is declared here (`DECLARATIONS`), table by table and column by
column, and the step refuses to publish a table that has a number it has no declaration for (fail
closed: exit 2 naming the column). A declaration says what the column is:

- `Cell`: a count, numerator or denominator of indicator_values (or of a breakdown), or the value
  computed from them;
- `Ref`: a column that shows an indicator_values cell (the scorecard's value, its previous value, the
  value a year earlier, the year's outturn): it is suppressed exactly when that cell is;
- `Derived`: computed from other columns of the row and public figures (change on last year, gap to
  target): suppressed when any of those columns is;
- `Public`: published elsewhere or not about children (benchmarks, targets, years, ranks, order).

The rule, applied to indicator_values (and breakdowns) as a whole, then read through by the others:

1. Primary: a count, numerator or denominator from 1 to 5 is `c`. Zero is shown: it reveals nobody.
2. Complements: a percentage whose denominator minus numerator is 1 to 5 (6 of 7: one child was not
   seen) has its numerator suppressed.
3. Values: a count's value is the count; any other value (a percentage, rate, median or mean) is `c`
   when its numerator or denominator is, since it would give that number back with the other.
4. The same count in two places is suppressed in both (`SAME_COUNT`): the referrals in a period are
   also referral_rate's numerator and the denominator of every referral percentage; a `ytd` ending in
   March, the `rolling_12m` ending then and the `fy` row are one count; an `fy` row of a stock is the
   snapshot at 31 March.
5. Differences over time: a `ytd`, `rolling_12m` or `fy` total is the sum of its months, so any total
   that contains a month whose count was suppressed is suppressed too (ytd(March) - ytd(February) would
   give March back; so would rolling totals with the months around them). A published total then
   contains only published months, and no difference of published cells can give a suppressed one.
6. Partitions (breakdowns: categories that add up to an indicator_values total): when a category is
   suppressed and the total is not, the next smallest non-zero category is suppressed too, until at
   least two are and what they add up to (the total minus the rest) is not 1 to 5 either.

Rules 2 to 6 feed each other (a complement hides a count, which hides totals, which hide the same
count elsewhere ...), so they are applied until nothing changes. tests/test_suppression_attack.py plays
the attacker against real published exports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from runner.errors import BadInput

SUPPRESSED = "c"
SMALL = range(1, 6)
TOTALS = ("ytd", "rolling_12m", "fy")
QUANTITIES = ("N", "D")  # a row's count or numerator (N) and its denominator (D)


def is_small(count: float | int | None) -> bool:
    if count is None or isinstance(count, str):
        return False
    return float(count).is_integer() and int(count) in SMALL


# ---- declarations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A column of indicator_values (or a breakdown table): the row's count or numerator, its denominator,
    or its value."""

    column: str


@dataclass(frozen=True)
class Ref:
    """A column that shows an indicator_values cell of the same authority and indicator.

    `column`: which of the cell's columns (value, numerator, denominator). The cell's period end is the
    row's `period_end_column`, or 31 March of the year in `year_column`; its period type is the first of
    `period_types` that exists ("headline" is the row's headline_period_type).
    """

    column: str = "value"
    period_end_column: str | None = "period_end"
    year_column: str | None = None
    period_types: tuple[str, ...] = ("headline",)


@dataclass(frozen=True)
class Derived:
    """Computed from other columns of the row (and public figures): suppressed when any of them is."""

    sources: tuple[str, ...]


@dataclass(frozen=True)
class Public:
    """Published elsewhere, or not about children: shown as it is."""

    reason: str


@dataclass(frozen=True)
class Breakdown:
    """A table whose rows break an indicator_values row down by a dimension (ethnicity, age band, sex,
    disability, team): the categories of one dimension partition the indicator's count, numerator and
    denominator. Its numbers are `Cell`s; this names the columns that say which partition a row is in."""

    dimension_column: str = "dimension"
    category_column: str = "category"


BENCHMARK = Public("a published DfE figure (England, region, neighbours, the authority's own published value)")
TARGET = Public("the authority's own target or tolerance")
YEAR = Public("a year or an order, not a count")
RANK = Public("a rank or count of authorities among published figures")

DECLARATIONS: dict[str, dict[str, Cell | Ref | Derived | Public]] = {
    "indicator_values": {
        "numerator": Cell("numerator"),
        "denominator": Cell("denominator"),
        "value": Cell("value"),
    },
    # the scorecard's columns, including those issue 11 adds; a declaration applies when the column is there
    "scorecard": {
        "display_order": YEAR,
        "value": Ref("value"),
        "numerator": Ref("numerator"),
        "denominator": Ref("denominator"),
        "previous_value": Ref("value", "previous_period_end"),
        "same_time_last_year_value": Ref("value", "same_time_last_year_period_end"),
        "last_year_outturn_value": Ref("value", None, "last_year_outturn_year", ("fy", "headline")),
        "computed_year_end_value": Ref("value", None, "benchmark_year", ("headline", "fy")),
        "change_vs_last_year": Derived(("value", "same_time_last_year_value")),
        "gap_to_target": Derived(("value",)),
        "gap_to_target_pct": Derived(("value",)),
        "computed_minus_published": Derived(("computed_year_end_value",)),
        "target_value": TARGET,
        "rag_tolerance_pct": TARGET,
        "benchmark_year": YEAR,
        "last_year_outturn_year": YEAR,
        "england_value": BENCHMARK,
        "region_value": BENCHMARK,
        "sn_value": BENCHMARK,
        "sn_median": BENCHMARK,
        "published_la_value": BENCHMARK,
        "sn_count": RANK,
        "la_rank": RANK,
        "la_rank_count": RANK,
    },
    "definitions": {"display_order": YEAR},
}

#: Breakdown tables (issue 15): declared now, applied when the table is published.
BREAKDOWNS: dict[str, Breakdown] = {"indicator_breakdowns": Breakdown()}
for _name in BREAKDOWNS:
    DECLARATIONS[_name] = {"numerator": Cell("numerator"), "denominator": Cell("denominator"), "value": Cell("value")}

#: Cells that are the same count by definition (indicators.md), for the same authority and period:
#: (indicator, N or D) where N is a count's value or a numerator and D a denominator.
SAME_COUNT: list[frozenset[tuple[str, str]]] = [frozenset(group) for group in (
    {("contacts", "N"), ("contact_referral_pct", "D")},
    {("referrals", "N"), ("contact_referral_pct", "N"), ("referral_rate", "N"), ("rereferral_pct", "D"),
     ("referral_nfa_pct", "D"), ("referral_assessment_pct", "D"), ("ethnicity_unrecorded_pct", "D")},
    {("assessments", "N"), ("assessment_45wd_pct", "D"), ("assessment_median_wd", "D")},
    {("early_help_starts", "N"), ("early_help_rate", "N")},
    {("cin_open", "N"), ("cin_rate", "N")},
    {("s47_starts", "N"), ("s47_rate", "N")},
    {("icpcs", "N"), ("icpc_rate", "N"), ("icpc_plan_pct", "D")},
    {("cp_starts", "N"), ("cp_repeat_pct", "D"), ("cp_repeat_2y_pct", "D")},
    {("cp_open", "N"), ("cp_rate", "N")},
    {("cla_open", "N"), ("cla_rate", "N"), ("cla_3plus_placements_pct", "D")},
    {("cla_ceased", "N"), ("adoption_pct", "D")},
    {("adoptions", "N"), ("adoption_pct", "N")},
    {("cla_missing_children", "N"), ("cla_missing_pct", "N")},
    {("cla_health_pct", "D"), ("cla_dental_pct", "D")},
    {("care_leavers_in_touch_pct", "D"), ("care_leavers_accom_pct", "D"), ("care_leavers_eet_pct", "D")},
    # the population of the authority (ONS): public, never small; one figure under every rate
    {("referral_rate", "D"), ("early_help_rate", "D"), ("cin_rate", "D"), ("s47_rate", "D"), ("icpc_rate", "D"),
     ("cp_rate", "D"), ("cla_rate", "D")},
)]


# ---- the step -------------------------------------------------------------------------------------

Table = tuple[list[str], list[dict]]


def publish_tables(tables: dict[str, Table]) -> dict[str, Table]:
    """Every table made fit to publish: its declared numbers suppressed, or BadInput (exit 2) for a number
    the step does not know. Returns new rows; the input is not changed."""
    for name, (columns, rows) in tables.items():
        _check_declared(name, columns, rows)
    engine = Suppression()
    for name, (_, rows) in tables.items():
        if name == "indicator_values":
            engine.add_rows(name, rows)
        elif name in BREAKDOWNS:
            engine.add_rows(name, rows, BREAKDOWNS[name])
    engine.run()
    published: dict[str, Table] = {}
    for name, (columns, rows) in tables.items():
        if name == "indicator_values" or name in BREAKDOWNS:
            published[name] = (columns, engine.apply(name, rows))
        else:
            published[name] = (columns, _apply_row_declarations(name, rows, engine))
    return published


def suppress(rows: Iterable[dict]) -> list[dict]:
    """indicator_values rows alone, suppressed (the same step; for callers with just those rows)."""
    rows = list(rows)
    engine = Suppression()
    engine.add_rows("indicator_values", rows)
    engine.run()
    return engine.apply("indicator_values", rows)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _check_declared(name: str, columns: list[str], rows: list[dict]) -> None:
    declared = DECLARATIONS.get(name)
    numeric = [c for c in columns if any(_is_number(row.get(c)) for row in rows)]
    if declared is None:
        if numeric:
            raise BadInput(f"suppression: table {name} has numbers ({', '.join(numeric)}) and no suppression "
                           "rules (runner/suppression.py, DECLARATIONS); it cannot be published")
        return
    unknown = [c for c in numeric if c not in declared]
    if unknown:
        raise BadInput(f"suppression: {name}.{unknown[0]} is a number the suppression step has no rule for "
                       f"({', '.join(f'{name}.{c}' for c in unknown)}); declare it in runner/suppression.py "
                       "(DECLARATIONS) before publishing")


@dataclass(eq=False)
class _Cell:
    """One row of indicator_values or a breakdown: its count/numerator N and denominator D, and whether
    each is suppressed."""

    table: str
    index: int
    la: str
    indicator: str
    period_type: str
    start: date
    end: date
    unit: str
    N: float | None
    D: float | None
    dimension: str | None = None
    category: str | None = None
    hidden: dict[str, bool] = field(default_factory=lambda: {"N": False, "D": False})

    def value_of(self, quantity: str) -> float | None:
        return self.N if quantity == "N" else self.D


class Suppression:
    """The rule applied to a set of indicator_values and breakdown rows, to a fixed point."""

    def __init__(self) -> None:
        self.cells: list[_Cell] = []
        self.by_table: dict[str, list[_Cell]] = defaultdict(list)
        self.index: dict[tuple, _Cell] = {}  # (la, indicator, period_type, end) -> indicator_values cell
        self.stocks: set[str] = set()

    def add_rows(self, table: str, rows: list[dict], breakdown: Breakdown | None = None) -> None:
        for i, row in enumerate(rows):
            unit = row.get("unit") or "count"
            cell = _Cell(
                table, i, row["la_code"], row["indicator_id"], row["period_type"], row["period_start"],
                row["period_end"], unit,
                _num(row.get("value")) if unit == "count" else _num(row.get("numerator")),
                None if unit == "count" else _num(row.get("denominator")),
                row.get(breakdown.dimension_column) if breakdown else None,
                row.get(breakdown.category_column) if breakdown else None,
            )
            self.cells.append(cell)
            self.by_table[table].append(cell)
            if breakdown is None:
                self.index[(cell.la, cell.indicator, cell.period_type, cell.end)] = cell
        flows = {c.indicator for c in self.cells if c.period_type == "month"}
        self.stocks = {c.indicator for c in self.cells if c.period_type == "snapshot"} - flows

    # ---- the fixed point ----

    def run(self) -> None:
        for cell in self.cells:
            for q in QUANTITIES:
                if is_small(cell.value_of(q)):
                    cell.hidden[q] = True
            if cell.unit == "percent" and cell.N is not None and cell.D is not None and is_small(cell.D - cell.N):
                cell.hidden["N"] = True  # the complement (those not counted) would be D - N
        same = self._same_count_classes()
        series = self._series()
        partitions = self._partitions()
        changed = True
        while changed:
            changed = self._sync(same)
            changed |= self._over_time(series)
            changed |= self._partition(partitions)

    def _same_count_classes(self) -> list[list[tuple[_Cell, str]]]:
        """Cells holding one count: the same (indicator, quantity) over the same months whatever the period
        type; an fy row of a stock and the snapshot at its end; SAME_COUNT across indicators."""
        group_of: dict[tuple[str, str], int] = {}
        for number, group in enumerate(SAME_COUNT):
            for member in group:
                group_of[member] = number
        classes: dict[tuple, list[tuple[_Cell, str]]] = defaultdict(list)
        for cell in self.cells:
            stock_like = cell.period_type == "snapshot" or (cell.period_type == "fy" and cell.indicator in self.stocks)
            start = cell.end if stock_like else cell.start
            for q in QUANTITIES:
                if cell.value_of(q) is None:
                    continue
                who = group_of.get((cell.indicator, q), (cell.indicator, q))
                classes[(cell.la, who, start, cell.end, cell.dimension, cell.category)].append((cell, q))
        return [members for members in classes.values() if len(members) > 1]

    @staticmethod
    def _sync(classes: list[list[tuple[_Cell, str]]]) -> bool:
        changed = False
        for members in classes:
            if any(cell.hidden[q] for cell, q in members) and not all(cell.hidden[q] for cell, q in members):
                for cell, q in members:
                    cell.hidden[q] = True
                changed = True
        return changed

    def _series(self) -> list[tuple[list[_Cell], list[_Cell]]]:
        """Each flow's months and the totals (ytd, rolling_12m, fy) that add them up, per authority,
        indicator and breakdown category."""
        grouped: dict[tuple, tuple[list[_Cell], list[_Cell]]] = defaultdict(lambda: ([], []))
        for cell in self.cells:
            key = (cell.table, cell.la, cell.indicator, cell.dimension, cell.category)
            if cell.period_type == "month":
                grouped[key][0].append(cell)
            elif cell.period_type in TOTALS and cell.indicator not in self.stocks:
                grouped[key][1].append(cell)
        return [(months, totals) for months, totals in grouped.values() if months and totals]

    @staticmethod
    def _over_time(series: list[tuple[list[_Cell], list[_Cell]]]) -> bool:
        changed = False
        for months, totals in series:
            for q in QUANTITIES:
                hidden = [_month(m.start) for m in months if m.hidden[q]]
                if not hidden:
                    continue
                for total in totals:
                    if total.hidden[q] or total.value_of(q) is None:
                        continue
                    first, last = _month(total.start), _month(total.end)
                    if any(first <= m <= last for m in hidden):
                        total.hidden[q] = True
                        changed = True
        return changed

    def _partitions(self) -> list[tuple[_Cell | None, list[_Cell]]]:
        grouped: dict[tuple, list[_Cell]] = defaultdict(list)
        for cell in self.cells:
            if cell.dimension is not None:
                grouped[(cell.la, cell.indicator, cell.period_type, cell.end, cell.dimension)].append(cell)
        return [(self.index.get(key[:4]), members) for key, members in grouped.items()]

    @staticmethod
    def _partition(partitions: list[tuple[_Cell | None, list[_Cell]]]) -> bool:
        changed = False
        for total, members in partitions:
            for q in QUANTITIES:
                if total is not None and (total.hidden[q] or total.value_of(q) is None):
                    continue
                present = [m for m in members if m.value_of(q) is not None]
                hidden = [m for m in present if m.hidden[q]]
                if not hidden:
                    continue
                while True:
                    gathered = sum(m.value_of(q) for m in hidden)
                    if len(hidden) >= 2 and not is_small(gathered):
                        break
                    candidates = sorted((m for m in present if not m.hidden[q] and m.value_of(q)),
                                        key=lambda m: (m.value_of(q), str(m.category)))
                    if not candidates:
                        if total is not None:
                            total.hidden[q] = True  # what the hidden categories add up to is itself small
                            changed = True
                        break
                    candidates[0].hidden[q] = True
                    hidden.append(candidates[0])
                    changed = True
        return changed

    # ---- output ----

    def hidden(self, la: str, indicator: str, period_type: str, end: date, column: str) -> bool | None:
        """Is this indicator_values cell's column suppressed? None when there is no such cell."""
        cell = self.index.get((la, indicator, period_type, end))
        if cell is None:
            return None
        return _column_hidden(cell, column)

    def apply(self, table: str, rows: list[dict]) -> list[dict]:
        out = []
        for cell, row in zip(self.by_table[table], rows, strict=True):
            row = dict(row)
            for column in ("numerator", "denominator", "value"):
                if row.get(column) is not None and _column_hidden(cell, column):
                    row[column] = SUPPRESSED
            out.append(row)
        return out


def _column_hidden(cell: _Cell, column: str) -> bool:
    if column == "value":
        if cell.unit == "count":
            return cell.hidden["N"]
        return cell.hidden["N"] or cell.hidden["D"]
    if column == "numerator":
        return cell.hidden["N"]
    if column == "denominator":
        return cell.hidden["D"]
    raise KeyError(column)


def _apply_row_declarations(name: str, rows: list[dict], engine: Suppression) -> list[dict]:
    """Tables that show indicator_values cells (the scorecard): each declared column as its declaration says."""
    declared = DECLARATIONS.get(name, {})
    out = []
    for row in rows:
        row = dict(row)
        hidden: dict[str, bool] = {}
        for column, rule in declared.items():
            if isinstance(rule, Ref) and column in row:
                hidden[column] = _ref_hidden(row, rule, engine)
        for column, rule in declared.items():
            if isinstance(rule, Derived) and column in row:
                hidden[column] = any(hidden.get(source, False) for source in rule.sources)
        for column, is_hidden in hidden.items():
            if is_hidden and row.get(column) is not None:
                row[column] = SUPPRESSED
        out.append(row)
    return out


def _ref_hidden(row: dict, rule: Ref, engine: Suppression) -> bool:
    if rule.year_column:
        year = row.get(rule.year_column)
        end = date(int(year), 3, 31) if year is not None else None
    else:
        end = row.get(rule.period_end_column)
    if end is None:
        return True  # a number with no cell behind it cannot be checked: never published
    for period_type in rule.period_types:
        kind = row.get("headline_period_type") if period_type == "headline" else period_type
        found = engine.hidden(row["la_code"], row["indicator_id"], kind, end, rule.column)
        if found is not None:
            return found
    return True


def _month(day: date) -> date:
    return date(day.year, day.month, 1)


def _num(value: object) -> float | None:
    if value is None or isinstance(value, str):
        return None
    return float(value)

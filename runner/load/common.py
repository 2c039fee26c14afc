"""What every loader shares: value parsing, the per-load bookkeeping, and the SSD writer.

A loader turns the records of one statutory return into rows of the SSD tables in
`runner.contract.TABLES` and hands each to `Load.add`. `Load` checks each row against the contract
(required values present, no end before its start), writes it to a temporary file, and counts it;
a record that cannot be loaded goes to `Load.reject` with its reason and its place in the input,
so that for every (table, source) pair `read == written + rejected + skipped`.

`Load.finish` then writes the tables into ``<out>/<la_code>/ssd_*.csv`` (exactly the contract's
columns in contract order, UTF-8, ISO dates, Y/N flags), merging with what an earlier load left
there, and the rejects into ``<out>/_rejects/<la_code>/`` (the build's intake check skips folders
whose name starts with "_"). The merge runs in DuckDB, out of core, so a national-size return
loads in bounded memory:

- within one load, rows with the same id are combined (the first non-empty value of each column,
  in input order, wins); a later row that contradicts an earlier one is rejected instead;
- against the files already in the folder: a person (same pers_person_id) is one row, this load's
  values winning where both have one and the earlier values filling the gaps; any other row whose
  id this load also wrote is replaced, and every other earlier row is kept.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import duckdb

from runner.contract import PROJECT_DIR, TABLES, Table
from runner.errors import BadInput

#: Each source's prefix on the ids it derives, so rows from different returns never collide.
PREFIXES = {"cin_census": "CIN", "ssda903": "903", "annex_a": "AA"}

PERSON = "ssd_person"
#: DuckDB's memory for the merge; past it, it spills to disk.
MERGE_MEMORY = "512MB"
LA_CODE = re.compile(r"^[0-9]{3}$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: .*)?$")
_FLAGS = {"y": "Y", "yes": "Y", "true": "Y", "t": "Y", "1": "Y", "n": "N", "no": "N", "false": "N", "f": "N", "0": "N"}


class Rejected(Exception):
    """A record that cannot be loaded; the message is the reason written to the rejects file."""


# ---- XML -----------------------------------------------------------------------------------------


def xml_pull_parser() -> ET.XMLPullParser:
    """An incremental XML parser (start and end events) that refuses a DTD, entity declarations and
    external references outright (defusedxml): a DfE return has none, and an entity that expands
    ten-thousand-fold or reads a local file must never be expanded."""
    from defusedxml.ElementTree import DefusedXMLParser

    return ET.XMLPullParser(events=("start", "end"),
                            _parser=DefusedXMLParser(target=ET.TreeBuilder(), forbid_dtd=True))


def unsafe_xml(path: Path, line: int, exc: Exception) -> BadInput:
    """The one-line refusal of an XML file with a DTD or entities (a defusedxml exception)."""
    what = {"DTDForbidden": "a DTD (<!DOCTYPE ...>)", "EntitiesForbidden": "an entity declaration",
            "ExternalReferenceForbidden": "an external reference"}.get(type(exc).__name__, "a DTD or entities")
    return BadInput(f"{path}: line {line}: the file declares {what}, which a DfE return never has: refused unread")


def unsafe_xml_errors() -> tuple[type[Exception], ...]:
    from defusedxml import DefusedXmlException

    return (DefusedXmlException,)


# ---- values --------------------------------------------------------------------------------------


def text(value: object) -> str | None:
    """Trimmed text, or None when blank."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


#: Fields holding a date of birth, or often one plus 18 years (the 903's DUC, the date UASC status ceased,
#: is usually the 18th birthday): their values are never shown in a message or a rejects file.
_BIRTH = re.compile(r"birth|\bdob\b|\bduc\b", re.IGNORECASE)


def shown(value: object, what: str) -> str:
    """A value for a message: quoted, or, for a date of birth, withheld with only its shape (99/99/9999)."""
    if _BIRTH.search(what):
        return f"(value withheld, shaped {re.sub(r'[A-Za-z]', 'A', re.sub(r'[0-9]', '9', str(value)))[:20]!r})"
    return repr(value)


def iso_date(value: object, what: str) -> str | None:
    """A date as ISO text: accepts YYYY-MM-DD (a time part may follow) and DD/MM/YYYY; blank is None.

    Raises Rejected naming `what` (the field) and the value when it is not a real date (a date of birth's
    value is withheld: `shown`).
    """
    if isinstance(value, date):
        return value.isoformat()[:10]
    value = text(value)
    if value is None:
        return None
    if len(value) == 10 and value[4] == "-" and value[7] == "-":  # the common case, checked in C
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    match = _ISO.match(value)
    if match:
        y, m, d = match.groups()
    else:
        match = _DMY.match(value)
        if not match:
            raise Rejected(f"{what} {shown(value, what)} is not a date")
        d, m, y = match.groups()
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        raise Rejected(f"{what} {shown(value, what)} is not a date") from None


def flag(value: object, what: str) -> str | None:
    """Y/N from Y/N, Yes/No, true/false, 1/0 (any case); blank is None; anything else is Rejected."""
    value = text(value)
    if value is None:
        return None
    try:
        return _FLAGS[value.lower()]
    except KeyError:
        raise Rejected(f"{what} {value!r} is not a yes/no value") from None


def compact(iso: str) -> str:
    """2024-03-31 -> 20240331, for readable ids."""
    return iso.replace("-", "")


@cache
def code_list(table: str, column: str) -> frozenset[str]:
    """A code list from the seed seeds/code_lists.csv (the one statement of the codes the project checks)."""
    with (PROJECT_DIR / "seeds" / "code_lists.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(r["code"] for r in csv.DictReader(handle)
                         if r["table_name"] == table and r["column_name"] == column)


class Ids:
    """Readable, deterministic ids: a key seen again in the same scope gets -2, -3, ..."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = defaultdict(int)

    def __call__(self, key: str) -> str:
        self._seen[key] += 1
        n = self._seen[key]
        return key if n == 1 else f"{key}-{n}"


# ---- bookkeeping ---------------------------------------------------------------------------------


@dataclass
class Tally:
    read: int = 0
    written: int = 0
    rejected: int = 0
    skipped: int = 0
    notes: set[str] = field(default_factory=set)


@dataclass
class TableOutcome:
    """What the merge did to one SSD file."""

    path: Path
    rows: int
    replaced: int = 0
    merged_persons: int = 0
    person_conflicts: dict[str, int] = field(default_factory=dict)
    other_source_overlap: int = 0


@dataclass
class LoadResult:
    kind: str
    input_path: Path
    la_code: str
    la_dir: Path
    rejects_path: Path
    tallies: dict[tuple[str, str], Tally]
    tables: dict[str, TableOutcome]
    reject_messages: list[str]
    warnings: list[str]
    seconds: float
    facts: dict[str, str] = field(default_factory=dict)
    #: per input file (or XML element): (rows read, rows that gave at least one SSD row), when tracked
    reach: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def records_read(self) -> int:
        return sum(t.read for t in self.tallies.values())

    @property
    def rejected(self) -> int:
        return sum(t.rejected for t in self.tallies.values())

    def summary_lines(self, max_messages: int = 10) -> list[str]:
        """The closing summary: one line per (table, source) with read, written, rejected, skipped."""
        lines = [f"loaded {self.kind.replace('_', ' ')} {self.input_path} into {self.la_dir}"
                 + "".join(f"; {k} {v}" for k, v in self.facts.items())]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"rejected: {m}" for m in self.reject_messages[:max_messages]]
        if len(self.reject_messages) > max_messages:
            lines.append(f"rejected: ... {len(self.reject_messages) - max_messages:,} more in {self.rejects_path}")
        head = f"{'table':28} {'source':34} {'read':>9} {'written':>9} {'rejected':>9} {'skipped':>9}"
        lines += [head, "-" * len(head)]
        for (table, source), t in sorted(self.tallies.items(), key=_tally_order):
            note = f"  ({'; '.join(sorted(t.notes))})" if t.notes else ""
            lines.append(f"{table:28} {source:34} {t.read:>9,} {t.written:>9,} {t.rejected:>9,} {t.skipped:>9,}{note}")
        total = Tally()
        for t in self.tallies.values():
            total.read, total.written = total.read + t.read, total.written + t.written
            total.rejected, total.skipped = total.rejected + t.rejected, total.skipped + t.skipped
        lines.append(f"{'total':28} {'':34} {total.read:>9,} {total.written:>9,} {total.rejected:>9,} "
                     f"{total.skipped:>9,}")
        if self.reach:  # each input row once, however many SSD rows it gave
            lines.append(f"{'input':28} {'rows':>9} {'into SSD':>9} {'share':>7}  (rows giving an SSD row)")
            for name, (n, k) in sorted(self.reach.items(), key=lambda item: _natural(item[0])):
                lines.append(f"{name:28} {n:>9,} {k:>9,} {_pct(k, n):>7}")
            n, k = sum(n for n, _ in self.reach.values()), sum(k for _, k in self.reach.values())
            lines.append(f"{'total':28} {n:>9,} {k:>9,} {_pct(k, n):>7}")
        for name, outcome in self.tables.items():
            extra = []
            if outcome.merged_persons:
                extra.append(f"{outcome.merged_persons:,} already there from an earlier load, merged")
            if outcome.person_conflicts:
                parts = ", ".join(f"{c} {n:,}" for c, n in sorted(outcome.person_conflicts.items()))
                extra.append(f"values differing from the earlier load, this load's kept: {parts}")
            if outcome.replaced:
                extra.append(f"{outcome.replaced:,} rows of an earlier load of the same ids replaced")
            if outcome.other_source_overlap:
                extra.append(f"warning: {outcome.other_source_overlap:,} rows have the same child and date as "
                             "rows loaded from another return (both kept: expect double counts)")
            lines.append(f"{name}: {outcome.rows:,} rows in {outcome.path.name}" + "".join(f"; {e}" for e in extra))
        lines.append(f"rejects: {self.rejected:,} records in {self.rejects_path}")
        lines.append(f"{self.records_read:,} records in {self.seconds:.1f}s "
                     f"({self.records_read / max(self.seconds, 1e-9):,.0f} records/s)")
        return lines


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _natural(text_: str) -> tuple:
    """Sort key putting List 2 before List 10."""
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text_))


def _tally_order(item: tuple[tuple[str, str], Tally]) -> tuple:
    """Contract order of tables, then sources in natural order (List 2 before List 10)."""
    table, source = item[0]
    names = list(TABLES)
    return (names.index(table) if table in names else len(names), _natural(source))


# ---- one load ------------------------------------------------------------------------------------

_META = ("_seq", "_source", "_where")
_REJECT_COLUMNS = ("file", "location", "table_name", "record_id", "person_id", "reason")


class Load:
    """One run of a loader: counts, rejects and the temporary table files, then `finish` writes them."""

    def __init__(self, kind: str, input_path: Path, out_dir: Path, la_code: str, *, strict: bool = False,
                 reach_unit: Callable[[str], str] | None = None) -> None:
        if not LA_CODE.match(la_code or ""):
            raise BadInput(f"--la {la_code!r}: not a 3-digit DfE LA number (e.g. 874)")
        self.kind = kind
        self.prefix = PREFIXES[kind]
        self.input_path = Path(input_path)
        self.out_dir = Path(out_dir)
        self.la_code = la_code
        self.strict = strict
        self.started = time.perf_counter()
        self.tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
        self.reject_messages: list[str] = []
        self.warnings: list[str] = []
        self.facts: dict[str, str] = {}
        self._seq = 0
        self._files: dict[str, tuple[object, csv.writer]] = {}
        # rows read and rows that reached an SSD file, per input file (`reach_unit` names it from a source
        # label): for returns read whole (the 903, Annex A), not a streamed census, whose millions of places
        # would not fit in memory
        self._unit = reach_unit
        self._rows: dict[str, set[str]] | None = defaultdict(set) if reach_unit else None
        self._reached: dict[str, set[str]] = defaultdict(set)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=".load-", dir=self.out_dir))
        except OSError as exc:
            raise BadInput(f"{self.out_dir}: cannot write there ({exc.strerror or exc})") from exc
        self._rejects_handle = (self.tmp / "_rejects.csv").open("w", encoding="utf-8", newline="")
        self._rejects = csv.writer(self._rejects_handle, lineterminator="\n")
        self._rejects.writerow(_REJECT_COLUMNS)

    # ---- records ----

    def add(self, table: str, row: dict[str, str | None], source: str, where: str) -> bool:
        """Count, check against the contract and write one row; False (and a reject) if it breaks it."""
        spec = TABLES[table]
        unknown = set(row) - set(spec.columns)
        if unknown:  # a programming error, not bad input
            raise KeyError(f"{table} has no column(s) {sorted(unknown)}")
        reason = contract_problem(spec, row)
        if reason:
            record = row.get(spec.id_column) or row.get(spec.person_column or "")
            self.reject(table, source, where, f"{table} {record}: {reason}" if record else f"{table}: {reason}",
                        row.get(spec.id_column), row.get(spec.person_column or ""))
            return False
        tally = self.tallies[(table, source)]
        tally.read += 1
        tally.written += 1
        if self._unit is not None:
            self._reached[self._unit(source)].add(where)
        self._seq += 1
        self._writer(table).writerow([row.get(c) or "" for c in spec.columns] + [self._seq, source, where])
        return True

    def reject(self, table: str, source: str, where: str, reason: str, record_id: str | None = None,
               person_id: str | None = None) -> None:
        """Count one record as rejected and write it, with its reason, to the rejects file."""
        # a folder of files (the SSDA903 CSVs): each source label starts with its file's name
        file = source.split(" ")[0] if self.input_path.is_dir() else self.input_path.name
        if self.strict:
            raise BadInput(f"{self.input_path / file if self.input_path.is_dir() else self.input_path}: "
                           f"{where}: {reason}")
        tally = self.tallies[(table, source)]
        tally.read += 1
        tally.rejected += 1
        self.reject_messages.append(f"{file}: {where}: {reason}")
        self._rejects.writerow([file, where, table, record_id or "", person_id or "", reason])

    def skip(self, table: str, source: str, reason: str, n: int = 1) -> None:
        """Count `n` records read but deliberately not loaded (nothing in the contract holds them)."""
        tally = self.tallies[(table, source)]
        tally.read += n
        tally.skipped += n
        tally.notes.add(reason)

    def note(self, table: str, source: str, note: str) -> None:
        """A remark on the rows of (table, source), shown beside their counts in the summary."""
        self.tallies[(table, source)].notes.add(note)

    def seen(self, source: str, where: str) -> None:
        """One row of the input (its file or element and place), for the rows-into-SSD-files count."""
        if self._rows is not None:
            self._rows[self._unit(source)].add(where)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def _writer(self, table: str) -> csv.writer:
        if table not in self._files:
            handle = (self.tmp / f"{table}.csv").open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(list(TABLES[table].columns) + list(_META))
            self._files[table] = (handle, writer)
        return self._files[table][1]

    # ---- the end ----

    def finish(self) -> LoadResult:
        """Merge the new rows into ``<out>/<la>/`` and write the rejects; returns the summary."""
        for handle, _ in self._files.values():
            handle.close()
        la_dir = self.out_dir / self.la_code
        la_dir.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect()
        try:
            # bounded memory: DuckDB spills to the load's temporary folder past this
            con.execute(f"set temp_directory = '{_sql_str(self.tmp / 'spill')}'")
            con.execute(f"set memory_limit = '{MERGE_MEMORY}'")
            con.execute("set preserve_insertion_order = true")
            outcomes = {}
            for table in (t for t in TABLES if t in self._files):
                outcomes[table] = self._merge_table(con, table, la_dir)
        finally:
            con.close()
        self._rejects_handle.close()
        rejects_dir = self.out_dir / "_rejects" / self.la_code
        rejects_dir.mkdir(parents=True, exist_ok=True)
        rejects_path = rejects_dir / f"{self.kind}-{self.input_path.stem}.csv"
        os.replace(self.tmp / "_rejects.csv", rejects_path)
        reach = {name: (len(rows), len(self._reached[name] & rows)) for name, rows in (self._rows or {}).items()}
        return LoadResult(self.kind, self.input_path, self.la_code, la_dir, rejects_path, dict(self.tallies),
                          outcomes, self.reject_messages, self.warnings, time.perf_counter() - self.started,
                          self.facts, reach)

    def cleanup(self) -> None:
        for handle, _ in self._files.values():
            handle.close()
        self._rejects_handle.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _merge_table(self, con: duckdb.DuckDBPyConnection, table: str, la_dir: Path) -> TableOutcome:
        spec = TABLES[table]
        cols = list(spec.columns)
        key = spec.id_column
        q = _quote
        columns = {**{c: "VARCHAR" for c in cols}, "_seq": "BIGINT", "_source": "VARCHAR", "_where": "VARCHAR"}
        columns_sql = "{" + ", ".join(f"'{c}': '{t}'" for c, t in columns.items()) + "}"
        # views, not tables: each query streams the files again rather than holding them in memory
        con.execute(
            f"create or replace view new_rows as select * from read_csv('{_sql_str(self.tmp / (table + '.csv'))}', "
            f"header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, columns = {columns_sql})"
        )
        dupes = con.execute(f"select count(*) - count(distinct {q(key)}) from new_rows").fetchone()[0]
        if dupes:
            self._combine_duplicates(con, table, cols, key)
            con.execute("create or replace view combined as select * from combined_rows")
        else:
            con.execute("create or replace view combined as select * from new_rows")
        target = la_dir / f"{table}.csv"
        if (la_dir / f"{table}.parquet").exists():
            raise BadInput(f"{la_dir / (table + '.parquet')}: the folder already holds this table as Parquet; "
                           "the loaders write CSV: load into another --out folder")
        outcome = TableOutcome(target, 0)
        select_new = ", ".join(q(c) for c in cols)
        extra: list[str] = []
        if target.exists():
            read_old = (f"read_csv('{_sql_str(target)}', header = true, all_varchar = true, delim = ',', "
                        "quote = '\"', escape = '\"', normalize_names = true)")
            try:
                existing_cols = [r[0] for r in con.execute(f"describe select * from {read_old}").fetchall()]
            except duckdb.Error as exc:
                raise BadInput(f"{target}: cannot merge into this file ({str(exc).splitlines()[0]})") from exc
            present = ", ".join(q(c) if c in existing_cols else f"cast(null as varchar) as {q(c)}" for c in cols)
            others_old = "".join(f", {q(c)}" for c in existing_cols if c not in cols and not c.startswith("_"))
            con.execute(f"create or replace view old_rows as select {present}{others_old}, "
                        f"row_number() over () as _old_seq from {read_old}")
            extra = [c for c in existing_cols if c not in cols and not c.startswith("_")]
            if table == PERSON:
                merged = self._merge_persons(con, cols, key, extra, outcome)
            else:
                outcome.replaced = con.execute(
                    f"select count(*) from old_rows where {q(key)} in (select {q(key)} from combined)").fetchone()[0]
                outcome.other_source_overlap = con.execute(
                    f"select count(*) from combined c join old_rows o on "
                    f"regexp_replace(c.{q(key)}, '^[^-]*-', '') = regexp_replace(o.{q(key)}, '^[^-]*-', '') "
                    f"and split_part(c.{q(key)}, '-', 1) <> split_part(o.{q(key)}, '-', 1)").fetchone()[0]
                keep_extra = "".join(f", {q(c)}" for c in extra)
                null_extra = "".join(f", null as {q(c)}" for c in extra)
                merged = (
                    f"select {select_new}{keep_extra}, 0 as _part, _old_seq as _order from old_rows "
                    f"anti join (select {q(key)} from combined) using ({q(key)}) "
                    f"union all select {select_new}{null_extra}, 1 as _part, _seq as _order from combined"
                )
        else:
            merged = f"select {select_new}, 1 as _part, _seq as _order from combined"
        out_cols = ", ".join(q(c) for c in [*cols, *extra])
        staging = self.tmp / f"{table}.out.csv"
        con.execute(f"copy (select {out_cols} from ({merged}) order by _part, _order) to '{_sql_str(staging)}' "
                    "(header, delimiter ',', quote '\"')")
        outcome.rows = con.execute(f"select count(*) from read_csv('{_sql_str(staging)}', header = true, "
                                   "all_varchar = true, delim = ',', quote = '\"', escape = '\"')").fetchone()[0]
        os.replace(staging, target)
        return outcome

    def _combine_duplicates(self, con: duckdb.DuckDBPyConnection, table: str, cols: list[str], key: str) -> None:
        """Rows of this load sharing an id: combine them; reject a later row that contradicts an earlier one."""
        q = _quote
        spec = TABLES[table]
        others = [c for c in cols if c != key]

        def combine(source: str) -> None:
            firsts = ", ".join(f"arg_min({q(c)}, _seq) filter (where {q(c)} is not null) as {q(c)}" for c in others)
            con.execute(f"create or replace table combined_rows as select {q(key)}, {firsts}, min(_seq) as _seq "
                        f"from {source} group by {q(key)}")

        combine("new_rows")
        diffs = ", ".join(
            f"case when n.{q(c)} is not null and n.{q(c)} <> k.{q(c)} then "
            + (f"'{c} differs'" if c in spec.personal or c in spec.birth_dates
               else f"'{c} ' || n.{q(c)} || ' (kept ' || k.{q(c)} || ')'")
            + " end" for c in others)
        con.execute(
            "create or replace table conflicts as select * from (select n._seq, n._source, n._where, "
            f"n.{q(key)} as id, {('n.' + q(spec.person_column)) if spec.person_column else 'null'} as person, "
            f"concat_ws('; ', {diffs}) as diff from new_rows n join combined_rows k using ({q(key)})) where diff <> '' "
            "order by _seq")
        rows = con.execute("select _source, _where, id, person, diff from conflicts").fetchall()
        if not rows:
            return
        for source, where, record_id, person, diff in rows:
            tally = self.tallies[(table, source)]
            tally.written -= 1
            tally.read -= 1
            self.reject(table, source, where, f"{spec.id_column} {record_id} given again with different values: "
                        f"{diff}; the first kept", record_id, person)
        combine("(select * from new_rows where _seq not in (select _seq from conflicts))")

    def _merge_persons(self, con: duckdb.DuckDBPyConnection, cols: list[str], key: str, extra: list[str],
                       outcome: TableOutcome) -> str:
        q = _quote
        others = [c for c in cols if c != key]
        outcome.merged_persons = con.execute(
            f"select count(*) from combined where {q(key)} in (select {q(key)} from old_rows)").fetchone()[0]
        counts = con.execute("select " + ", ".join(
            f"count(*) filter (where n.{q(c)} is not null and o.{q(c)} is not null and n.{q(c)} <> o.{q(c)})"
            for c in others) + f" from combined n join old_rows o using ({q(key)})").fetchone()
        outcome.person_conflicts = {c: n for c, n in zip(others, counts, strict=True) if n}
        values = ", ".join(f"coalesce(n.{q(c)}, o.{q(c)}) as {q(c)}" for c in others)
        keep_extra = "".join(f", o.{q(c)}" for c in extra)
        return (
            f"select coalesce(o.{q(key)}, n.{q(key)}) as {q(key)}, {values}{keep_extra}, "
            f"case when o.{q(key)} is null then 1 else 0 end as _part, coalesce(o._old_seq, n._seq) as _order "
            f"from old_rows o full outer join combined n using ({q(key)})"
        )


def contract_problem(spec: Table, row: dict[str, str | None]) -> str | None:
    """The first way `row` breaks the contract (a required value empty, an end before its start), or None."""
    for column in spec.required:
        if not row.get(column):
            return f"required value {column} is empty"
    for start, end in spec.periods:
        if row.get(start) and row.get(end) and row[end] < row[start]:
            return f"{end} {row[end]} is before {start} {row[start]}"
    return None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_str(path: Path | str) -> str:
    return str(path).replace("'", "''")

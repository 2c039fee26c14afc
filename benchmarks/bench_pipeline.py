"""Benchmark: how close `runner build` comes to reading its input, with the results checked for equality.

    .venv/bin/python benchmarks/bench_pipeline.py                        # 1 x 6 and 150 x 1
    .venv/bin/python benchmarks/bench_pipeline.py --only la              # 1 authority x 6 years
    .venv/bin/python benchmarks/bench_pipeline.py --only history         # 150 authorities x 6 years (~85 M rows)
    .venv/bin/python benchmarks/bench_pipeline.py --compare-with main    # and the same data built by git ref main
    .venv/bin/python benchmarks/bench_pipeline.py --compare-with DIR     # or values saved by an earlier run

Data sets: `la` 1 authority (874) x 6 financial years, `national` 150 authorities x 1 year, `history`
150 x 6 (only when asked). Each is generated with the default fault rate (so the data-quality rules
have work to do) unless `--data KEY=DIR` names a folder to use. For each, in the same run:

- the read floor: every input file read into DuckDB tables, every column as text, with the file name
  (what any pipeline over these files pays), in a fresh DuckDB file;
- `runner build`: wall time and peak memory of the build's process (intake check, dbt and DuckDB all
  run in it), dbt's own time running the nodes (seeds, models and data tests; not its start-up and
  parse), and both as multiples of the read floor;
- for `la`, a second build of the same data into the same warehouse (seeds copied, dbt's parse
  reused: what an analyst's rebuild costs);
- with `--breakdowns-cost`, a build of the same data without the breakdowns (the members with their
  categories and what is built on them excluded): its time and peak memory and what the breakdowns add;
- the time by kind of node and the ten slowest nodes (dbt's run_results.json);
- the equality check (with --compare-with): every indicator_values row, compared exactly by key (LA,
  indicator, period type and end), and dq_findings (counts by rule, and every row) and
  dq_row_reconciliation, against the same data built by a git ref (its files exported with `git
  archive` into the scratch folder and run with this environment's packages) or against
  `<key>_values.parquet` files in a folder (this script saves them, `--save-values DIR`; /work/baseline
  holds the ones built before issue 11, which have no `fy` rows: rows of period types the reference
  lacks are counted, not compared).

Goals (issue 16), on the 2-core, 24 GiB development machine: 150 x 1 build within 4 times the read
floor and 6 GiB; 1 x 6 `runner build` within 20 s; 150 x 6 within 24 GiB. The machine is shared, so the
load average is printed beside the figures. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from runner.contract import TABLES  # noqa: E402 - after the project is on the path
from runner.settings import build_dir  # noqa: E402

DATA_SETS = {
    "la": ("1 authority x 6 years", ["--la", "874", "--years", "6"]),
    "national": ("150 authorities x 1 year", ["--las", "150", "--years", "1"]),
    "history": ("150 authorities x 6 years", ["--las", "150", "--years", "6"]),
}
#: file names of saved values, as /work/baseline names them
VALUE_FILES = {"la": "la", "national": "nat", "history": "history"}
COMPARED = {
    "values": ("reporting.indicator_values", ["la_code", "indicator_id", "period_type", "period_end"]),
    "dq_findings": ("data_quality.dq_findings", None),
    "dq_row_reconciliation": ("data_quality.dq_row_reconciliation", ["la_code", "table_name"]),
}


@dataclass
class Measured:
    seconds: float
    peak_mib: int
    output: str


@dataclass
class Result:
    key: str
    label: str
    rows: int = 0
    floor_seconds: float = 0.0
    build: Measured | None = None
    rebuild: Measured | None = None
    #: the same data built without the breakdowns (issue 15: they may cost at most 30% at national size)
    without_breakdowns: Measured | None = None
    dbt_seconds: float = 0.0
    node_seconds: dict[str, float] = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    #: reference -> its own build of the data (a git ref), or None (saved values)
    reference_builds: dict[str, Measured | None] = field(default_factory=dict)
    #: reference -> the lines of the equality check
    comparisons: dict[str, list[str]] = field(default_factory=dict)
    load: tuple[str, str] = ("", "")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measured(args: list[str], cwd: Path = PROJECT) -> Measured:
    """Run `runner ARGS` (the runner of `cwd`) as a child process: wall seconds, peak resident MiB, output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as out:
        proc = subprocess.Popen([sys.executable, "-m", "runner.cli", *args], stdout=out, stderr=subprocess.STDOUT,
                                cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"runner {' '.join(args)} (in {cwd}) failed ({code}):\n{text[-3000:]}")
    return Measured(seconds, usage.ru_maxrss // 1024, text)


def raw_files(data_dir: Path) -> dict[str, list[Path]]:
    """Each contract table's files, as the intake check finds them (one folder per authority)."""
    files: dict[str, list[Path]] = defaultdict(list)
    for la_dir in sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for path in sorted(la_dir.iterdir()):
            if path.stem in TABLES and path.suffix in (".csv", ".parquet"):
                files[path.stem].append(path)
    return files


def read_floor(data_dir: Path, work: Path) -> tuple[float, int]:
    """Seconds to read every input file into DuckDB tables, all columns as text, with the file name; and the rows."""
    work.mkdir(parents=True, exist_ok=True)
    target = work / "floor.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    rows = 0
    started = time.perf_counter()
    try:
        for table, paths in raw_files(data_dir).items():
            listed = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"
            csvs = [p for p in paths if p.suffix == ".csv"]
            if csvs:
                listed = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in csvs) + "]"
                con.execute(f"create table {table} as select * from read_csv({listed}, header = true, "
                            "all_varchar = true, union_by_name = true, filename = true)")
            else:
                con.execute(f"create table {table} as select columns(*)::varchar from read_parquet({listed}, "
                            "union_by_name = true, filename = true)")
            rows += con.execute(f"select count(*) from {table}").fetchone()[0]
        con.execute("checkpoint")
        seconds = time.perf_counter() - started
    finally:
        con.close()
        target.unlink(missing_ok=True)
    return seconds, rows


def run_results(warehouse: Path) -> dict:
    return json.loads((build_dir(warehouse) / "dbt" / "target" / "run_results.json").read_text(encoding="utf-8"))


def node_times(results: dict) -> tuple[dict[str, float], list[tuple[float, str]]]:
    """Seconds by kind of node (models by layer), and the ten slowest nodes."""
    times: dict[str, float] = defaultdict(float)
    nodes = []
    for result in results["results"]:
        kind, _, name = result["unique_id"].split(".", 2)
        if kind == "model":
            model = name.split(".")[-1]
            layer = next((label for prefix, label in (
                ("base_", "models: staging (base)"), ("stg_", "models: staging"), ("int_", "models: intermediate"),
                ("fct_", "models: core"), ("dim_", "models: core"), ("ind_", "models: indicators"),
                ("dq_", "models: data quality")) if model.startswith(prefix)), "models: reporting")
            key = layer
        else:
            key = {"test": "data tests", "unit_test": "unit tests", "seed": "seeds"}.get(kind, kind)
        times[key] += result["execution_time"]
        nodes.append((result["execution_time"], f"{kind} {name.split('.')[-1]}"))
    return dict(sorted(times.items())), sorted(nodes, reverse=True)[:10]


def save_values(warehouse: Path, folder: Path, key: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name, (relation, _) in COMPARED.items():
            path = str(folder / f"{VALUE_FILES[key]}_{name}.parquet").replace("'", "''")
            con.execute(f"copy (select * from {relation} order by all) to '{path}' (format parquet)")


def compare(new: Path, reference: Path, key: str) -> list[str]:
    """Lines saying how the new values differ from the reference's (a folder of saved values)."""
    prefix = VALUE_FILES[key]
    con = duckdb.connect()
    lines = []
    for name, (_, keys) in COMPARED.items():
        ref_path, new_path = reference / f"{prefix}_{name}.parquet", new / f"{prefix}_{name}.parquet"
        if not ref_path.exists():
            lines.append(f"{name}: not in the reference")
            continue
        con.execute(f"create or replace view ref as select * from read_parquet('{ref_path}')")
        con.execute(f"create or replace view new as select * from read_parquet('{new_path}')")
        if name == "values":
            lines += _compare_values(con)
        elif name == "dq_findings":
            lines += _compare_findings(con)
        else:
            lines += _compare_rows(con, name, keys)
    return lines


def _columns(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    return [r[0] for r in con.execute(f"describe {view}").fetchall()]


def _compare_values(con: duckdb.DuckDBPyConnection) -> list[str]:
    cols = [c for c in _columns(con, "new") if c in _columns(con, "ref")]
    keys = "la_code, indicator_id, period_type, period_end"
    types = {t for (t,) in con.execute("select distinct period_type from ref").fetchall()}
    in_types = "period_type in (" + ", ".join(f"'{t}'" for t in sorted(types)) + ")"
    total = con.execute("select count(*) from new").fetchone()[0]
    compared = con.execute(f"select count(*) from new where {in_types}").fetchone()[0]
    differ = con.execute(
        f"select count(*) from (select {', '.join(cols)} from new where {in_types} "
        f"except all select {', '.join(cols)} from ref)").fetchone()[0]
    missing = con.execute(f"select count(*) from ref anti join new using ({keys})").fetchone()[0]
    extra_keys = con.execute(f"select count(*) from (select * from new where {in_types}) anti join ref using ({keys})"
                             ).fetchone()[0]
    verdict = "EQUAL" if differ == 0 and missing == 0 else "DIFFERENT"
    lines = [f"indicator_values: {verdict}: {compared:,} of {total:,} rows compared exactly (period types "
             f"{', '.join(sorted(types))}); {differ - extra_keys:,} differ in a value, {missing:,} missing, "
             f"{extra_keys:,} not in the reference"]
    if total > compared:
        lines.append(f"  not compared: {total - compared:,} rows of period types the reference has not")
    if extra_keys:
        for row in con.execute(f"select indicator_id, period_type, count(*) from (select * from new where {in_types}) "
                               f"anti join ref using ({keys}) group by all order by all limit 10").fetchall():
            lines.append(f"  only in this build: {row[0]} {row[1]} ({row[2]} rows)")
    for row in con.execute(
            "select new.la_code, new.indicator_id, new.period_type, new.period_end, new.value, ref.value, "
            f"new.numerator, ref.numerator, new.denominator, ref.denominator from new join ref using ({keys}) "
            "where new.value is distinct from ref.value or new.numerator is distinct from ref.numerator "
            "or new.denominator is distinct from ref.denominator order by all limit 10").fetchall():
        lines.append(f"  differs: {row[0]} {row[1]} {row[2]} {row[3]}: value {row[4]!r} (reference {row[5]!r}), "
                     f"numerator {row[6]} ({row[7]}), denominator {row[8]} ({row[9]})")
    return lines


def _compare_findings(con: duckdb.DuckDBPyConnection) -> list[str]:
    counts = con.execute(
        "select coalesce(n.rule, r.rule), coalesce(n.severity, r.severity), coalesce(n.k, 0), coalesce(r.k, 0) "
        "from (select rule, severity, count(*) as k from new group by all) n "
        "full join (select rule, severity, count(*) as k from ref group by all) r using (rule, severity) "
        "order by 2, 1").fetchall()
    differ = _differ(con)
    total = sum(n for _, _, n, _ in counts)
    verdict = "EQUAL" if differ == (0, 0) else "DIFFERENT"
    lines = [f"dq_findings: {verdict}: {total:,} findings; {differ[0]:,} rows only in this build, {differ[1]:,} only "
             "in the reference (every column compared)"]
    by_rule = ", ".join(f"{rule} {n:,}" + ("" if n == m else f" (reference {m:,})") for rule, _, n, m in counts)
    lines.append(f"  by rule: {by_rule}")
    return lines


def _differ(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Rows only in `new`, and only in `ref`, over the columns both have (duplicates counted)."""
    cols = ", ".join(c for c in _columns(con, "new") if c in _columns(con, "ref"))
    only_new, only_ref = (con.execute(f"select count(*) from (select {cols} from {a} except all select {cols} from {b})"
                                      ).fetchone()[0] for a, b in (("new", "ref"), ("ref", "new")))
    return only_new, only_ref


def _compare_rows(con: duckdb.DuckDBPyConnection, name: str, keys: list[str] | None) -> list[str]:
    differ = _differ(con)
    total = con.execute("select count(*) from new").fetchone()[0]
    verdict = "EQUAL" if differ == (0, 0) else "DIFFERENT"
    return [f"{name}: {verdict}: {total:,} rows; {differ[0]:,} only in this build, {differ[1]:,} only in the reference"]


def reference_values(ref: str, key: str, data_dir: Path, work: Path) -> tuple[Path, Measured | None]:
    """A folder with the reference's values for this data set: `ref` itself if it is a folder, else the data
    built by git ref `ref` (its files exported into the scratch folder, run with this environment's packages)."""
    if Path(ref).is_dir():
        return Path(ref), None
    tree = work / f"ref-{ref.replace('/', '_')}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(PROJECT), "archive", "--format=tar", ref], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    warehouse = work / key / "reference.duckdb"
    build = measured(["build", "--data-dir", str(data_dir), "--warehouse", str(warehouse)], cwd=tree)
    folder = work / key / "reference-values"
    save_values(warehouse, folder, key)
    return folder, build


#: dbt's selector for the breakdowns: the members with their categories and everything built on them
BREAKDOWN_NODES = "ind_members__attributed+"


def bench(key: str, work: Path, data: dict[str, Path], compare_with: list[str], save_dir: Path | None,
          breakdowns_cost: bool = False) -> Result:
    label, gen_args = DATA_SETS[key]
    result = Result(key, label)
    data_dir = data.get(key) or work / key / "data"
    if key not in data and not (data_dir / "874").exists() and not any(data_dir.glob("[0-9][0-9][0-9]")):
        print(f"[{key}] generating {label} into {data_dir}", flush=True)
        measured(["generate", "--out", str(data_dir), *gen_args])
    result.load = (load_average(), "")
    print(f"[{key}] read floor (load {load_average()})", flush=True)
    result.floor_seconds, result.rows = read_floor(data_dir, work / key)
    warehouse = work / key / "bench.duckdb"
    for path in warehouse.parent.glob(f"{warehouse.name}*"):
        path.unlink()
    for path in warehouse.parent.glob(f".{warehouse.stem}.build-*"):
        shutil.rmtree(path)
    print(f"[{key}] runner build (load {load_average()})", flush=True)
    result.build = measured(["build", "--data-dir", str(data_dir), "--warehouse", str(warehouse)])
    results = run_results(warehouse)
    result.dbt_seconds = results["elapsed_time"]
    result.node_seconds, result.slowest = node_times(results)
    if key == "la":
        print(f"[{key}] runner build again (load {load_average()})", flush=True)
        result.rebuild = measured(["build", "--data-dir", str(data_dir), "--warehouse", str(warehouse)])
    if breakdowns_cost:
        bare = work / key / "without_breakdowns.duckdb"
        print(f"[{key}] runner build without the breakdowns (load {load_average()})", flush=True)
        result.without_breakdowns = measured(["build", "--data-dir", str(data_dir), "--warehouse", str(bare),
                                              "--exclude", BREAKDOWN_NODES])
    result.load = (result.load[0], load_average())
    values = work / key / "values"
    save_values(warehouse, values, key)
    if save_dir:
        save_values(warehouse, save_dir, key)
    for ref in compare_with:
        print(f"[{key}] reference: {ref} (load {load_average()})", flush=True)
        folder, result.reference_builds[ref] = reference_values(ref, key, data_dir, work)
        result.comparisons[ref] = compare(values, folder, key)
    return result


def report(r: Result) -> list[str]:
    b = r.build
    assert b is not None
    summary = next((line for line in b.output.splitlines() if line.startswith("dbt build: ") and " nodes " in line), "")
    lines = [
        f"== {r.label}: {r.rows:,} raw rows (load average {r.load[0]} at the start, {r.load[1]} at the end)",
        f"read floor (every file into DuckDB tables as text)   {r.floor_seconds:8.1f} s",
        f"runner build, wall                                   {b.seconds:8.1f} s   "
        f"{b.seconds / r.floor_seconds:5.1f} x floor   peak {b.peak_mib:,} MiB",
        f"  of which dbt running seeds, models, data tests     {r.dbt_seconds:8.1f} s   "
        f"{r.dbt_seconds / r.floor_seconds:5.1f} x floor",
        f"  intake check, dbt start-up and parse, swap         {b.seconds - r.dbt_seconds:8.1f} s",
    ]
    if r.rebuild:
        lines.append(f"runner build again (seeds copied, parse reused)     {r.rebuild.seconds:8.1f} s"
                     f"   peak {r.rebuild.peak_mib:,} MiB")
    if r.without_breakdowns:
        bare = r.without_breakdowns
        lines.append(f"runner build without the breakdowns ({BREAKDOWN_NODES} excluded) {bare.seconds:6.1f} s"
                     f"   peak {bare.peak_mib:,} MiB")
        lines.append(f"  the breakdowns cost {b.seconds - bare.seconds:+.1f} s, "
                     f"{(b.seconds / bare.seconds - 1) * 100:+.0f}% of the build without them (goal: at most +30%)")
    for ref, build in r.reference_builds.items():
        if build:
            title = f"runner build of {ref}, wall"
            lines.append(f"{title:53}{build.seconds:8.1f} s   "
                         f"{build.seconds / r.floor_seconds:5.1f} x floor   peak {build.peak_mib:,} MiB")
    lines.append(f"  {summary}")
    lines.append("node time by kind (summed over threads):")
    lines += [f"  {part:40} {seconds:8.1f} s" for part, seconds in r.node_seconds.items()]
    lines.append("ten slowest nodes:")
    lines += [f"  {seconds:7.2f} s  {name}" for seconds, name in r.slowest]
    for ref, comparison in r.comparisons.items():
        lines.append(f"equality check against {ref}:")
        lines += [f"  {line}" for line in comparison]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(DATA_SETS), action="append", help="run this data set (repeatable)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder, kept (default: a temporary one)")
    parser.add_argument("--data", action="append", default=[], metavar="KEY=DIR",
                        help="use the data in DIR for data set KEY (la, national, history) instead of generating it")
    parser.add_argument("--compare-with", metavar="REF", action="append", default=[],
                        help="a git ref to build the same data with, or a folder of values saved by --save-values "
                        "(or /work/baseline); repeatable")
    parser.add_argument("--save-values", type=Path, metavar="DIR", help="save this build's values here")
    parser.add_argument("--breakdowns-cost", action="store_true",
                        help="also build each data set without the breakdowns and print what they cost")
    args = parser.parse_args()
    keys = args.only or ["la", "national"]
    data = {k: Path(v).resolve() for k, v in (item.split("=", 1) for item in args.data)}
    scratch = None
    if args.work is None:
        scratch = tempfile.mkdtemp(prefix="csc-bench-")
    work = (args.work or Path(scratch)).resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = [bench(key, work, data, args.compare_with, args.save_values, args.breakdowns_cost) for key in keys]
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nmachine: {os.cpu_count()} cores; duckdb {duckdb.__version__}")
    for r in results:
        print()
        print("\n".join(report(r)))
    out = PROJECT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "pipeline.json").write_text(json.dumps([{
        "data_set": r.label, "raw_rows": r.rows, "read_floor_seconds": round(r.floor_seconds, 1),
        "build_seconds": round(r.build.seconds, 1) if r.build else None,
        "build_peak_mib": r.build.peak_mib if r.build else None, "dbt_seconds": round(r.dbt_seconds, 1),
        "rebuild_seconds": round(r.rebuild.seconds, 1) if r.rebuild else None,
        "without_breakdowns_seconds": round(r.without_breakdowns.seconds, 1) if r.without_breakdowns else None,
        "without_breakdowns_peak_mib": r.without_breakdowns.peak_mib if r.without_breakdowns else None,
        "reference_build_seconds": {ref: round(b.seconds, 1) for ref, b in r.reference_builds.items() if b},
        "node_seconds": {k: round(v, 2) for k, v in r.node_seconds.items()},
        "slowest": [[round(s, 2), n] for s, n in r.slowest], "comparisons": r.comparisons, "load": r.load,
    } for r in results], indent=2))


if __name__ == "__main__":
    main()

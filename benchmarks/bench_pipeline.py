"""Benchmark: generate and build at two sizes, and print the figures.

    .venv/bin/python benchmarks/bench_pipeline.py            # both data sets
    .venv/bin/python benchmarks/bench_pipeline.py --only la  # 1 authority x 6 years only

Data sets: 1 authority (874) x 6 financial years, and 150 authorities x 1 financial year. For each:
`runner generate` wall time and rows per second; `runner build` wall time and peak memory (the
build's own process: dbt and DuckDB run in it); and the build time per layer and per indicator
family, from dbt's run_results.json. Goals (issue 2): 150 x 1 generated in under 2 minutes and built
in under 10 minutes on 2 cores, peak memory under 8 GiB. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from runner.settings import build_dir  # noqa: E402 - after the project is on the path

DATA_SETS = {
    "la": ("1 authority x 6 years", ["--la", "874", "--years", "6"]),
    "national": ("150 authorities x 1 year", ["--las", "150", "--years", "1"]),
}


def measured(args: list[str]) -> tuple[float, int, str]:
    """Run `runner ARGS` as a child process: (wall seconds, peak resident MiB, stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as out:
        proc = subprocess.Popen([sys.executable, "-m", "runner.cli", *args], stdout=out, stderr=subprocess.STDOUT,
                                cwd=PROJECT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"runner {' '.join(args)} failed ({proc.returncode}):\n{text[-3000:]}")
    return seconds, usage.ru_maxrss // 1024, text


def rows_in(warehouse: Path) -> int:
    """Raw rows, as the build's intake check counted them (its manifest)."""
    manifest = build_dir(warehouse) / "intake" / "files.csv"
    with manifest.open(encoding="utf-8") as handle:
        return sum(int(row["raw_rows"]) for row in csv.DictReader(handle))


def layer_times(warehouse: Path) -> dict[str, float]:
    """Seconds of dbt node execution by layer (models/<layer>/...) and indicator family model."""
    results = json.loads((build_dir(warehouse) / "dbt" / "target" / "run_results.json").read_text())
    times: dict[str, float] = defaultdict(float)
    for result in results["results"]:
        uid = result["unique_id"]
        kind, _, name = uid.split(".", 2)
        if kind == "model":
            model = name.split(".")[-1]
            if model.startswith("ind_"):
                key = f"family {model}"
            elif model.startswith(("base_", "stg_")):
                key = "staging"
            elif model.startswith("int_"):
                key = "intermediate"
            elif model.startswith(("fct_", "dim_")):
                key = "core marts"
            elif model.startswith("dq_"):
                key = "data quality"
            else:
                key = "reporting"
        else:
            key = {"test": "data tests", "unit_test": "unit tests", "seed": "seeds"}.get(kind, kind)
        times[key] += result["execution_time"]
    return dict(sorted(times.items()))


def bench(key: str, work: Path) -> dict:
    label, gen_args = DATA_SETS[key]
    data_dir, warehouse = work / key / "data", work / key / "bench.duckdb"
    gen_seconds, gen_mib, _ = measured(["generate", "--out", str(data_dir), *gen_args])
    build_seconds, build_mib, output = measured(["build", "--data-dir", str(data_dir), "--warehouse", str(warehouse)])
    rows = rows_in(warehouse)
    intake = next((line for line in output.splitlines() if line.startswith("intake:")), "")
    summary = next((line for line in output.splitlines() if line.startswith("dbt build:")), "")
    return {
        "data_set": label,
        "raw_rows": rows,
        "generate_seconds": round(gen_seconds, 1),
        "generate_rows_per_second": round(rows / gen_seconds),
        "generate_peak_mib": gen_mib,
        "build_seconds": round(build_seconds, 1),
        "build_peak_mib": build_mib,
        "build_rows_per_second": round(rows / build_seconds),
        "intake": intake,
        "dbt_summary": summary,
        "node_seconds": {k: round(v, 2) for k, v in layer_times(warehouse).items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(DATA_SETS), help="run one data set")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    keys = [args.only] if args.only else list(DATA_SETS)
    with tempfile.TemporaryDirectory(prefix="csc-bench-") as scratch:
        work = args.work or Path(scratch)
        results = [bench(key, work) for key in keys]
    print(f"{'data set':28} {'rows':>11} {'gen s':>7} {'gen rows/s':>11} {'build s':>8} {'build MiB':>10}")
    for r in results:
        print(f"{r['data_set']:28} {r['raw_rows']:>11,} {r['generate_seconds']:>7} "
              f"{r['generate_rows_per_second']:>11,} {r['build_seconds']:>8} {r['build_peak_mib']:>10,}")
    for r in results:
        print(f"\n{r['data_set']}: {r['dbt_summary']}")
        dbt_seconds = float(r["dbt_summary"].rsplit(" in ", 1)[-1].rstrip("s") or 0)
        print(f"  intake check and start-up (build minus dbt) {r['build_seconds'] - dbt_seconds:8.1f} s")
        for part, seconds in r["node_seconds"].items():
            print(f"  {part:36} {seconds:8.2f} s (summed over nodes; 2 threads run in parallel)")
    if len(results) == 2:
        small, large = results
        row_ratio = large["raw_rows"] / small["raw_rows"]
        time_ratio = large["build_seconds"] / small["build_seconds"]
        print(f"\nfrom the smaller to the larger: rows x{row_ratio:.1f}, build time x{time_ratio:.1f}")
    out = PROJECT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "pipeline.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""Benchmark: the statutory returns out of the warehouse and the DfE rules on them, for 1 and 10 authorities.

    .venv/bin/python benchmarks/bench_returns.py              # 1 authority (874), then 10 (--las 10)
    .venv/bin/python benchmarks/bench_returns.py --las 1      # only the first
    .venv/bin/python benchmarks/bench_returns.py --years 2    # financial years of synthetic data

For each size: synthetic data (`runner generate --clean`, ending 31 March 2026) and `runner build`,
timed but not part of the returns; then, for every authority, `runner returns cin-census`, `runner
returns ssda903` (the collection year 2025-26) and `runner validate` of each (the 903 with last year's
return beside it), each its own process, timed from outside with its peak resident memory (the
validators' subprocess included: wait4 reports the largest descendant). Prints one line per
authority and a total per size. The first run may set up the validators' environment (about two
minutes), before any timing. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
YEAR = 2026


def measured(args: list[str]) -> tuple[float, int, str]:
    """Run `runner ARGS` as a child process: (wall seconds, peak resident MiB, output)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as out:
        proc = subprocess.Popen([sys.executable, "-m", "runner.cli", *args], stdout=out, stderr=subprocess.STDOUT,
                                cwd=PROJECT, env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"runner {' '.join(args)} failed:\n{text[-3000:]}")
    return seconds, usage.ru_maxrss // 1024, text


def count(pattern: str, text: str) -> int:
    match = re.search(pattern, text, re.MULTILINE)
    return int(match.group(1).replace(",", "")) if match else 0


def run_size(work: Path, n_las: int, years: int) -> None:
    data, warehouse = work / "data", work / "w.duckdb"
    scope = ["--la", "874"] if n_las == 1 else ["--las", str(n_las)]
    seconds, _, _ = measured(["generate", "--clean", "--out", str(data), *scope, "--years", str(years),
                              "--end-year", str(YEAR)])
    build_seconds, build_mib, _ = measured(["build", "--data-dir", str(data), "--warehouse", str(warehouse)])
    print(f"\n{n_las} authorit{'y' if n_las == 1 else 'ies'}: generate {seconds:.1f} s, build {build_seconds:.1f} s "
          f"({build_mib} MiB) (not part of the returns)")
    print(f"{'LA':>4} {'children':>9} {'episodes':>9} {'write CIN':>10} {'write 903':>10} {'validate CIN':>13} "
          f"{'validate 903':>13} {'total':>8} {'peak MiB':>9}")
    totals = [0.0] * 5
    peak = 0
    for la in sorted(p.name for p in data.iterdir() if p.is_dir() and p.name.isdigit()):
        out = work / "returns" / la
        w = ["--warehouse", str(warehouse), "--la", la]
        cin_s, cin_mib, cin_out = measured(["returns", "cin-census", "--year", str(YEAR), "--out", str(out), *w])
        s903, m903, out903 = measured(["returns", "ssda903", "--year", str(YEAR), "--out", str(out / "903"), *w])
        measured(["returns", "ssda903", "--year", str(YEAR - 1), "--out", str(out / "903_last"), *w])
        census = out / f"cin_census_{la}_{YEAR}.xml"
        vcin_s, vcin_mib, _ = measured(["validate", "cin-census", str(census), "--out", str(out), *w])
        v903_s, v903_mib, _ = measured(["validate", "ssda903", str(out / "903"), "--year", str(YEAR), "--previous",
                                        str(out / "903_last"), "--out", str(out), *w])
        row = [cin_s, s903, vcin_s, v903_s, cin_s + s903 + vcin_s + v903_s]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        peak = max(peak, cin_mib, m903, vcin_mib, v903_mib)
        children, episodes = count(r"Child: ([\d,]+) rows", cin_out), count(r"episodes.csv: ([\d,]+) rows", out903)
        print(f"{la:>4} {children:>9,} {episodes:>9,} "
              f"{row[0]:>9.1f}s {row[1]:>9.1f}s {row[2]:>12.1f}s {row[3]:>12.1f}s {row[4]:>7.1f}s "
              f"{max(cin_mib, m903, vcin_mib, v903_mib):>9}")
    print(f"{'all':>4} {'':>9} {'':>9} {totals[0]:>9.1f}s {totals[1]:>9.1f}s {totals[2]:>12.1f}s {totals[3]:>12.1f}s "
          f"{totals[4]:>7.1f}s {peak:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--las", type=int, nargs="*", default=[1, 10], help="sizes to run (default: 1 10)")
    parser.add_argument("--years", type=int, default=2, help="financial years of synthetic data (default 2)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT))
    from runner.validate import env

    env.ensure()  # set the validators' environment up before any timing
    with tempfile.TemporaryDirectory(prefix="csc-bench-returns-") as scratch:
        for n_las in args.las:
            work = (args.work or Path(scratch)) / f"las_{n_las}"
            work.mkdir(parents=True, exist_ok=True)
            run_size(work, n_las, args.years)


if __name__ == "__main__":
    main()

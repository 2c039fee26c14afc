"""Writing: one CSV or Parquet file per table, exactly the contract's columns in order, all text."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..contract import TABLES
from .constants import ID_PREFIX, NULL
from .vectors import I64, Cols
from .world import _KINDS


def _id_strings(prefix: str, numbers: I64) -> pa.Array:
    arr = pa.array(numbers, mask=numbers < 0, type=pa.int64()).cast(pa.string())
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.utf8_lpad(arr, width=6, padding="0"), "")


def _to_arrow(t: str, cols: Cols) -> pa.Table:
    arrays = []
    for c in TABLES[t].columns:
        kind, v = _KINDS[t][c], cols[c]
        if kind == "self":
            arr = _id_strings(ID_PREFIX[t], v)
        elif kind.startswith("ref:"):
            arr = _id_strings(ID_PREFIX[kind[4:]], v)
        elif kind == "date":
            arr = pa.array(v.astype(np.int32), mask=v == NULL, type=pa.int32()).cast(pa.date32()).cast(pa.string())
        else:
            v = v.astype(str)
            arr = pa.array(v, mask=v == "", type=pa.string())
        bad = cols.get(f"_bad:{c}")
        if bad is not None and (bad != "").any():
            mask = bad != ""
            arr = pc.replace_with_mask(arr, pa.array(mask), pa.array(bad[mask], type=pa.string()))
        arrays.append(arr)
    return pa.table(arrays, names=list(TABLES[t].columns))


#: DuckDB threads for writing files (None: DuckDB's default); worker processes use one each
WRITER_THREADS: int | None = None


def write(la_dir: Path, tables: dict[str, Cols], fmt: str) -> dict[str, int]:
    la_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    con = duckdb.connect(config={"threads": WRITER_THREADS} if WRITER_THREADS else {})
    try:
        for t, cols in tables.items():
            table = _to_arrow(t, cols)
            path = la_dir / f"{t}.{fmt}"
            if fmt == "csv":
                con.register("ssd_out", table)
                con.execute(f"COPY ssd_out TO '{str(path).replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')")
                con.unregister("ssd_out")
            else:
                pq.write_table(table, path)
            rows[t] = table.num_rows
    finally:
        con.close()
    return rows

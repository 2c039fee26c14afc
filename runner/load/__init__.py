"""`runner load`: statutory returns (CIN census, SSDA903, Ofsted Annex A) into the SSD input contract.

One module per format (`cin_census`, `ssda903`, `annex_a`) maps its records to SSD rows; `common`
checks, counts, writes and merges them. Each loader is a plain function returning a `LoadResult`
whose `summary_lines()` is what the command prints.
"""

from runner.load.common import LoadResult

__all__ = ["LoadResult"]

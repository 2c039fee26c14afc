"""Each indicator's definition is held once: the catalogue seed, the dbt doc blocks and the spec say the same.

The catalogue (seeds/indicator_catalogue.csv) is what the report and workbook show; the doc blocks
(models/marts/indicators/_indicators__docs.md) are what the lineage shows; ../shared/spec/indicators.md
is the definition itself. A change to one without the others fails here, naming the indicator."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_DIR, read_csv

SPEC = PROJECT_DIR.parent / "shared" / "spec" / "indicators.md"
DOCS = PROJECT_DIR / "models" / "marts" / "indicators" / "_indicators__docs.md"


def catalogue() -> dict[str, dict[str, str]]:
    return {row["indicator_id"]: row for row in read_csv(PROJECT_DIR / "seeds" / "indicator_catalogue.csv")}


def doc_blocks() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    return {name: body.strip() for name, body in re.findall(r"{% docs ind_(\w+) %}(.*?){% enddocs %}", text, re.S)}


def spec_rows() -> dict[str, list[str]]:
    """The spec's indicator tables: id -> its cells (name, definition, unit, polarity)."""
    rows = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 5 and re.fullmatch(r"[a-z0-9_]+", cells[0]):
            rows[cells[0]] = cells[1:]
    return rows


def test_every_catalogue_indicator_has_its_doc_block_word_for_word():
    blocks = doc_blocks()
    for indicator_id, row in catalogue().items():
        expected = (f"**{row['indicator_name']}** (`{indicator_id}`; unit {row['unit']}; polarity {row['polarity']}): "
                    f"{row['definition']}")
        assert blocks.get(indicator_id) == expected, indicator_id
    # one block is not an indicator: when a review is in time, which the two review indicators share
    assert set(blocks) - set(catalogue()) == {"reviews_in_time"}


def test_the_catalogue_says_what_the_spec_says():
    spec = spec_rows()
    assert len(spec) >= 59
    for indicator_id, row in catalogue().items():
        assert indicator_id in spec, f"{indicator_id}: not in {SPEC.name}"
        name, definition, unit, polarity = spec[indicator_id][:4]
        assert (row["indicator_name"], row["unit"], row["polarity"]) == (name, unit, polarity), indicator_id
        assert row["definition"] == definition, indicator_id

"""Officers' commentary (runner/commentary.py): where notes are found, what happens to a misnamed or
unreadable one, and what a note can and cannot put on a page."""

from __future__ import annotations

from datetime import date

import pytest

from runner.commentary import load_notes, markdown_to_safe_html, markdown_to_text
from runner.errors import BadInput

KNOWN = ["contacts", "referrals", "index", "front-door"]


def write(folder, name: str, text: str | bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def test_notes_are_found_by_authority_and_reporting_date(tmp_path):
    write(tmp_path / "874" / "2025-03-31", "referrals.md", "Referrals rose.\n")
    write(tmp_path / "874" / "2025-03-31", "front-door.md", "A note on the page.\n")
    write(tmp_path / "874" / "2025-02-28", "referrals.md", "Last month's note.\n")
    write(tmp_path / "873" / "2025-03-31", "referrals.md", "Another authority's note.\n")
    write(tmp_path / "874" / "2025-03-31", "contacts.md", "   \n")  # empty: no note
    notes = load_notes("874", date(2025, 3, 31), KNOWN, tmp_path)
    assert notes.texts == {"referrals": "Referrals rose.", "front-door": "A note on the page."}
    assert notes.text("contacts") is None and notes.html("contacts") is None
    assert load_notes("874", date(2025, 1, 31), KNOWN, tmp_path).texts == {}  # no folder: no notes
    assert load_notes("999", date(2025, 3, 31), KNOWN, tmp_path / "nowhere").texts == {}


def test_a_misnamed_note_is_reported_and_an_unreadable_one_stops_the_run(tmp_path):
    folder = tmp_path / "874" / "2025-03-31"
    write(folder, "referal.md", "A typo in the name.\n")
    warnings: list[str] = []
    notes = load_notes("874", date(2025, 3, 31), KNOWN, tmp_path, warn=warnings.append)
    assert notes.texts == {}
    assert len(warnings) == 1 and "referal.md: no indicator or page is called 'referal'" in warnings[0]
    write(folder, "contacts.md", "caf\xe9 in Latin-1".encode("latin-1"))
    with pytest.raises(BadInput, match=r"contacts.md: a commentary note must be UTF-8 text"):
        load_notes("874", date(2025, 3, 31), KNOWN, tmp_path, warn=lambda m: None)


def test_the_folder_comes_from_the_environment_when_not_given(tmp_path, monkeypatch):
    write(tmp_path / "874" / "2025-03-31", "index.md", "From the environment.\n")
    monkeypatch.setenv("CSC_COMMENTARY_DIR", str(tmp_path))
    assert load_notes("874", date(2025, 3, 31), KNOWN).text("index") == "From the environment."


@pytest.mark.parametrize("note, shown, never", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script"),
    ("Text <b onclick=\"x()\">bold</b>", "&lt;b onclick=", "<b "),
    ("<div markdown=\"1\">**x**</div>", "&lt;div", "<div"),
    ("[click](javascript:alert(1))", "<a>click</a>", "javascript:"),
    ("[data](data:text/html,hi)", "<a>data</a>", "data:"),
    ("[proto](//evil.example/x)", "<a>proto</a>", "//evil"),
    ("![a chart](http://example.org/x.png)", "<span>a chart</span>", "<img"),
    ("<http://example.org>", 'href="http://example.org"', "<img"),
])
def test_a_note_cannot_inject_markup_scripts_or_fetches(note, shown, never):
    html = markdown_to_safe_html(note)
    assert shown in html and never not in html, html
    assert "\n\n" not in html  # one block inside the page's markdown


def test_a_note_keeps_its_ordinary_markdown():
    html = markdown_to_safe_html("Referrals **rose**; *see* `the plan`.\n\n1. one\n2. two\n\n"
                                 "[the plan](front-door.html#referrals) and [gov.uk](https://www.gov.uk)")
    assert "<strong>rose</strong>" in html and "<em>see</em>" in html and "<code>the plan</code>" in html
    assert "<ol>" in html and "<li>two</li>" in html
    assert '<a href="front-door.html#referrals">the plan</a>' in html
    assert '<a href="https://www.gov.uk" rel="noopener noreferrer">gov.uk</a>' in html
    assert markdown_to_text("Referrals **rose**.\n\n- one\n- two\n\n[plan](https://x.org/p)") == \
        "Referrals rose.\n\n• one\n• two\n\nplan (https://x.org/p)"

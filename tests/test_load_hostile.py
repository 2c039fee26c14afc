"""`runner load` on hostile or incomplete input (issue 14): one line and exit 2 for what cannot be read,
a warning naming what is missing, XML with a DTD or entities refused unread, and no date of birth on
the terminal."""

from __future__ import annotations

import zipfile

from tests.conftest import runner
from tests.load_samples import ANNEX_A, SSDA903, cin_child, cin_xml, write_903_csv, write_903_xml, write_annex_a

BOMB = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE Message [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
        '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n]>\n')


def one_line(run) -> str:
    assert "Traceback" not in run.output, run.output
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    return lines[0]


def test_a_census_whose_entities_expand_is_refused_unread(tmp_path):
    xml = cin_xml([cin_child("&d;")]).replace('<?xml version="1.0" encoding="utf-8"?>\n', BOMB)
    path = tmp_path / "bomb.xml"
    path.write_text(xml, encoding="utf-8")
    run = runner("load", "cin-census", path, "--out", tmp_path / "out", "--la", "874")
    assert run.returncode == 2, run.output
    line = one_line(run)
    assert str(path) in line and "line 2" in line and "refused" in line
    assert not (tmp_path / "out" / "874" / "ssd_person.csv").exists()


def test_an_ssda903_xml_with_an_external_entity_is_refused(tmp_path):
    path = write_903_xml(tmp_path / "903.xml")
    text = path.read_text(encoding="utf-8").replace(
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE EXPSSDA903 [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')
    path.write_text(text.replace("<CHILDID>1</CHILDID>", "<CHILDID>&x;</CHILDID>"), encoding="utf-8")
    run = runner("load", "ssda903", path, "--out", tmp_path / "out", "--la", "874")
    assert run.returncode == 2, run.output
    assert "refused" in one_line(run)


def test_an_annex_a_with_an_entity_in_a_sheet_is_refused(tmp_path):
    path = write_annex_a(tmp_path / "annex.xlsx")
    bombed = tmp_path / "bombed.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bombed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                if data.startswith(b"<?xml"):
                    data = data.split(b"?>", 1)[1].lstrip()
                data = BOMB.encode() + data
            dst.writestr(item, data)
    run = runner("load", "annex-a", bombed, "--out", tmp_path / "out", "--la", "874")
    assert run.returncode == 2, run.output
    assert "refused" in one_line(run)


def test_annex_a_given_an_xml_or_csv_file_is_one_line(tmp_path):
    for name, text in (("annex.xml", "<x/>"), ("annex.csv", "Child Unique ID,Gender\n1,Male\n"),
                       ("annex.xlsx", "not a zip at all")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        run = runner("load", "annex-a", path, "--out", tmp_path / "out", "--la", "874")
        assert run.returncode == 2, run.output
        assert str(path) in one_line(run)


def test_a_missing_annex_a_list_and_a_missing_903_header_are_warnings_naming_them(tmp_path):
    sheets = {name: value for name, value in ANNEX_A.items() if not name.startswith("List 3")}
    path = write_annex_a(tmp_path / "annex.xlsx", sheets)
    run = runner("load", "annex-a", path, "--out", tmp_path / "out", "--la", "874")
    assert run.returncode == 0, run.output
    assert "warning: annex.xlsx: no sheet for List 3" in run.stdout
    folder = write_903_csv(tmp_path / "903", {k: v for k, v in SSDA903.items() if k != "header"})
    run = runner("load", "ssda903", folder, "--out", tmp_path / "out903", "--la", "874")
    assert run.returncode == 0, run.output
    assert "warning: 903: no header file (e.g. header.csv)" in run.stdout


def test_the_census_loader_never_prints_a_date_of_birth(tmp_path):
    path = tmp_path / "cin.xml"
    path.write_text(cin_xml([cin_child("1", dob="2015-13-45"), cin_child("2", dob="31/02/2016")]), encoding="utf-8")
    run = runner("load", "cin-census", path, "--out", tmp_path / "out", "--la", "874")
    assert run.returncode == 0, run.output
    assert "PersonBirthDate (value withheld, shaped '9999-99-99') is not a date" in run.stdout
    assert "2015-13-45" not in run.output and "31/02/2016" not in run.output
    rejected = next((tmp_path / "out" / "_rejects" / "874").glob("*.csv")).read_text(encoding="utf-8")
    assert "2015-13-45" not in rejected and "31/02/2016" not in rejected

"""The published workbook: a documentation sheet, then every table of the package
as a sheet with typed cells, read back with openpyxl and with python-calamine and
compared with the package's own CSV files and with datapackage.json."""

from __future__ import annotations

import csv
import datetime as dt
import json
import pickle
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook

from seuranta.model.load import load_package
from seuranta.opendata.downloads import write_downloads


def published_resources(folder: Path) -> list[dict]:
    """The resources of the published datapackage.json (the repository's, plus status.csv)."""
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected(text: str, kind: str) -> object:
    """What a typed cell must hold for a CSV cell, read independently of the writer."""
    if text == "":
        return None
    return {"integer": int, "number": float, "date": dt.date.fromisoformat,
            "boolean": lambda t: t == "true"}.get(kind, str)(text)


def test_every_sheet_has_typed_cells_in_openpyxl_and_calamine(tmp_path, package_dir):
    write_downloads(load_package(package_dir()), tmp_path)
    resources = published_resources(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "seuranta.xlsx", read_only=True)
    calamine = CalamineWorkbook.from_path(str(tmp_path / "seuranta.xlsx"))
    assert book.sheetnames == calamine.sheet_names == ["Tietoa", *(r["name"] for r in resources)]
    seen: dict[str, int] = {"integer": 0, "number": 0, "date": 0, "boolean": 0}
    for resource in resources:
        fields = resource["schema"]["fields"]
        rows = csv_rows(tmp_path / resource["path"])  # the published CSV, every column of the contract
        by_openpyxl = [list(r) for r in book[resource["name"]].iter_rows(values_only=True)]
        by_calamine = calamine.get_sheet_by_name(resource["name"]).to_python(skip_empty_area=False)
        for sheet in (by_openpyxl, by_calamine):
            assert list(sheet[0]) == [f["title"] for f in fields]  # Finnish titles first
            assert list(sheet[1]) == [f["name"] for f in fields]  # the code names beneath
            assert len(sheet) == len(rows) + 2, resource["name"]
        for row, a, b in zip(rows, by_openpyxl[2:], by_calamine[2:], strict=True):
            for n, f in enumerate(fields):
                want = expected(row[f["name"]], f["type"])
                got_a = a[n] if n < len(a) else None
                got_b = b[n] if b[n] != "" else None  # calamine reads an empty cell as ""
                if f["type"] == "date" and want is not None:
                    assert isinstance(got_a, dt.datetime) and got_a.date() == want  # openpyxl: a datetime
                    assert type(got_b) is dt.date and got_b == want
                else:
                    assert got_a == want and got_b == want, (resource["name"], f["name"], want, got_a, got_b)
                    assert type(got_a) is type(want) or f["type"] in ("number", "integer")
                if want is not None and f["type"] in seen:
                    assert not isinstance(got_b, str), (resource["name"], f["name"])  # typed, not text
                    seen[f["type"]] += 1
    assert all(count > 0 for count in seen.values()), seen


def own_descriptor(data: Path) -> dict:
    """Give the package in `data` its own datapackage.json (a version and a release)."""
    described = {"name": "oma-paketti", "title": "Oma paketti", "version": "3.1.0",
                 "x_releases": [{"version": "3.1.0", "date": "2025-05-05", "note_fi": "Uusi.", "note_sv": "Ny."}],
                 "x_contract_version": "1.1"}
    (data / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    return described


def test_the_first_sheet_documents_every_column_of_every_sheet(tmp_path, package_dir):
    data = package_dir()
    own = own_descriptor(data)
    write_downloads(load_package(data), tmp_path)
    sheet = CalamineWorkbook.from_path(str(tmp_path / "seuranta.xlsx")).get_sheet_by_name("Tietoa").to_python()
    header_at = next(n for n, row in enumerate(sheet) if row[0] == "Välilehti / Flik")
    header = sheet[header_at]
    documented = {(row[0], row[1]): dict(zip(header, row, strict=True)) for row in sheet[header_at + 1:]}
    for resource in published_resources(tmp_path):
        assert (resource["name"], "") in documented  # the sheet itself, with its meaning
        for f in resource["schema"]["fields"]:
            doc = documented[(resource["name"], f["name"])]
            assert doc["Otsikko"] == f["title"] and doc["Rubrik"] == f["x_title_sv"]
            assert doc["Merkitys"] == f["description"] and doc["Betydelse"] == f["x_description_sv"]
            for code in f.get("constraints", {}).get("enum", []):
                assert code in doc["Koodit ja sallitut arvot / Koder och tillåtna värden"]
            assert doc["Yksikkö / Enhet"] == f.get("x_unit", "")
    # The package's own title, version and release date, not the repository's.
    assert sheet[0][0] == own["title"] and sheet[2][0] == "Versio / Version 3.1.0, 5.5.2025"


def test_headers_are_frozen_filtered_and_dates_shown_the_finnish_way(tmp_path, package_dir):
    write_downloads(load_package(package_dir()), tmp_path)
    book = openpyxl.load_workbook(tmp_path / "seuranta.xlsx")
    sheet = book["observations"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row}"
    assert sheet["C3"].is_date and sheet["C3"].number_format == "d.m.yyyy"
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJ")
    assert book["Tietoa"].freeze_panes is not None and book["Tietoa"].auto_filter.ref


def test_text_that_looks_like_a_formula_stays_text(tmp_path, package_dir):
    data = package_dir()
    text = (data / "observations.csv").read_text(encoding="utf-8")
    first = text.splitlines()[1]
    assert first.endswith(",,")  # note_fi, note_sv empty in the minimal package
    (data / "observations.csv").write_text(text.replace(first, first[:-2] + ',"=1+1",', 1), encoding="utf-8")
    write_downloads(load_package(data), tmp_path)
    cell = openpyxl.load_workbook(tmp_path / "seuranta.xlsx")["observations"]["H3"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_pandas_reads_the_same_values_as_the_csv(tmp_path, package_dir):
    data = package_dir()
    write_downloads(load_package(data), tmp_path)
    frame = pd.read_excel(tmp_path / "seuranta.xlsx", sheet_name="observations", header=1, engine="calamine")
    csv_frame = pd.read_csv(data / "observations.csv")
    assert frame["value"].sum() == csv_frame["value"].sum()
    assert list(frame["period_start"].dt.date) == [dt.date.fromisoformat(d) for d in csv_frame["period_start"]]


def test_workbook_is_byte_identical_across_builds(tmp_path, package_dir):
    data = package_dir()
    released = own_descriptor(data)["x_releases"][0]["date"]
    package = load_package(data)
    write_downloads(package, tmp_path / "a")
    write_downloads(package, tmp_path / "b", cache_dir=tmp_path / "cache")
    write_downloads(package, tmp_path / "c")
    assert (tmp_path / "a" / "seuranta.xlsx").read_bytes() == (tmp_path / "c" / "seuranta.xlsx").read_bytes()
    assert (tmp_path / "a" / "seuranta.xlsx").read_bytes() == (tmp_path / "b" / "seuranta.xlsx").read_bytes()
    # Not only because the builds ran in the same second: nothing in the file comes from the clock.
    with zipfile.ZipFile(tmp_path / "a" / "seuranta.xlsx") as z:
        dates = {i.date_time for i in z.infolist()}
        core = z.read("docProps/core.xml").decode()
    assert len(dates) == 1 and next(iter(dates))[0] == 1980  # XlsxWriter's fixed date, the same for every entry
    assert core.count(f"{released}T00:00:00Z") == 2  # created and modified: the data's release date


def test_workbook_bytes_do_not_depend_on_the_time_zone(monkeypatch):
    """XlsxWriter dates its zip entries through the local time zone; the date it stores must not move."""
    from seuranta.opendata.xlsx import workbook

    described = {"name": "t", "resources": [{"name": "s", "schema": {"fields": [{"name": "d", "type": "date"}]}}]}
    made = []
    for zone in ("UTC", "Pacific/Kiritimati", "America/Los_Angeles"):  # UTC+14 and UTC-8 in January
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        made.append(workbook(described, {"s": [["2024-10-08"]]}, dt.date(2025, 1, 1), []))
    monkeypatch.undo()
    time.tzset()
    assert made[0] == made[1] == made[2]


def test_published_numbers_are_exactly_the_data(package_dir, tmp_path):
    data = package_dir()
    text = (data / "observations.csv").read_text(encoding="utf-8").replace("97.7", "97.7123456789")
    (data / "observations.csv").write_text(text, encoding="utf-8")
    write_downloads(load_package(data), tmp_path)
    assert "97.7123456789" in (tmp_path / "observations.csv").read_text(encoding="utf-8")
    assert "97.7123456789" in (tmp_path / "observations.json").read_text(encoding="utf-8")
    values = [r[4] for r in openpyxl.load_workbook(tmp_path / "seuranta.xlsx")["observations"].iter_rows(
        min_row=3, values_only=True)]
    assert 97.7123456789 in values


def test_awkward_cells_read_back_as_written(tmp_path):
    """Text XML must escape, spaces at either end, line breaks, text that looks like a
    formula or a number, like XlsxWriter's rich-text markup or like Excel's escapes,
    very small and large numbers, booleans and dates, written into a sheet by
    xlsx.workbook and read back by openpyxl and calamine."""
    from seuranta.opendata.xlsx import workbook

    fields = [{"name": "text", "type": "string"}, {"name": "number", "type": "number"},
              {"name": "count", "type": "integer"}, {"name": "flag", "type": "boolean"},
              {"name": "day", "type": "date"}]
    texts = ['<b>"a" & b</b>', "  spaces at both ends ", "rivi 1\nrivi 2", "=SUM(A1:A2)", "0012", "ä – 😀"]
    rows = [[text, number, count, flag, day] for text, number, count, flag, day in zip(
        texts, ["0.1", "-1e-07", "123456789012.5", "97.7123456789", "50", ""],
        ["0", "-3", "1133", "", "2", "9007199254740991"], ["true", "false", "", "true", "false", "true"],
        ["2024-10-08", "1900-03-01", "2099-12-31", "", "2024-02-29", "2000-01-01"], strict=True)]
    rows += [[text, "", "", "", ""] for text in ("<r>x & y</r>", "<r><t>z</t></r>", "<r>_x0041__x0042_</r>",
                                                 "_x0041_", "a\r\nb", "tab\tthere", " <r>")]
    described = {"name": "t", "resources": [{"name": "awkward", "schema": {"fields": fields}}]}
    (tmp_path / "t.xlsx").write_bytes(workbook(described, {"awkward": rows}, dt.date(2025, 1, 1), []))
    by_openpyxl = [list(r) for r in openpyxl.load_workbook(tmp_path / "t.xlsx")["awkward"].iter_rows(
        min_row=3, values_only=True)]
    by_calamine = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")).get_sheet_by_name("awkward").to_python(
        skip_empty_area=False)[2:]
    assert len(by_openpyxl) == len(by_calamine) == len(rows)
    for row, a, b in zip(rows, by_openpyxl, by_calamine, strict=True):
        for n, f in enumerate(fields):
            want = expected(row[n], f["type"])
            got_a, got_b = (a[n] if n < len(a) else None), (b[n] if b[n] != "" else None)
            if f["type"] == "date" and want is not None:
                assert got_a.date() == want and got_b == want
            else:
                assert got_b == want, (f["name"], row[n], got_b)
                # openpyxl does not decode Excel's escapes (_x000D_ for a carriage return) as Excel and
                # calamine do; openpyxl's own decoder does.
                assert want in (got_a, unescape(got_a) if isinstance(got_a, str) else got_a), (row[n], got_a)
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx")["awkward"]["A6"]
    assert (cell.value, cell.data_type) == ("=SUM(A1:A2)", "s")  # text, never a formula


AWKWARD_FIELDS = [{"name": "text", "type": "string"}, {"name": "number", "type": "number"},
                  {"name": "count", "type": "integer"}, {"name": "flag", "type": "boolean"},
                  {"name": "day", "type": "date"}, {"name": "yes", "type": "boolean", "trueValues": ["kyllä"]}]
AWKWARD_ROWS = [
    ['<b>"a" & b</b>', "0.1", "0", "true", "2024-10-08", "kyllä"],
    ["  spaces at both ends ", "-1e-07", "-3", "false", "1900-03-01", "true"],
    ["rivi 1\nrivi 2", "123456789012.5", "1133", "", "2099-12-31", ""],
    ["=SUM(A1:A2)", "97.7123456789", "", "true", "", "kyllä"],
    ["0012", "50", "2", "false", "2024-02-29", ""], ["ä – 😀", "", "9007199254740991", "true", "2000-01-01", ""],
    ["_x0041_ and _x005F_", "1e+300", "-0", "", "1900-01-01", ""], ["a\r\nb", "0.30000000000000004", "", "", "", ""],
    ["tab\tthere", "", "", "", "", ""], [" <r>", "", "", "", "", ""], ["", "", "", "", "", ""],
    ["'quoted' > less <", "-0.0", "10", "", "1999-12-31", ""], ["x" * 16_383, "", "", "", "", ""],
]


def test_rows_written_directly_are_what_xlsxwriter_writes(monkeypatch):
    """A block of a table's rows is written as XML by Seuranta itself (xlsx._block_xml):
    byte for byte what XlsxWriter writes for the same cells, for every kind of cell.
    Texts XlsxWriter treats apart (rich-text markup, characters XML cannot carry, very
    long texts) are left to XlsxWriter, also byte for byte."""
    from seuranta.opendata import blocks, xlsx

    monkeypatch.setattr(blocks, "BLOCK_ROWS", 4)  # rows in several blocks
    rows = AWKWARD_ROWS + [["<r>x & y</r>", "", "", "", "", ""], ["a\x01b", "1", "", "", "", ""],
                           ["ä" * 20_000, "", "", "", "", ""], *AWKWARD_ROWS[:3]]
    described = {"name": "t", "resources": [{"name": "awkward", "schema": {"fields": AWKWARD_FIELDS}}]}
    direct = xlsx.workbook(described, {"awkward": rows}, dt.date(2025, 1, 1), [])
    written = []
    block_xml = xlsx._block_xml
    monkeypatch.setattr(xlsx, "_block_xml", lambda *args: written.append(block_xml(*args)))  # XlsxWriter's
    assert xlsx.workbook(described, {"awkward": rows}, dt.date(2025, 1, 1), []) == direct
    # 19 rows in blocks of 4; the 4th block holds the rich-text markup and is left to XlsxWriter
    assert [xml is None for xml in written] == [False, False, False, True, False]


def test_text_excel_cannot_hold_is_cut_and_cleaned(tmp_path):
    """Excel keeps 32,767 characters in a cell and XML carries no control characters but
    tab and line breaks: longer text is cut there, the other control characters dropped."""
    from seuranta.opendata.xlsx import workbook

    described = {"name": "t", "resources": [{"name": "s", "schema": {"fields": [{"name": "t", "type": "string"}]}}]}
    rows = [["ä" * 40_000], ["a\x01b\x0bc\x1fd\te\nf"]]
    (tmp_path / "t.xlsx").write_bytes(workbook(described, {"s": rows}, dt.date(2025, 1, 1), []))
    read = [r[0] for r in openpyxl.load_workbook(tmp_path / "t.xlsx")["s"].iter_rows(min_row=3, values_only=True)]
    assert read == ["ä" * 32_767, "abcd\te\nf"]
    calamine = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")).get_sheet_by_name("s").to_python()
    assert [r[0] for r in calamine[2:]] == read


def test_a_workbook_from_kept_blocks_of_rows_is_the_one_made_anew(monkeypatch):
    """Blocks of rows kept from one workbook (blocks.Blocks) are put back into the next:
    after a changed value, an inserted or a removed row, the workbook is byte for byte
    the one made without them, and only the blocks that did not change were kept."""
    from seuranta.opendata import blocks, xlsx

    monkeypatch.setattr(blocks, "BLOCK_ROWS", 3)  # several blocks from a few rows
    fields = [{"name": "text", "type": "string"}, {"name": "number", "type": "number"},
              {"name": "day", "type": "date"}, {"name": "flag", "type": "boolean"}]
    described = {"name": "t", "resources": [{"name": "s", "schema": {"fields": fields}},
                                            {"name": "u", "schema": {"fields": fields[:2]}}]}
    rows = [[f"rivi {n}", str(n * 1.5), f"2024-01-{n + 1:02}", "true" if n % 2 else "false"] for n in range(10)]
    rows[4] = ["", "", "", ""]  # an empty row
    rows[7][1] = ""  # an empty cell
    first = blocks.Blocks()
    xlsx.workbook(described, {"s": rows, "u": [r[:2] for r in rows[:4]]}, dt.date(2025, 1, 1), [], first)
    assert len(first.made) == 4 + 2 and first.reused == 0
    changed_value = [list(r) for r in rows]
    changed_value[5][1] = "99"
    for changed, blocks_kept in ((changed_value, 5), (rows[:3] + [["uusi", "1", "", ""]] + rows[3:], 3),
                                 (rows[:-1], 5), (rows, 6)):
        tables = {"s": changed, "u": [r[:2] for r in rows[:4]]}
        again = blocks.Blocks(first.made)
        kept = xlsx.workbook(described, tables, dt.date(2025, 1, 1), [], again)
        assert kept == xlsx.workbook(described, tables, dt.date(2025, 1, 1), [])
        assert again.reused == blocks_kept


def test_write_downloads_with_a_kept_workbook_cache_equals_one_without(tmp_path, package_dir):
    data = package_dir()
    write_downloads(load_package(data), tmp_path / "first", cache_dir=tmp_path / "cache")
    text = (data / "observations.csv").read_text(encoding="utf-8")
    (data / "observations.csv").write_text(text.replace("97.7", "97.8", 1), encoding="utf-8")
    package = load_package(data)
    write_downloads(package, tmp_path / "kept", cache_dir=tmp_path / "cache")
    write_downloads(package, tmp_path / "anew")
    kept, anew = ((tmp_path / name / "seuranta.xlsx").read_bytes() for name in ("kept", "anew"))
    assert kept == anew != (tmp_path / "first" / "seuranta.xlsx").read_bytes()
    assert 97.8 in [r[4] for r in openpyxl.load_workbook(tmp_path / "kept" / "seuranta.xlsx")["observations"]
                    .iter_rows(min_row=3, values_only=True)]


def test_a_spoilt_cache_of_blocks_is_ignored(tmp_path, package_dir):
    """The blocks kept in the cache (blocks.py) are checked, not trusted: from a file
    that is not a pickle, not a dict of blocks, empty, or whose blocks have the wrong
    shape, every file is what a write without a cache makes."""
    package = load_package(package_dir())
    write_downloads(package, tmp_path / "anew")
    write_downloads(package, tmp_path / "first", cache_dir=tmp_path / "cache")
    (kept,) = (tmp_path / "cache").glob("blocks-*")
    keys = list(pickle.loads(kept.read_bytes()))
    assert len(keys) > 20  # every table, in each kind of file
    shapes = [42, "text, not bytes", ("a", 1, 2), (1, 2), None]
    wrong_shapes = {key: shapes[n % len(shapes)] for n, key in enumerate(keys)}
    for spoilt in (b"not a pickle", pickle.dumps(["a list, not blocks"]), b"", pickle.dumps(wrong_shapes)):
        kept.write_bytes(spoilt)
        write_downloads(package, tmp_path / "again", cache_dir=tmp_path / "cache")
        files = sorted(p.relative_to(tmp_path / "anew") for p in (tmp_path / "anew").rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*")
                               if p.is_file())
        for name in files:
            assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "anew" / name).read_bytes(), name


def test_a_blocks_used_range_is_its_first_and_last_filled_row_and_column():
    """xlsx._used_range searches from either end: the same rows and columns as looking
    at every cell, for blocks of every shape (ragged, empty rows and columns)."""
    import random

    from seuranta.opendata.xlsx import _used_range

    rng = random.Random(14)
    for _ in range(3000):
        block = [[rng.choice(["", "", "x"]) for _ in range(rng.randint(0, 5))] for _ in range(rng.randint(1, 6))]
        cells = [(r, n) for r, row in enumerate(block) for n, text in enumerate(row) if text]
        expected = None if not cells else (min(r for r, _ in cells), max(r for r, _ in cells),
                                           min(n for _, n in cells), max(n for _, n in cells))
        assert _used_range(block) == expected, block

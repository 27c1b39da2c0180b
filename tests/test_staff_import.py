"""`seuranta import`: spreadsheets as Excel and LibreOffice save them, in and out."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from seuranta.check.schema import load_schema
from seuranta.check.validate import validate
from seuranta.model.load import load_package
from seuranta.opendata.downloads import write_downloads
from seuranta.settings import DESCRIPTOR
from seuranta.staff.spreadsheet import ImportRefused, import_file

EXCEL_HEADER = "indicator_id;area_id;period_start;period_end;value;value_status;note_fi;note_sv\r\n"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def finnish_excel_csv(rows: list[str]) -> bytes:
    """As "CSV (luetteloerotin)" saves it on a Finnish Windows: semicolons, CRLF, Windows-1252."""
    return (EXCEL_HEADER + "".join(r + "\r\n" for r in rows)).encode("cp1252")


def test_a_finnish_excel_csv_becomes_the_contracts_csv(package_dir, tmp_path):
    data = package_dir()
    original = (data / "observations.csv").read_text(encoding="utf-8")
    saved = tmp_path / "observations (1).csv"  # as a browser names a second download
    saved.write_bytes(finnish_excel_csv([
        "testi-osuus;testi-alue;1.1.2025;31.12.2025;98,5;preliminary;Päivitetty ennakkotieto;",  # a new row first
        "testi-asiakkaat;testi-alue;8.10.2024;8.10.2024;1\u00a0133;final;;",
        "testi-asiakkaat;testi-alue;1.1.2025;30.4.2025;1064;preliminary;;",
        "testi-asiakkaat;testi-alue;1.1.2025;31.8.2025;;suppressed;Alle 5;Under 5",
        "testi-osuus;testi-alue;1.1.2023;31.12.2023;97,7;final;;",
        "testi-osuus;koko-maa;1.1.2023;31.12.2023;95,1;final;;",
        "testi-osuus;testi-alue;1.1.2024;31.12.2024;;not_available;Ei luotettavaa tietoa;Inga tillförlitliga uppgifter",
    ]))
    done = import_file(saved, data)
    # The table keeps its order (a small diff); the new row comes last, its text decoded right.
    assert (data / "observations.csv").read_text(encoding="utf-8") == \
        original + "testi-osuus,testi-alue,2025-01-01,2025-12-31,98.5,preliminary,Päivitetty ennakkotieto,\n"
    codes = {n.code for n in done.conversions}
    assert {"import.cp1252", "import.semicolons", "import.finnish_date", "import.thousands",
            "import.decimal_comma"} <= codes
    assert any((n.row, n.column, n.value, n.result) == (3, "value", "1\u00a0133", "1133") for n in done.conversions)
    assert validate(data).errors == []


def test_utf8_with_a_byte_order_mark_and_commas_is_read_as_it_is(package_dir, tmp_path):
    data = package_dir()
    saved = tmp_path / "goals.csv"
    saved.write_bytes(b"\xef\xbb\xbf" + (data / "goals.csv").read_bytes().replace(b"Toinen", b"T\xc3\xb6inen"))
    done = import_file(saved, data)
    assert done.conversions == []
    assert "Töinen tavoite" in (data / "goals.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("cell", "column"), [("paljon", "value"), ("31.2.2025", "period_end"), ("12 %", "value")])
def test_what_cannot_be_converted_is_refused_and_nothing_is_written(package_dir, tmp_path, cell, column):
    data = package_dir()
    before = snapshot(data)
    row = {"value": f"testi-osuus;testi-alue;1.1.2025;31.12.2025;{cell};final;;",
           "period_end": f"testi-osuus;testi-alue;1.1.2025;{cell};98,5;final;;"}[column]
    saved = tmp_path / "observations.csv"
    saved.write_bytes(finnish_excel_csv([row, "testi-osuus;koko-maa;1.1.2023;31.12.2023;95,1;final;;"]))
    with pytest.raises(ImportRefused) as refused:
        import_file(saved, data)
    assert [(n.where, n.row, n.column) for n in refused.value.refusals] == [("observations.csv", 2, column)]
    assert snapshot(data) == before


def test_the_published_workbook_round_trips(package_dir, tmp_path):
    data = package_dir()
    write_downloads(load_package(data), tmp_path / "published")
    target = tmp_path / "target"
    shutil.copytree(data, target)
    import_file(tmp_path / "published" / "seuranta.xlsx", target)
    assert load_package(target) == load_package(data)  # the same data, every table


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("case", ["valid-minimal", "contract-1.1"])
def test_download_then_import_without_edits_gives_back_the_same_files(package_dir, tmp_path, case):
    """Byte for byte: numbers as the folder wrote them (50.0 stays 50.0), empty cells
    where the workbook shows a default, and no column or optional table the folder
    lacks (the workbook has every one of the contract)."""
    data = package_dir(case)
    write_downloads(load_package(data), tmp_path / "published")
    target = tmp_path / "target"
    shutil.copytree(data, target)
    import_file(tmp_path / "published" / "seuranta.xlsx", target)
    assert files(target) == files(data)


@pytest.mark.slow
def test_the_fixture_site_s_workbook_imports_back_to_its_own_files(fixture_site, tmp_path):
    """The workbook the built fixture site publishes, imported unedited into a copy of
    the fixture's data, leaves every file as it was; one edited cell changes one line."""
    from conftest import SITE_DATA

    target = tmp_path / "data"
    shutil.copytree(SITE_DATA, target)
    import_file(fixture_site / "data" / "seuranta.xlsx", target)
    assert files(target) == files(SITE_DATA)
    book = openpyxl.load_workbook(fixture_site / "data" / "seuranta.xlsx")
    sheet = book["observations"]
    [cell] = [row[4] for row in sheet.iter_rows(min_row=3) if row[4].value == 1133]
    cell.value = 1144
    book.save(tmp_path / "edited.xlsx")
    import_file(tmp_path / "edited.xlsx", target)
    before = (SITE_DATA / "observations.csv").read_text(encoding="utf-8").splitlines()
    after = (target / "observations.csv").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1] == changed[0][0].replace(",1133,", ",1144,")
    assert {k: v for k, v in files(target).items() if k != "observations.csv"} == {
        k: v for k, v in files(SITE_DATA).items() if k != "observations.csv"}


def workbook_with(tmp_path: Path, data: Path, edit) -> Path:
    write_downloads(load_package(data), tmp_path / "published")
    book = openpyxl.load_workbook(tmp_path / "published" / "seuranta.xlsx")
    edit(book)
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_a_formula_is_refused_with_its_sheet_row_and_column(package_dir, tmp_path):
    data = package_dir()
    path = workbook_with(tmp_path, data, lambda book: book["observations"].__setitem__("E3", "=1000+64"))
    before = snapshot(data)
    with pytest.raises(ImportRefused) as refused:
        import_file(path, data)
    assert [(n.where, n.row, n.column, n.code) for n in refused.value.refusals] == [
        ("observations", 3, "E", "import.formula")]
    assert snapshot(data) == before


def test_a_merged_header_cell_is_refused(package_dir, tmp_path):
    data = package_dir()
    path = workbook_with(tmp_path, data, lambda book: book["goals"].merge_cells("D1:E1"))
    with pytest.raises(ImportRefused) as refused:
        import_file(path, data)
    assert ("goals", 1, "import.merged_header") in [(n.where, n.row, n.code) for n in refused.value.refusals]


def test_the_command_says_what_it_converted_and_refuses_plainly(package_dir, tmp_path):
    data = package_dir()
    saved = tmp_path / "observations.csv"
    saved.write_bytes(finnish_excel_csv(["testi-osuus;koko-maa;1.1.2023;31.12.2023;95,1;final;;"]))
    run = [sys.executable, "-m", "seuranta.cli", "import", str(saved), "--into", str(data)]
    done = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "desimaalipilkku muutettu pisteeksi" in done.stdout and "observations.csv" in done.stdout
    saved.write_bytes(finnish_excel_csv(["testi-osuus;koko-maa;1.1.2023;31.12.2023;paljon;final;;"]))
    done = subprocess.run([*run, "--lang", "sv"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "observations.csv:2: value: är inte ett tal ('paljon')" in done.stderr


def test_columns_the_spreadsheet_lacks_are_kept_from_the_data_folder(package_dir, tmp_path):
    """A sheet saved without an optional column (here document_id, value_max) must not erase it."""
    data = package_dir("contract-1.1")
    (data / "README.md").unlink()
    before = (data / "observations.csv").read_text(encoding="utf-8")
    saved = tmp_path / "observations.csv"
    saved.write_bytes(finnish_excel_csv([
        "testi-asiakkaat;testi-alue;8.10.2024;8.10.2024;1133;final;;",
        "testi-asiakkaat;testi-alue;1.1.2025;30.4.2025;1064;preliminary;;",
        "testi-asiakkaat;testi-alue;1.1.2025;31.8.2025;;suppressed;Alle 5;Under 5",
        "testi-osuus;testi-alue;1.1.2023;31.12.2023;97,7;final;;",
        "testi-osuus;koko-maa;1.1.2023;31.12.2023;95,1;final;;",
        "testi-osuus;testi-alue;1.1.2024;31.12.2024;;not_available;Ei luotettavaa tietoa;Inga tillförlitliga uppgifter",
        "testi-mitoitus;testi-alue;8.5.2025;8.5.2025;26;final;;",
        "testi-sosiaalityontekijat;testi-alue;31.12.2024;31.12.2024;3;final;;",
    ]))
    done = import_file(saved, data)
    assert (data / "observations.csv").read_text(encoding="utf-8") == before
    assert any(n.code == "import.columns_kept" and "document_id" in n.column for n in done.conversions)


def test_rows_the_spreadsheet_no_longer_has_are_counted(package_dir, tmp_path):
    data = package_dir()
    saved = tmp_path / "observations.csv"
    saved.write_bytes(finnish_excel_csv(["testi-osuus;koko-maa;1.1.2023;31.12.2023;95,1;final;;"]))
    done = import_file(saved, data)
    assert [(n.code, n.value) for n in done.conversions if n.code == "import.rows_removed"] == [
        ("import.rows_removed", "5")]


@pytest.mark.parametrize(("row", "code"), [
    ("testi-osuus;koko-maa;1.1.2023;31.12.2023;95,1;final;;;Lisätieto", "import.extra_cell"),
])
def test_a_value_beyond_the_header_is_refused(package_dir, tmp_path, row, code):
    data = package_dir()
    before = snapshot(data)
    saved = tmp_path / "observations.csv"
    saved.write_bytes(finnish_excel_csv([row]))
    with pytest.raises(ImportRefused) as refused:
        import_file(saved, data)
    assert [n.code for n in refused.value.refusals] == [code]
    assert snapshot(data) == before


def test_the_folder_table_may_itself_be_an_excel_save(package_dir, tmp_path):
    """Importing over a table that was saved as Windows-1252 with semicolons does not crash."""
    data = package_dir()
    rows = (data / "goals.csv").read_text(encoding="utf-8").replace(",", ";").replace("Toinen", "Töinen")
    (data / "goals.csv").write_bytes(rows.encode("cp1252"))
    saved = tmp_path / "goals.csv"
    saved.write_bytes(rows.encode("cp1252"))
    import_file(saved, data)
    assert "Töinen tavoite" in (data / "goals.csv").read_text(encoding="utf-8")


def test_swedish_titles_or_code_names_alone_are_read_too(package_dir, tmp_path):
    """The published workbook has Finnish titles over the code names; a sheet with
    Swedish titles, or with the code names only (an older workbook), imports the same."""
    data = package_dir()
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    swedish = {r["name"]: [f["x_title_sv"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}

    def edit(book):
        for n, cell in enumerate(book["observations"][1]):
            cell.value = swedish["observations"][n]
        book["observations"].delete_rows(2)  # no code-name row
        book["goals"].delete_rows(1)  # the code names only

    path = workbook_with(tmp_path, data, edit)
    target = tmp_path / "target"
    shutil.copytree(data, target)
    import_file(path, target)
    assert load_package(target) == load_package(data)


def test_an_unknown_title_is_refused_with_its_sheet_and_column(package_dir, tmp_path):
    data = package_dir()
    path = workbook_with(tmp_path, data, lambda book: book["observations"].__setitem__("E1", "Arvo (muutettu)"))
    before = snapshot(data)
    with pytest.raises(ImportRefused) as refused:
        import_file(path, data)
    assert ("observations", 1, "Arvo (muutettu)", "import.unknown_column") in [
        (n.where, n.row, n.column, n.code) for n in refused.value.refusals]
    assert snapshot(data) == before


def test_titles_name_one_column_each():
    """A Finnish or Swedish title must lead back to exactly one column of its table."""
    for resource in load_schema().values():
        names = {f.name for f in resource.fields}
        seen: dict[str, str] = {}
        for f in resource.fields:
            for title in {f.title.casefold(), f.title_sv.casefold()}:
                assert title and title not in names, (resource.name, f.name, title)
                assert seen.setdefault(title, f.name) == f.name, (resource.name, title)


def test_an_unchanged_value_keeps_the_folder_s_text():
    from seuranta.staff.spreadsheet import same_value

    schema = load_schema()
    value, cumulative = schema["observations"].field("value"), schema["indicators"].field("cumulative")
    title = schema["goals"].field("title_fi")
    assert same_value(value, "12.1", "12.10") and same_value(value, "50", "50.0")
    assert not same_value(value, "12.2", "12.10") and not same_value(value, "", "12.10")
    assert same_value(cumulative, "false", "") and not same_value(cumulative, "true", "")
    assert not same_value(value, "0", "")  # no default: an empty value stays a change
    assert same_value(title, "Tavoite", "Tavoite") and not same_value(title, "Tavoite", "Tavoite ")

"""The published packages: the whole package zipped, one package per organisation,
JSON per indicator. Written with write_downloads from the fixture site's data
(no site built) and read back with frictionless, csv and jsonschema."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from conftest import fixture_rows
from frictionless import Package, system

from seuranta.check.schema import load_schema
from seuranta.opendata.downloads import write_downloads

RESOURCES = load_schema()


@pytest.fixture(scope="module")
def published(tmp_path_factory, fixture_package) -> Path:
    out = tmp_path_factory.mktemp("published") / "data"
    write_downloads(fixture_package, out)
    return out


def validate(descriptor: Path) -> None:
    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["resource", "rowNumber", "fieldName", "type", "note"])[:5]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def same_cell(published: str, source: str, field_type: str, default: str | None) -> bool:
    """A published cell says what the data's cell says: the same number, or the
    same text, or for an empty cell the column's default."""
    if source == "":
        return published == (default or "")
    if field_type in ("number", "integer"):
        return float(published) == float(source)
    return published == source


def assert_rows_are_the_datas(folder: Path, tables: dict[str, list[dict[str, str]]]) -> None:
    for name, resource in RESOURCES.items():
        rows = read_csv(folder / resource.filename)
        assert len(rows) == len(tables[name]), name
        for row, source in zip(rows, tables[name], strict=True):
            for column, text in source.items():
                field = resource.field(column)
                assert same_cell(row[column], text, field.type, field.default), (name, column, row[column], text)


def test_the_archive_is_the_whole_package(published, tmp_path):
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(published / "seuranta-data.zip") as z:
        names = z.namelist()
        z.extractall(unzipped)
    assert names == ["datapackage.json", *[r.filename for r in RESOURCES.values()], "status.csv"]
    validate(unzipped / "datapackage.json")
    for name in names:  # the same files as published beside it
        assert (unzipped / name).read_bytes() == (published / name).read_bytes(), name
    assert_rows_are_the_datas(unzipped, {name: fixture_rows(name) for name in RESOURCES})
    assert [r["indicator_id"] for r in read_csv(unzipped / "status.csv")] == [
        r["id"] for r in fixture_rows("indicators")]


def test_the_archive_is_byte_identical_across_builds(fixture_package, published, tmp_path):
    write_downloads(fixture_package, tmp_path / "again")
    assert (tmp_path / "again" / "seuranta-data.zip").read_bytes() == (published / "seuranta-data.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO((published / "seuranta-data.zip").read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_unchanged_files_are_not_written_again(fixture_package, tmp_path):
    """write_downloads runs on every rebuild: with the same data it writes nothing."""
    out = tmp_path / "data"
    write_downloads(fixture_package, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    write_downloads(fixture_package, out)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_a_changed_table_changes_the_archive(package_dir, tmp_path):
    from seuranta.model.load import load_package

    data = package_dir()
    out = tmp_path / "data"
    write_downloads(load_package(data), out)
    before = (out / "seuranta-data.zip").read_bytes()
    text = (data / "observations.csv").read_text(encoding="utf-8").replace("97.7", "97.8")
    (data / "observations.csv").write_text(text, encoding="utf-8")
    write_downloads(load_package(data), out)
    with zipfile.ZipFile(out / "seuranta-data.zip") as z:
        assert "97.8" in z.read("observations.csv").decode("utf-8")
    assert (out / "seuranta-data.zip").read_bytes() != before

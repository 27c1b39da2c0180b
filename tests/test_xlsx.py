"""The published workbook: every table of the package as a sheet, read back with
openpyxl and compared with the package's own CSV files."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd

from seuranta.check.schema import load_schema
from seuranta.model.load import load_package
from seuranta.opendata.downloads import write_downloads


def test_workbook_holds_every_table_with_numbers_as_numbers(tmp_path, package_dir):
    data = package_dir()
    write_downloads(load_package(data), tmp_path)
    book = openpyxl.load_workbook(tmp_path / "seuranta.xlsx", read_only=True)
    resources = load_schema()
    assert book.sheetnames == list(resources)
    numbers_seen = 0
    for name, resource in resources.items():
        sheet = [list(r) for r in book[name].iter_rows(values_only=True)]
        assert sheet[0] == [f.name for f in resource.fields]  # every column of the contract, in order
        if not (data / resource.filename).exists():  # an optional file the package leaves out
            assert len(sheet) == 1, name
            continue
        with open(data / resource.filename, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(sheet) == len(rows) + 1, name
        types = {f.name: f.type for f in resource.fields}
        defaults = {f.name: f.default for f in resource.fields}  # x_default: what an empty cell means
        for row, cells in zip(rows, sheet[1:], strict=True):
            cells = dict(zip(sheet[0], list(cells) + [None] * (len(sheet[0]) - len(cells)), strict=True))
            for column, text in row.items():
                cell = cells[column]
                if text == "":
                    assert cell == defaults[column], (name, column, cell)  # None, or e.g. cumulative "false"
                elif types[column] in ("number", "integer"):
                    assert isinstance(cell, (int, float)) and cell == float(text), (name, column, text, cell)
                    numbers_seen += 1
                else:
                    assert cell == text, (name, column, text, cell)
    assert numbers_seen > 20
    # pandas reads it too, and finds the same values as in the CSV
    frame = pd.read_excel(tmp_path / "seuranta.xlsx", sheet_name="observations", engine="openpyxl")
    csv_frame = pd.read_csv(data / "observations.csv")
    assert frame["value"].sum() == csv_frame["value"].sum()


def test_workbook_is_byte_identical_across_builds(tmp_path, package_dir):
    package = load_package(package_dir())
    write_downloads(package, tmp_path / "a")
    write_downloads(package, tmp_path / "b")
    assert (tmp_path / "a" / "seuranta.xlsx").read_bytes() == (tmp_path / "b" / "seuranta.xlsx").read_bytes()


def test_published_numbers_are_exactly_the_data(package_dir, tmp_path):
    data = package_dir()
    text = (data / "observations.csv").read_text(encoding="utf-8").replace("97.7", "97.7123456789")
    (data / "observations.csv").write_text(text, encoding="utf-8")
    write_downloads(load_package(data), tmp_path)
    assert "97.7123456789" in (tmp_path / "observations.csv").read_text(encoding="utf-8")
    assert "97.7123456789" in (tmp_path / "observations.json").read_text(encoding="utf-8")

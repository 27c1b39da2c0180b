"""The published workbook: every table of the package as a sheet, read back with openpyxl."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
from conftest import ROOT

from seuranta.check.schema import load_schema
from seuranta.opendata.downloads import write_downloads


def test_workbook_holds_every_table_with_numbers_as_numbers(tmp_path):
    write_downloads(ROOT / "data", tmp_path)
    book = openpyxl.load_workbook(tmp_path / "seuranta.xlsx", read_only=True)
    resources = load_schema()
    assert book.sheetnames == list(resources)
    numbers_seen = 0
    for name, resource in resources.items():
        with open(ROOT / "data" / resource.filename, encoding="utf-8-sig", newline="") as f:
            header, *rows = list(csv.reader(f))
        sheet = [list(r) for r in book[name].iter_rows(values_only=True)]
        assert list(sheet[0][:len(header)]) == header
        assert len(sheet) == len(rows) + 1, name
        types = {f.name: f.type for f in resource.fields}
        for row, cells in zip(rows, sheet[1:], strict=True):
            cells = list(cells) + [None] * (len(header) - len(cells))
            for column, text, cell in zip(header, row, cells, strict=True):
                if text == "":
                    assert cell is None
                elif types[column] in ("number", "integer"):
                    assert isinstance(cell, (int, float)) and cell == float(text), (name, column, text, cell)
                    numbers_seen += 1
                else:
                    assert cell == text, (name, column, text, cell)
    assert numbers_seen > 100
    # pandas reads it too, and finds the same values as in the CSV
    frame = pd.read_excel(tmp_path / "seuranta.xlsx", sheet_name="observations")
    csv_frame = pd.read_csv(ROOT / "data" / "observations.csv")
    assert frame["value"].sum() == csv_frame["value"].sum()


def test_workbook_is_byte_identical_across_builds(tmp_path):
    write_downloads(ROOT / "data", tmp_path / "a")
    write_downloads(ROOT / "data", tmp_path / "b")
    assert (tmp_path / "a" / "seuranta.xlsx").read_bytes() == (tmp_path / "b" / "seuranta.xlsx").read_bytes()

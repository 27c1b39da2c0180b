"""Reading CSV files the way staff save them, and saying what is off.

Excel on Windows saves "CSV" as Windows-1252 with semicolons; "CSV UTF-8"
adds a byte-order mark. We accept the BOM silently, report the rest, and still
read the file as well as we can so every other problem is reported too.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from seuranta.check.problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass
class Table:
    file: str
    header: list[str]
    rows: list[list[str]]  # rows[i] is spreadsheet row i + 2


def read_table(path: Path) -> tuple[Table | None, list[Problem]]:
    return parse_table(path.name, path.read_bytes())


def parse_table(name: str, raw: bytes) -> tuple[Table | None, list[Problem]]:
    """The table in a CSV file's bytes (file `name`), read as `read_table` does."""
    problems: list[Problem] = []
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(Problem("not-utf8", name, line))
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        return None, [*problems, Problem("empty-file", name)]
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if first_line.count(";") > first_line.count(","):
        problems.append(Problem("semicolon-delimiter", name, 1))
        delimiter = ";"
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    # A trailing empty line (or a row of only delimiters, as Excel leaves) is not data.
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    header = [h.strip() for h in records[0]]
    return Table(name, header, records[1:]), problems

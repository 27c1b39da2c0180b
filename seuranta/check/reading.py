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
    broken: frozenset[int] = frozenset()  # indexes of rows that could not be read (reported)


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
    if "\0" in text:  # the csv module refuses NUL; report its rows and read on without it
        problems += [Problem("nul-byte", name, n) for n, line in enumerate(text.split("\n"), 1) if "\0" in line]
        text = text.replace("\0", "")
    records, broken = _records(name, text, delimiter, problems)
    # A trailing empty line (or a row of only delimiters, as Excel leaves) is not data.
    while records and not any(cell.strip() for cell in records[-1]) and len(records) - 1 not in broken:
        records.pop()
    labels = records[0] if records and 0 not in broken else []
    header = [h.strip() for h in labels]
    # A column name is read without its spaces (the published files have the contract's
    # names), but to other readers of this file they make it another name: a warning.
    problems += [Problem("stray-spaces-text", name, 1, h, label) for h, label in zip(header, labels, strict=True)
                 if h != label]
    return Table(name, header, records[1:], frozenset(i - 1 for i in broken if i > 0)), problems


def _records(name: str, text: str, delimiter: str, problems: list[Problem]) -> tuple[list[list[str]], set[int]]:
    """Every record; one that breaks the quoting rules is reported with its row, kept
    as an empty placeholder (so later rows keep their numbers), and reading goes on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    broken: set[int] = set()
    while True:
        try:
            records.append(next(reader))
        except StopIteration:
            break
        except csv.Error as e:
            # Row as a spreadsheet shows it: the header is row 1.
            unterminated = "unexpected end of data" in str(e)
            problems.append(Problem("unterminated-quote" if unterminated else "malformed-quote",
                                    name, len(records) + 1))
            broken.add(len(records))
            records.append([])
            if unterminated:
                break
    return records, broken

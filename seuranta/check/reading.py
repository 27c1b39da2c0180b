"""Reading CSV files the way staff save them, and saying what is off.

Excel on Windows saves "CSV" as Windows-1252 with semicolons; "CSV UTF-8"
adds a byte-order mark. We accept the BOM silently, report the rest, and still
read the file as well as we can so every other problem is reported too.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from seuranta.check.problems import Problem

BOM = b"\xef\xbb\xbf"
csv.field_size_limit(sys.maxsize)  # a plan section can be long: the csv module's 128 KiB is not our rule


@dataclass
class Table:
    file: str
    header: list[str]
    rows: list[list[str]]  # rows[i] is spreadsheet row i + 2
    broken: frozenset[int] = frozenset()  # indexes of rows that could not be read (reported)
    # The file line each spreadsheet row starts on (lines[0]: the header's). A quoted cell
    # may hold line breaks, so row and line differ after one (sections.csv).
    lines: tuple[int, ...] = ()


def read_table(path: Path) -> tuple[Table | None, list[Problem]]:
    return parse_table(path.name, path.read_bytes())


def parse_table(name: str, raw: bytes) -> tuple[Table | None, list[Problem]]:
    """The table in a CSV file's bytes (file `name`), read as `read_table` does."""
    problems: list[Problem] = []
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    bad_line = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad_line = raw[: e.start].count(b"\n") + 1
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        return None, [*problems, Problem("empty-file", name)]
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if first_line.count(";") > first_line.count(","):
        problems.append(Problem("semicolon-delimiter", name, 1))
        delimiter = ";"
    nul_lines = [n for n, line in enumerate(text.split("\n"), 1) if "\0" in line]
    text = text.replace("\0", "")  # the csv module refuses NUL; it is reported and read on without
    records, broken, starts = _records(name, text, delimiter, problems)

    def row_of(line: int) -> int:  # the spreadsheet row holding a file line
        return sum(1 for s in starts if s <= line) or 1

    if bad_line is not None:
        problems.append(Problem("not-utf8", name, row_of(bad_line)))
    problems += [Problem("nul-byte", name, row) for row in sorted({row_of(n) for n in nul_lines})]
    # A trailing empty line (or a row of only delimiters, as Excel leaves) is not data.
    while records and not any(cell.strip() for cell in records[-1]) and len(records) - 1 not in broken:
        records.pop()
    labels = records[0] if records and 0 not in broken else []
    header = [h.strip() for h in labels]
    # A column name is read without its spaces (the published files have the contract's
    # names), but to other readers of this file they make it another name: a warning.
    problems += [Problem("stray-spaces-text", name, 1, h, label) for h, label in zip(header, labels, strict=True)
                 if h != label]
    return Table(name, header, records[1:], frozenset(i - 1 for i in broken if i > 0), tuple(starts)), problems


def _records(name: str, text: str, delimiter: str,
             problems: list[Problem]) -> tuple[list[list[str]], set[int], list[int]]:
    """Every record; one that breaks the quoting rules is reported with its row, kept
    as an empty placeholder (so later rows keep their numbers), and reading goes on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    broken: set[int] = set()
    starts: list[int] = []  # the file line each record starts on
    while True:
        starts.append(reader.line_num + 1)
        try:
            records.append(next(reader))
        except StopIteration:
            starts.pop()
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
    return records, broken, starts

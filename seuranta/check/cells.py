"""Type and constraint checks of single cells, with hints for Excel habits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from seuranta.check.problems import Problem
from seuranta.check.reading import Table
from seuranta.check.schema import Field, Resource

_INT = re.compile(r"[+-]?\d+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # the contract's YYYY-MM-DD, not every ISO 8601 form
_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_GROUPED = re.compile(r"[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?")
# Control characters (C0 but tab and line breaks, DEL, C1) and bidirectional
# overrides: invisible, they can reorder what a reader sees or break an SVG's XML.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")

# A cell's value as parsed: which of these, its field's type in the schema decides.
Value = str | int | float | bool | dt.date | None
# A data row as parsed: column -> Value, plus "_row" and "_bad" (see check_table).
# Typed Any: the checks compare values of columns whose type the schema fixes.
Record = dict[str, Any]


def _number_hint(raw: str) -> tuple[str, str] | None:
    """A problem code and the corrected value for numbers typed the Finnish way."""
    if _DECIMAL_COMMA.fullmatch(raw):
        return "decimal-comma", raw.replace(",", ".")
    if _GROUPED.fullmatch(raw):
        fixed = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", ".")
        return "thousands-separator", fixed
    return None


def parse_cell(f: Field, raw: str, file: str, row: int, out: list[Problem]) -> Value:
    """The cell's value in Python terms, or None; problems are appended to `out`."""
    if raw == "":
        if f.required:
            out.append(Problem("missing-value", file, row, f.name))
        return None
    value = raw.strip()
    if value != raw:
        is_text = f.type == "string" and f.enum is None and f.pattern is None
        out.append(Problem("stray-spaces-text" if is_text else "stray-spaces", file, row, f.name, raw))
        if value == "":
            if f.required:
                out.append(Problem("missing-value", file, row, f.name))
            return None
    t = f.type
    if t == "string":
        if f.enum is not None and value not in f.enum:
            out.append(Problem("not-in-list", file, row, f.name, value, ", ".join(f.enum)))
            return None
        if f.pattern is not None and not f.pattern.fullmatch(value):
            out.append(Problem("invalid-id", file, row, f.name, value))
            return None
        return value
    parsed: float  # int or float, checked against the field's minimum and maximum below
    if t == "integer":
        if not _INT.fullmatch(value):
            fix = _number_hint(value)
            if fix and fix[0] == "thousands-separator" and _INT.fullmatch(fix[1]):
                out.append(Problem(fix[0], file, row, f.name, value, fix[1]))
            else:
                out.append(Problem("not-integer", file, row, f.name, value))
            return None
        parsed = int(value)
    elif t == "number":
        try:
            parsed = float(value)
        except ValueError:
            fix = _number_hint(value)
            if fix:
                out.append(Problem(fix[0], file, row, f.name, value, fix[1]))
            else:
                out.append(Problem("not-number", file, row, f.name, value))
            return None
        if parsed != parsed or parsed in (float("inf"), float("-inf")):
            out.append(Problem("not-number", file, row, f.name, value))
            return None
        parsed += 0.0  # "-0" is zero: a minus zero equals zero, yet would print as "−0"
    elif t == "date":
        try:
            if not _ISO_DATE.fullmatch(value):  # fromisoformat also reads 2024-W41-2 (a week date)
                raise ValueError
            day = dt.date.fromisoformat(value)
        except ValueError:
            m = _FINNISH_DATE.fullmatch(value)
            if m:
                d, mo, y = (int(x) for x in m.groups())
                out.append(
                    Problem("finnish-date", file, row, f.name, value, f"{y:04d}-{mo:02d}-{d:02d}")
                )
            else:
                out.append(Problem("not-date", file, row, f.name, value))
            return None
        return day
    elif t == "boolean":
        if value in f.true_values:
            return True
        if value in f.false_values:
            return False
        out.append(Problem("not-boolean", file, row, f.name, value))
        return None
    else:  # pragma: no cover - the descriptor only uses the types above
        raise ValueError(f"unsupported field type {t!r}")
    if f.minimum is not None and parsed < f.minimum:
        out.append(Problem("too-small", file, row, f.name, value, _plain(f.minimum)))
        return None
    if f.maximum is not None and parsed > f.maximum:
        out.append(Problem("too-large", file, row, f.name, value, _plain(f.maximum)))
        return None
    return parsed


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class CheckedRows:
    """What check_table made of a file's rows, kept for checking the file again: a row
    whose cells are those of a row checked before, at the same place under the same
    header and schema, has that row's record (the same object), and no problem."""

    resource: Resource
    header: tuple[str, ...]
    texts: tuple[str | None, ...]  # each row's cells (_row_text); None: a row with a problem
    records: tuple[Record | None, ...]  # by row index (None: a row that could not be read)


_NOTHING_BAD: frozenset[str] = frozenset()  # the "_bad" of most records: one object, not one set each


def _row_text(cells: list[str]) -> str:
    """A row's cells as one text, equal for two rows exactly when their cells are (a cell
    holds no NUL: reading.py removes them)."""
    return f"{len(cells)}\0" + "\0".join(cells)


def check_table(resource: Resource, table: Table,
                before: CheckedRows | None = None) -> tuple[list[Record], list[Problem], CheckedRows]:
    """Check header and cells; return one dict of parsed values per data row, the
    problems, and what to keep for checking the file again (`before`: that of the
    last check of this file; its rows that are unchanged are not checked again).

    Each record carries its spreadsheet row number under "_row", and under "_bad"
    the columns that hold something unreadable (so other checks don't mistake
    them for empty cells and report the same mistake twice). Records are not changed
    after: a record kept (CheckedRows) serves the next check.
    """
    problems: list[Problem] = []
    file = table.file
    header = table.header
    known = {f.name for f in resource.fields}
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem("duplicate-column", file, 1, name))
        seen.add(name)
        if name not in known:
            problems.append(Problem("unknown-column", file, 1, name))
    positions = []
    absent = []  # optional columns (added after 1.0) the file does not have
    for f in resource.fields:
        if f.name in header:
            positions.append((f, header.index(f.name)))
        elif f.optional_column:
            absent.append(f)
        else:
            problems.append(Problem("missing-column", file, 1, f.name))
    width = len(header)
    rows = table.rows
    for i, cells in enumerate(rows):
        if len(cells) != width and i not in table.broken:
            problems.append(Problem("wrong-cell-count", file, i + 2, None, str(len(cells)), str(width)))
    # Column by column: a column repeats its values (ids, dates, statuses), and a
    # cell's value depends only on its text, so each distinct text is parsed once.
    # A text with a problem is parsed again for each row it is on, as the problem
    # names the row.
    # Rows that could not be read at all are reported already (reading.py) and left out.
    row_texts = [_row_text(cells) for cells in rows]
    same: dict[int, Record] = {}  # rows checked before, unchanged: their records
    if before is not None and before.resource == resource and before.header == tuple(header):
        for i, (text, old) in enumerate(zip(row_texts, before.texts, strict=False)):
            if text == old and i not in table.broken:
                record = before.records[i]
                if record is not None:
                    same[i] = record
    numbers = [i for i in range(len(rows)) if i not in table.broken and i not in same]
    kept = [rows[i] for i in numbers]
    names = [f.name for f, _ in positions]
    columns = []
    bad_rows: dict[int, set[str]] = {}  # (a record's "_bad" is read only)
    for f, pos in positions:
        texts = [cells[pos] if pos < len(cells) else "" for cells in kept]
        clean, troubled = {}, set()
        for raw in set(texts):
            found: list[Problem] = []
            value = parse_cell(f, raw, file, 0, found)
            if found or _HIDDEN.search(raw):
                troubled.add(raw)
            else:
                clean[raw] = value
        if f.default is not None and "" in clean:  # an empty cell means what an absent column means
            clean[""] = parse_cell(f, f.default, file, 0, [])
        values = [clean.get(raw) for raw in texts]
        if troubled:
            for k, raw in enumerate(texts):
                i = numbers[k]
                if raw in troubled:
                    hidden = _HIDDEN.search(raw)
                    if hidden:  # reported, and the cell kept out of everything downstream
                        problems.append(Problem("control-character", file, i + 2, f.name,
                                                f"U+{ord(hidden.group()):04X}", str(hidden.start() + 1)))
                        values[k] = None
                        bad_rows.setdefault(i, set()).add(f.name)
                        continue
                    found_before = len(problems)
                    values[k] = parse_cell(f, raw, file, i + 2, problems)
                    if values[k] is None and raw.strip() and len(problems) > found_before:
                        bad_rows.setdefault(i, set()).add(f.name)  # typed in but unreadable: not "empty"
        columns.append(values)
    by_row = zip(*columns, strict=True) if columns else [()] * len(kept)
    defaults = {f.name: parse_cell(f, f.default or "", file, 0, []) for f in absent}
    made = {i: dict(zip(names, values, strict=True), **defaults, _row=i + 2, _bad=bad_rows.get(i, _NOTHING_BAD))
            for i, values in zip(numbers, by_row, strict=True)}
    records = [same[i] if i in same else made[i] for i in range(len(rows)) if i not in table.broken]
    # A row with a problem is checked again next time, to report it again.
    with_problems = {p.row - 2 for p in problems if p.row is not None}
    by_index: list[Record | None] = [None] * len(rows)
    for record in records:
        by_index[record["_row"] - 2] = record
    checked = CheckedRows(resource, tuple(header), tuple(
        None if i in with_problems or i in table.broken else text for i, text in enumerate(row_texts)),
        tuple(by_index))
    return records, problems, checked

"""Spreadsheets in, contract-clean CSV out: `seuranta import FILE [--into DATA_DIR]`.

Takes what staff really have: the `.xlsx` workbook the site publishes (one sheet
per table, Finnish column titles over the code names; download, edit, import;
Swedish titles or code names alone are read too) or a CSV file saved by Finnish Excel
(semicolons, decimal commas, `8.10.2024`, non-breaking-space thousands,
Windows-1252 or UTF-8 with a byte-order mark). Every conversion is reported;
what cannot be converted safely is refused with its sheet or file, row and
column, and then nothing is written at all. Rows keep the order of the table
already in the data folder (new rows at the end), and so do its columns; a cell
whose value is unchanged keeps the folder's text (50.0 stays 50.0, an empty
cell stays empty where the published workbook shows its column's default), and
a column or an optional table the folder does not have is not added while it
holds nothing but defaults. So importing the published workbook unedited gives
back the folder's files byte for byte, and a pull request's diff shows only
what changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seuranta.check.schema import Field, Resource, load_schema
from seuranta.files import put_text
from seuranta.opendata.xlsx import column_letter

_GROUPED = re.compile(r"[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
csv.field_size_limit(sys.maxsize)  # a plan section can be long; the default 128 KiB is not a rule of ours
TRUE_WORDS = {"true", "tosi", "kyllä", "ja", "sant", "1"}
FALSE_WORDS = {"false", "epätosi", "ei", "nej", "falskt", "0"}


@dataclass(frozen=True)
class Note:
    """A conversion made, or a refusal: where (file or sheet), row as a spreadsheet
    shows it, column, the value, and a stable code (words in the i18n catalog)."""

    where: str
    row: int | None
    column: str | None
    value: str
    code: str
    result: str = ""

    def line(self, words: dict[str, str]) -> str:
        place = self.where + (f":{self.row}" if self.row else "") + (f": {self.column}" if self.column else "")
        change = f"{self.value!r} → {self.result!r}" if self.result else repr(self.value) if self.value else ""
        return f"{place}: {words.get(self.code, self.code)}" + (f" ({change})" if change else "")


class ImportRefused(Exception):
    def __init__(self, refusals: list[Note]):
        super().__init__(f"{len(refusals)} refusals")
        self.refusals = refusals


@dataclass(frozen=True)
class Imported:
    tables: dict[str, str]  # table name -> the CSV text written
    conversions: list[Note]


def import_file(path: Path, into: Path, table: str | None = None) -> Imported:
    """Convert the spreadsheet at `path` and write its tables into the data folder
    `into`; raise ImportRefused (writing nothing) when anything cannot be converted."""
    resources = load_schema()
    sheets, conversions, refusals = read_spreadsheet(Path(path), resources, table)
    tables: dict[str, str] = {}
    for name, (where, rows) in sheets.items():
        text, made, refused = convert_table(resources[name], where, rows, into)
        conversions += made
        refusals += refused
        if resources[name].optional_file and not (Path(into) / resources[name].filename).exists() \
                and text.count("\n") <= 1:
            continue  # an optional table the package does not have, and the sheet has no rows either
        tables[name] = text
    if refusals:
        raise ImportRefused(refusals)
    for name, text in tables.items():  # only now, when every table converted
        put_text(Path(into) / resources[name].filename, text)
    return Imported(tables, conversions)


# --- reading --------------------------------------------------------------------------

Sheets = dict[str, tuple[str, list[list[Any]]]]  # table -> (file or sheet, rows with the header first)


def read_spreadsheet(path: Path, resources: dict[str, Resource],
                     table: str | None = None) -> tuple[Sheets, list[Note], list[Note]]:
    """The tables in a workbook or CSV file, the conversions made reading it, and the refusals."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets, refusals = _read_workbook(path, resources)
        return sheets, [], refusals
    if path.suffix.lower() not in (".csv", ".txt"):
        return {}, [], [Note(path.name, None, None, path.suffix, "import.unknown_format")]
    rows, made, refusals = read_csv_bytes(path.name, path.read_bytes())
    name = table or _table_of(path, rows[0] if rows else [], resources)
    if name is None:
        return {}, made, [*refusals, Note(path.name, 1, None, "", "import.unknown_table")]
    return {name: (path.name, rows)}, made, refusals


def read_csv_bytes(name: str, raw: bytes) -> tuple[list[list[str]], list[Note], list[Note]]:
    """Rows, conversions and refusals. Decoded deterministically: a byte-order mark, else
    strict UTF-8, else Windows-1252 (a character-set guesser takes Finnish cp1252 for
    Hebrew). Semicolons or commas, whichever the header uses."""
    made: list[Note] = []
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            text = raw[3:].decode("utf-8")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
                made.append(Note(name, None, None, "", "import.cp1252"))
    except UnicodeDecodeError:
        return [], made, [Note(name, None, None, "", "import.not_text")]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if delimiter == ";":
        made.append(Note(name, None, None, "", "import.semicolons"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error:
        return [], made, [Note(name, reader.line_num, None, "", "import.broken_csv")]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows, made, []


def _table_of(path: Path, header: list[str], resources: dict[str, Resource]) -> str | None:
    """The table a CSV file holds: by its name ("observations (1).csv"), else by its columns
    (code names or titles)."""
    stem = re.sub(r"[\s_-]*(\(\d+\)|kopio|copy)$", "", path.stem.strip().lower())
    if stem in resources:
        return stem
    fits = []
    for n, r in resources.items():
        names = set(header_of(r, [header])[1])  # code names, or the columns' titles
        if names <= {f.name for f in r.fields} and all(f.name in names for f in r.fields if f.required):
            fits.append(n)
    return fits[0] if len(fits) == 1 else None


def _read_workbook(path: Path, resources: dict[str, Resource]) -> tuple[Sheets, list[Note]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheets, notes = {}, []
    formulas = _formula_cells(path)
    for sheet_name in book.sheet_names:
        name = sheet_name.strip().lower()
        if name not in resources:
            continue  # e.g. a sheet that documents the columns
        sheet = book.get_sheet_by_name(sheet_name)
        for merged in sheet.merged_cell_ranges or []:
            (r0, c0), (r1, c1) = merged
            if r0 == 0:  # a merged header cell: columns cannot be told apart
                notes.append(Note(sheet_name, 1, column_letter(c0), "", "import.merged_header"))
        for cell in formulas.get(sheet_name, []):
            row, column = _cell_position(cell)
            notes.append(Note(sheet_name, row, column, cell, "import.formula"))
        sheets[name] = (sheet_name, sheet.to_python(skip_empty_area=False))
    return sheets, notes


def _formula_cells(path: Path) -> dict[str, list[str]]:
    """Cells holding a formula, per sheet: a formula's value is not a transcribed fact.
    Read from the workbook's XML with plain text matching (no XML parser needed)."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        book = z.read("xl/workbook.xml").decode("utf-8", errors="replace") if "xl/workbook.xml" in names else ""
        rels = (z.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
                if "xl/_rels/workbook.xml.rels" in names else "")
        targets = dict(re.findall(r'<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"', rels))
        targets |= {a: b for b, a in re.findall(r'<Relationship\b[^>]*\bTarget="([^"]+)"[^>]*\bId="([^"]+)"', rels)}
        found = {}
        for sheet_name, rid in re.findall(r'<sheet\b[^>]*\bname="([^"]+)"[^>]*\br:id="([^"]+)"', book):
            target = targets.get(rid, "").lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            if member in names:
                xml = z.read(member).decode("utf-8", errors="replace")
                # A cell element with a body (not self-closing) whose body holds a formula.
                elements = re.findall(r'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?(?<!/)>(.*?)</c>', xml, re.S)
                cells = [ref for ref, body in elements if re.search(r"<f[\s>/]", body)]
                if cells:
                    found[_unescape(sheet_name)] = cells
        return found


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def _cell_position(ref: str) -> tuple[int, str]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    return (int(m.group(2)), m.group(1)) if m else (0, ref)


# --- converting -------------------------------------------------------------------

def convert_table(resource: Resource, where: str, rows: list[list[Any]], into: Path
                  ) -> tuple[str, list[Note], list[Note]]:
    """The table as contract-clean CSV text, the conversions made, and the refusals.

    Columns of the table already in the data folder that the spreadsheet lacks are
    kept (matched by the row's key): importing a sheet without, say, document_id
    must not erase it. Rows keep the folder's order; new rows come last; rows the
    spreadsheet no longer has are removed, and the note says how many."""
    if not rows:
        return "", [], [Note(where, None, None, "", "import.empty")]
    written, header, first = header_of(resource, rows)
    fields = {f.name: f for f in resource.fields}
    made: list[Note] = []
    refused = [Note(where, 1, written[n] or column_letter(n), written[n], "import.unknown_column")
               for n, name in enumerate(header) if name not in fields]
    refused += [Note(where, 1, name, name, "import.duplicate_column")
                for n, name in enumerate(header) if name in header[:n]]
    if refused:
        return "", made, refused
    existing_header, existing_rows = _existing(Path(into) / resource.filename)
    # The folder's columns in its order, then the sheet's other columns in the contract's.
    columns = list(dict.fromkeys([c for c in existing_header if c in fields]
                                 + [f.name for f in resource.fields if f.name in header]))
    at = {name: header.index(name) for name in columns if name in header}
    out = []
    for number, row in enumerate(rows[first:], start=first + 1):
        cells = [row[at[c]] if c in at and at[c] < len(row) else None for c in columns]
        extra = [n for n in range(len(header), len(row)) if _text(row[n]).strip()]
        if extra:  # a value beyond the last named column would be lost
            refused.append(Note(where, number, column_letter(extra[0]), _text(row[extra[0]]), "import.extra_cell"))
            continue
        if all(_text(c).strip() == "" for c in cells):
            continue  # an empty line
        converted = []
        for column, value in zip(columns, cells, strict=True):
            text, note = convert_cell(fields[column], value)
            if note == "refused":
                refused.append(Note(where, number, column, _text(value), f"import.not_{fields[column].type}"))
            elif note:
                made.append(Note(where, number, column, _text(value), note, text))
            converted.append(text)
        out.append(converted)
    out, kept_from, removed = _merge_with_existing(resource, columns, set(at), out, existing_header, existing_rows)
    if existing_header:
        columns, out = _without_added_defaults(resource, columns, out, existing_header)
    if kept_from:
        made.append(Note(where, None, ", ".join(kept_from), "", "import.columns_kept"))
    if removed:
        made.append(Note(where, None, None, str(removed), "import.rows_removed"))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([columns, *out])
    return buffer.getvalue(), made, refused


def header_of(resource: Resource, rows: list[list[Any]]) -> tuple[list[str], list[str], int]:
    """The header as written, its code names, and the index of the first data row.

    Row 1 may hold the code names (a CSV file) or the columns' Finnish or Swedish
    titles (the published workbook, whose row 2 then repeats the code names: that
    row is a header too, not data)."""
    def cells(row: list[Any]) -> list[str]:
        texts = [_text(c).strip() for c in row]
        while texts and not texts[-1]:
            texts.pop()
        return texts

    names = {f.name for f in resource.fields}
    titles = {t.casefold(): f.name for f in resource.fields for t in (f.title, f.title_sv) if t}
    written = cells(rows[0])
    header = [h if h in names else titles.get(h.casefold(), h) for h in written]
    if len(rows) > 1 and header != written and cells(rows[1]) == header:
        return written, header, 2
    return written, header, 1


def _existing(path: Path) -> tuple[list[str], list[list[str]]]:
    """The table already in the data folder, read as staff may have saved it."""
    if not path.is_file():
        return [], []
    rows, _made, refused = read_csv_bytes(path.name, path.read_bytes())
    if refused or not rows:
        return [], []
    return [h.strip() for h in rows[0]], rows[1:]


def _merge_with_existing(resource: Resource, columns: list[str], given: set[str], rows: list[list[str]],
                         header: list[str], existing: list[list[str]]) -> tuple[list[list[str]], list[str], int]:
    """Rows in the folder's order, with the folder's values for the columns the
    spreadsheet lacks; the names of those columns; how many folder rows are gone."""
    key = resource.primary_key
    if not header or not all(k in header and k in given for k in key):
        return rows, [], 0
    where = {name: n for n, name in enumerate(header)}
    old = {tuple(r[where[k]] if where[k] < len(r) else "" for k in key): (n, r) for n, r in enumerate(existing)}
    at = [columns.index(k) for k in key]
    missing = [c for c in columns if c not in given]
    merged = []
    for row in rows:
        n, before = old.get(tuple(row[i] for i in at), (len(old), None))
        if before is not None:
            for i, c in enumerate(columns):
                if c not in where:
                    continue
                was = before[where[c]] if where[c] < len(before) else ""
                if c in missing or same_value(resource.field(c), row[i], was):
                    row[i] = was  # the folder's text: kept, or saying what the sheet says
        merged.append((n, row))
    merged.sort(key=lambda pair: pair[0])  # stable: new rows keep their order, after the folder's
    seen = {tuple(r[i] for i in at) for _, r in merged}
    return [r for _, r in merged], [c for c in missing if c in where], sum(1 for k in old if k not in seen)


def same_value(f: Field, converted: str, was: str) -> bool:
    """Whether the folder's text `was` says what the sheet's `converted` cell says: the same
    text, number (50.0 and 50), date or truth value, or an empty cell where the sheet has
    the column's default (the published files write defaults out)."""
    if converted == was:
        return True
    if was == "":
        return f.default is not None and converted == f.default
    if f.type == "string":  # text is what it says, spaces included
        return False
    text, note = convert_cell(f, was)
    if note == "refused" or text == "" or converted == "":
        return False
    if f.type in ("number", "integer"):
        return float(text) == float(converted)
    return text == converted


def _without_added_defaults(resource: Resource, columns: list[str], rows: list[list[str]],
                            header: list[str]) -> tuple[list[str], list[list[str]]]:
    """Leave out the columns the folder's table does not have while they hold nothing but
    their default (an absent optional column means it): the published workbook has every
    column of the contract."""
    added = {c for c in columns if c not in header}
    dropped = {n for n, c in enumerate(columns) if c in added and all(
        r[n] in ("", resource.field(c).default or "") for r in rows)}
    return ([c for n, c in enumerate(columns) if n not in dropped],
            [[v for n, v in enumerate(r) if n not in dropped] for r in rows])


def convert_cell(f: Field, value: object) -> tuple[str, str | None]:
    """The cell as the contract writes it, and the conversion made (a catalog code),
    or "refused" when it cannot be converted without guessing."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return "", None
    if f.type == "string":
        if isinstance(value, dt.date | dt.time | dt.timedelta):  # Excel turned the text into a date or time
            return "", "refused"
        text = _text(value)
        stripped = text.strip()
        return stripped, "import.trimmed" if stripped != text else None
    if f.type in ("number", "integer"):
        return _convert_number(value, f.type == "integer")
    if f.type == "date":
        return _convert_date(value)
    if f.type == "boolean":
        if isinstance(value, bool):
            return ("true" if value else "false"), None
        word = _text(value).strip().lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            result = "true" if word in TRUE_WORDS else "false"
            return result, None if result == word else "import.boolean"
        return "", "refused"
    return _text(value), None


def _convert_number(value: object, integer: bool) -> tuple[str, str | None]:
    if isinstance(value, bool):
        return "", "refused"
    if isinstance(value, int | float):
        if not math.isfinite(value) or (integer and float(value) != int(value)):
            return "", "refused"
        return _plain(float(value)), None
    raw = _text(value).strip().replace("\u2212", "-")
    note = "import.minus" if "\u2212" in _text(value) else None
    if _GROUPED.fullmatch(raw):
        raw, note = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", "."), "import.thousands"
    elif _DECIMAL_COMMA.fullmatch(raw):
        raw, note = raw.replace(",", "."), "import.decimal_comma"
    if not _NUMBER.fullmatch(raw):
        return "", "refused"
    number = float(raw)
    if integer and number != int(number):
        return "", "refused"
    return (str(int(number)) if integer else raw), note


def _convert_date(value: object) -> tuple[str, str | None]:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return "", "refused"
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    raw = _text(value).strip()
    finnish = _FINNISH_DATE.fullmatch(raw)
    try:
        if finnish:
            d, mo, y = (int(x) for x in finnish.groups())
            return dt.date(y, mo, d).isoformat(), "import.finnish_date"
        if len(raw) == 10:
            return dt.date.fromisoformat(raw).isoformat(), None
    except ValueError:
        pass  # 31.2.2025 is no date
    return "", "refused"


def _plain(x: float) -> str:
    return str(int(x)) if x.is_integer() else repr(x)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id or a code typed as a number: 123.0 is "123"
    return str(value)

"""The workbook seuranta.xlsx, written with openpyxl (write-only mode).

A first sheet "Tietoa" documents the package and every column of every sheet
(meaning in Finnish and Swedish, type, codes, unit), all from the published
descriptor: the table schemas are the one source of truth. Then one sheet per
table, named by its code name (`seuranta import` reads them back by that name):
Finnish column titles in row 1, code names in row 2, both frozen, a filter on
row 2, typed cells (dates as dates shown as 8.10.2024, numbers as numbers,
booleans as booleans). Text is always stored as text, never as a formula.

openpyxl writes the whole workbook: its parts, styles, properties, the
documentation sheet and each table sheet with its header rows, frozen panes,
filter and column widths. Only the tables' data rows are added to their sheets'
<sheetData> here (data_rows), in the markup openpyxl writes for the same cells:
openpyxl's cell objects take some 12 µs a cell, 9 s for a national package of
60 000 values, where this takes 1 s (benchmarks/bench_xlsx.py). Tests read every
cell back with openpyxl and python-calamine.

openpyxl stamps the clock into the document's properties and the zip entries;
both are fixed here to the data's release date, so the same data always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from typing import Any

# openpyxl ships no type hints, and types-openpyxl is not in requirements.lock.
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.utils.datetime import to_excel  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

ZIP_DATE = (2000, 1, 1, 0, 0, 0)
DOC_SHEET = "Tietoa"  # the documentation sheet; not a table, so `seuranta import` skips it
DATE_FORMAT = "d.m.yyyy"  # as Finns write dates: 8.10.2024
# Characters XML 1.0 cannot carry; Excel would refuse the file. (The validator rejects them in data.)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_CELL_MAX = 32767  # characters Excel keeps in one cell
TYPE_WORDS = {"string": "teksti / text", "integer": "kokonaisluku / heltal", "number": "luku / tal",
              "date": "päivämäärä / datum", "boolean": "totuusarvo (TOSI/EPÄTOSI) / sanningsvärde (SANT/FALSKT)"}
_BOLD = Font(bold=True)
_CODE = Font(italic=True, color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")


def column_letter(n: int) -> str:
    """A spreadsheet's name of the column at index n: 0 -> A, 26 -> AA."""
    return str(get_column_letter(n + 1))


def typed(text: str, kind: str, field: dict[str, Any]) -> object:
    """A CSV cell (as the contract writes it) as the value its column's type means."""
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "boolean":
        return text in field.get("trueValues", ["true"])
    return text


def codes(field: dict[str, Any]) -> str:
    """A column's allowed values in words: its codes, limits or pattern."""
    c = field.get("constraints", {})
    if "enum" in c:
        return ", ".join(c["enum"])
    limits = []
    if "minimum" in c:
        limits.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        limits.append(f"≤ {c['maximum']}")
    if c.get("pattern") == "^[a-z0-9]+(-[a-z0-9]+)*$":
        limits.append("a–z, 0–9, -")
    return ", ".join(limits)


def _cell(ws: WriteOnlyWorksheet, value: object, font: Font | None = None, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text that begins with "=" stays text: data is never a formula
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    if wrap:
        cell.alignment = _WRAP
    return cell


def _widths(ws: WriteOnlyWorksheet, rows: list[list[str]], minimum: int = 8, maximum: int = 60) -> None:
    """Column widths from the longest text of each column (the first 200 rows are enough)."""
    longest: dict[int, int] = {}
    for row in rows[:200]:
        for n, text in enumerate(row):
            longest[n] = max(longest.get(n, 0), max((len(line) for line in str(text).split("\n")), default=0))
    for n, length in longest.items():
        ws.column_dimensions[column_letter(n)].width = min(max(length + 2, minimum), maximum)


def _table_sheet(book: Workbook, resource: dict[str, Any], rows: list[list[str]]) -> WriteOnlyWorksheet:
    """A table's sheet with its two header rows; its data rows are added later (data_rows)."""
    fields = resource["schema"]["fields"]
    ws = book.create_sheet(resource["name"])
    titles = [f.get("title", f["name"]) for f in fields]
    names = [f["name"] for f in fields]
    _widths(ws, [titles, names, *rows])
    ws.freeze_panes = "A3"
    last = column_letter(len(fields) - 1)
    ws.auto_filter.ref = f"A2:{last}{len(rows) + 2}"
    ws.append([_cell(ws, t, _BOLD) for t in titles])
    ws.append([_cell(ws, n, _CODE) for n in names])
    return ws


def _date_style(ws: WriteOnlyWorksheet) -> int:
    """The workbook's cell style for a date shown as 8.10.2024 (registered with openpyxl,
    which writes it into the style sheet)."""
    cell = WriteOnlyCell(ws, value=dt.date(2000, 1, 1))
    cell.number_format = DATE_FORMAT
    return int(cell.style_id)


def _text(text: str) -> str:
    """A text cell's <t> element: characters XML cannot carry removed, escaped, cut to
    what Excel keeps; xml:space kept for leading or trailing spaces, as openpyxl writes it."""
    text = _ILLEGAL.sub("", text)[:EXCEL_CELL_MAX]
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return f'<t xml:space="preserve">{escaped}</t>' if text != text.strip() else f"<t>{escaped}</t>"


def _number(text: str, kind: str) -> str:
    value = typed(text, kind, {})
    return str(value) if isinstance(value, int) else repr(value)


@functools.lru_cache(maxsize=4096)  # a table has few distinct dates
def _serial(text: str) -> int:
    """An ISO date as Excel's day number (openpyxl's conversion)."""
    return int(to_excel(dt.date.fromisoformat(text)))


def data_rows(fields: list[dict[str, Any]], rows: list[list[str]], date_style: int) -> str:
    """A table's rows (CSV text, as the contract writes it) as the <row> elements of its
    sheet from row 3 on, typed by the columns' types as `typed` says: text always as
    text (an inline string, never a formula), numbers, booleans, dates as day numbers
    in `date_style`. An empty cell is left out, as openpyxl leaves it."""
    letters = [column_letter(n) for n in range(len(fields))]
    kinds = [f.get("type", "string") for f in fields]
    true_values = [tuple(f.get("trueValues", ["true"])) for f in fields]
    out = []
    for r, row in enumerate(rows, start=3):
        cells = []
        for n, text in enumerate(row):
            if text == "":
                continue
            kind = kinds[n]
            if kind in ("integer", "number"):
                cells.append(f'<c r="{letters[n]}{r}" t="n"><v>{_number(text, kind)}</v></c>')
            elif kind == "date":
                cells.append(f'<c r="{letters[n]}{r}" s="{date_style}" t="n"><v>{_serial(text)}</v></c>')
            elif kind == "boolean":
                cells.append(f'<c r="{letters[n]}{r}" t="b"><v>{int(text in true_values[n])}</v></c>')
            else:
                cells.append(f'<c r="{letters[n]}{r}" t="inlineStr"><is>{_text(text)}</is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return "".join(out)


DOC_HEADER = [("Välilehti / Flik", "sheet"), ("Sarake / Kolumn", "column"), ("Otsikko", "title"),
              ("Rubrik", "x_title_sv"), ("Tyyppi / Typ", "type"), ("Pakollinen / Obligatorisk", "required"),
              ("Merkitys", "description"), ("Betydelse", "x_description_sv"),
              ("Koodit ja sallitut arvot / Koder och tillåtna värden", "codes"), ("Yksikkö / Enhet", "unit")]


def documentation_rows(described: dict[str, Any]) -> list[list[str]]:
    """One row per sheet and one per column of it: what the documentation sheet lists."""
    rows = []
    for r in described["resources"]:
        rows.append([r["name"], "", r.get("title", ""), r.get("x_title_sv", ""), "", "",
                     r.get("description", ""), r.get("x_description_sv", ""), "", ""])
        for f in r["schema"]["fields"]:
            required = "kyllä / ja" if f.get("constraints", {}).get("required") else ""
            rows.append([r["name"], f["name"], f.get("title", ""), f.get("x_title_sv", ""),
                         TYPE_WORDS.get(f.get("type", "string"), f.get("type", "")), required,
                         f.get("description", ""), f.get("x_description_sv", ""), codes(f), f.get("x_unit", "")])
    return rows


def _documentation_sheet(book: Workbook, described: dict[str, Any], released: str, citations: list[str]) -> None:
    ws = book.create_sheet(DOC_SHEET)
    rows = documentation_rows(described)
    intro = [
        [described.get("title", described["name"])],
        [described.get("x_title_sv", "")],
        [f"Versio / Version {described.get('version', '')}, {released}"],
        [f"Lisenssi / Licens: {', '.join(x.get('title', x.get('name', '')) for x in described.get('licenses', []))}"],
        *([f"Viittaa / Citera: {c}"] for c in citations),
        ["Rivi 1: sarakkeen otsikko, rivi 2: sen nimi CSV-tiedostoissa. Päivämäärät ovat päivämääriä, luvut "
         "lukuja. / Rad 1: kolumnens rubrik, rad 2: dess namn i CSV-filerna. Datum är datum, tal är tal."],
        [],
    ]
    _widths(ws, [[h for h, _ in DOC_HEADER], *rows], maximum=50)
    ws.freeze_panes = f"A{len(intro) + 2}"
    ws.auto_filter.ref = f"A{len(intro) + 1}:{column_letter(len(DOC_HEADER) - 1)}{len(intro) + 1 + len(rows)}"
    for n, line in enumerate(intro):
        ws.append([_cell(ws, text, _BOLD if n == 0 else None) for text in line])
    ws.append([_cell(ws, h, _BOLD) for h, _ in DOC_HEADER])
    for row in rows:
        ws.append([_cell(ws, text, wrap=n in (6, 7)) if text else None for n, text in enumerate(row)])


def workbook(described: dict[str, Any], tables: dict[str, list[list[str]]], released: dt.date | None,
             citations: list[str]) -> bytes:
    """The workbook: the documentation sheet, then a sheet per resource of `described`
    (the published descriptor) with its rows from `tables` (CSV text, by resource name).
    `released` (the data's release date) dates the document, so its bytes depend on the data only;
    `citations` say how to cite it (one line per language)."""
    book = Workbook(write_only=True)
    stamp = dt.datetime.combine(released or dt.date(2000, 1, 1), dt.time())
    book.properties.creator = "Seuranta"
    book.properties.title = described.get("title", described["name"])
    book.properties.created = book.properties.modified = stamp
    _documentation_sheet(book, described, f"{released.day}.{released.month}.{released.year}" if released else "",
                         citations)
    sheets = [(_table_sheet(book, r, tables.get(r["name"], [])), r) for r in described["resources"]]
    date_style = _date_style(sheets[0][0]) if sheets else 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # compressed once, in _fixed_zip
        ExcelWriter(book, archive).save()  # not book.save(): that stamps `modified` with the clock
    rows = {ws.path.lstrip("/"): data_rows(r["schema"]["fields"], tables.get(r["name"], []), date_style)
            for ws, r in sheets}
    return _fixed_zip(buffer.getvalue(), rows)


def _fixed_zip(data: bytes, rows: dict[str, str]) -> bytes:
    """The same zip with every entry dated ZIP_DATE (openpyxl dates them now), and the
    data rows `rows` (by sheet part) added at the end of their sheets' <sheetData>."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            content = source.read(entry)
            if entry.filename in rows:
                head, end, tail = content.decode("utf-8").rpartition("</sheetData>")
                if not end:
                    raise ValueError(f"{entry.filename}: no <sheetData> to add the rows to")
                content = (head + rows[entry.filename] + end + tail).encode("utf-8")
            z.writestr(info, content)
    return out.getvalue()

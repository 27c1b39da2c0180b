"""The workbook seuranta.xlsx, written with XlsxWriter.

A first sheet "Tietoa" documents the package and every column of every sheet
(meaning in Finnish and Swedish, type, codes, unit), all from the published
descriptor: the table schemas are the one source of truth. Then one sheet per
table, named by its code name (`seuranta import` reads them back by that name):
Finnish column titles in row 1, code names in row 2, both frozen, a filter on
row 2, typed cells (dates as dates shown as 8.10.2024, numbers as numbers,
booleans as booleans). Text is always stored as text (write_string, with
XlsxWriter's conversions of strings to numbers, formulas and links off), never
as a formula or a number; text that looks like XlsxWriter's rich-text markup
or Excel's _x0041_ escapes reads back as itself too.

XlsxWriter writes every part of the workbook, in its constant_memory mode:
each row goes to a temporary file once the next one begins, so rows are
written in order, top to bottom. The tables' rows are the bulk of it, and
their XML is simple (numbers, dates as numbers, booleans, inline strings):
Seuranta writes it directly, as XlsxWriter would (_block_xml; a test compares
the two for every kind of cell), and leaves to XlsxWriter only the texts it
treats apart. A national package (some 640 000 cells) takes about 1.7 s and a
few MiB, where XlsxWriter cell by cell took 3.5 s and openpyxl's cell objects
take 10 s (benchmarks/bench_xlsx.py). Tests read every cell back with openpyxl
and python-calamine.

A table's rows are written in blocks (blocks.py), and the XML of each block is
deflated on its own, kept, and put back unchanged by the next workbook: after one
changed value, one block of the observations is written and compressed again, not
50,000 rows (1.7 s and 0.3 s at national scale). A block's XML depends only on its rows,
where it starts and the cell formats, whose numbers are fixed before the first
cell is written. In the sheet XlsxWriter writes, each block is a mark; the zip
is then put together from XlsxWriter's parts and the deflated blocks
(zip_parts.py). Tests compare a workbook made with kept blocks with one made
without, byte for byte.

The same data gives the same bytes: the document's created date is the data's
release date (XlsxWriter would take the clock), and every zip entry is dated 1980.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

# XlsxWriter ships no type hints (no py.typed).
import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.utility import (  # type: ignore[import-untyped]
    _preserve_whitespace,
    xl_col_to_name,
    xl_rowcol_to_cell_fast,
)

from seuranta.opendata.blocks import Blocks
from seuranta.opendata.zip_parts import Deflated, deflated, is_deflated, joined, zip_file

WRITER = f"XlsxWriter {xlsxwriter.__version__}"  # its version too decides the bytes
DOC_SHEET = "Tietoa"  # the documentation sheet; not a table, so `seuranta import` skips it
DATE_FORMAT = "d.m.yyyy"  # as Finns write dates: 8.10.2024
# Characters XML 1.0 cannot carry; Excel would refuse the file. (The validator rejects them in data.)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("(?<=_x)(?=[0-9a-fA-F]{4}_)")  # in text like Excel's escapes, _x0041_ for "A"
EXCEL_CELL_MAX = 32767  # characters Excel keeps in one cell
TYPE_WORDS = {"string": "teksti / text", "integer": "kokonaisluku / heltal", "number": "luku / tal",
              "date": "päivämäärä / datum", "boolean": "totuusarvo (TOSI/EPÄTOSI) / sanningsvärde (SANT/FALSKT)"}
# Rows go to disk as they are written; text is never read as a number, formula or link.
_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False}


def column_letter(n: int) -> str:
    """A spreadsheet's name of the column at index n: 0 -> A, 26 -> AA."""
    return str(xl_col_to_name(n))


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


class _Formats:
    """The workbook's cell formats, numbered (XlsxWriter's xf index, which cells quote)
    in this order before any cell is written: a kept block of rows quotes the same numbers."""

    def __init__(self, book: Any) -> None:
        self.bold = book.add_format({"bold": True})
        self.code = book.add_format({"italic": True, "font_color": "#595959"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.plain = book.add_format()
        for made in (self.bold, self.code, self.wrap, self.date, self.plain):
            made._get_xf_index()  # else numbered as first used, which a kept block is not


def _write_text(ws: Any, row: int, col: int, text: str, formats: _Formats, cell_format: Any = None) -> None:
    """A text cell, always text: characters XML cannot carry removed, cut to what Excel keeps."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    text = text[:EXCEL_CELL_MAX]
    if text.startswith("<r>") and text.endswith("</r>"):
        # XlsxWriter takes such a string for its own rich-text markup and writes it unescaped;
        # written as a rich string of plain runs it is escaped, and reads back as the same text. The runs
        # part every "_x0041_" after its "_x": XlsxWriter escapes such Excel escapes in each run, then
        # again in the whole markup, which would double the escape.
        runs = _ESCAPE_LIKE.split(text[1:])
        ws.write_rich_string(row, col, text[:1], formats.plain, *runs, *([cell_format] if cell_format else []))
    else:
        ws.write_string(row, col, text, cell_format)


def _column_writer(ws: Any, field: dict[str, Any], formats: _Formats) -> Callable[[int, int, str], object]:
    """How a column's CSV text (not empty) becomes a typed cell, as `typed` reads it."""
    kind = field.get("type", "string")
    if kind in ("integer", "number"):
        return lambda row, col, text: ws.write_number(row, col, typed(text, kind, field))
    if kind == "date":
        return lambda row, col, text: ws.write_datetime(row, col, _date(text), formats.date)
    if kind == "boolean":
        true_values = field.get("trueValues", ["true"])
        return lambda row, col, text: ws.write_boolean(row, col, text in true_values)
    return lambda row, col, text: _write_text(ws, row, col, text, formats)


@functools.lru_cache(maxsize=4096)  # a table has few distinct dates
def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _widths(ws: Any, rows: list[list[str]], minimum: int = 8, maximum: int = 60) -> None:
    """Column widths from the longest text of each column (the first 200 rows are enough)."""
    longest: dict[int, int] = {}
    for row in rows[:200]:
        for n, text in enumerate(row):
            longest[n] = max(longest.get(n, 0), max((len(line) for line in str(text).split("\n")), default=0))
    for n, length in longest.items():
        ws.set_column(n, n, min(max(length + 2, minimum), maximum))


def _table_sheet(book: Any, formats: _Formats, resource: dict[str, Any], rows: list[list[str]],
                 blocks: Blocks, placed: list[Deflated]) -> None:
    """A table's sheet: its two header rows, then its rows typed by the columns' types,
    block by block (blocks.py), each taken from `blocks` when kept there. Each block's
    XML is deflated on its own and added to `placed`; the sheet holds a mark in its place."""
    fields = resource["schema"]["fields"]
    ws = book.add_worksheet(resource["name"])
    titles = [f.get("title", f["name"]) for f in fields]
    names = [f["name"] for f in fields]
    _widths(ws, [titles, names, *rows])
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, len(rows) + 1, len(fields) - 1)
    for n, title in enumerate(titles):  # row by row: constant_memory writes a row out once the next begins
        _write_text(ws, 0, n, title, formats, formats.bold)
    for n, name in enumerate(names):
        _write_text(ws, 1, n, name, formats, formats.code)
    if rows:  # the header rows are written out, as writing the first block's first cell would do
        ws._write_single_row(2)
    writers = [_column_writer(ws, f, formats) for f in fields]

    def made(start: int, block: list[list[str]]) -> tuple[Deflated, UsedRange | None]:
        first = start + 2
        xml = _block_xml(ws, fields, formats, first, block)
        if xml is None:  # XlsxWriter writes it: its XML is taken back from the sheet's file
            begin = ws.fh.tell()
            _write_rows(ws, writers, first, block)
            ws.fh.seek(begin)
            xml = ws.fh.read()
            ws.fh.seek(begin)
            ws.fh.truncate()
        return deflated(xml.encode("utf-8")), _used_range(block)

    for start, block, (part, used) in blocks.each(rows, repr(("xlsx", WRITER, resource["name"], fields)), made,
                                                  _is_block):
        # In the sheet's XML, the block is a mark: the zip takes its deflated XML there (_zipped).
        ws.fh.write(f"<!--{_BLOCK_MARK}{len(placed)}-->")
        placed.append(part)
        if used is not None:  # the sheet's used range, as writing the block's cells would extend it
            top, bottom, left, right = used
            ws._check_dimensions(start + 2 + top, left)
            ws._check_dimensions(start + 2 + bottom, right)
        ws.previous_row = start + 2 + len(block)


def _is_block(kept: object) -> bool:
    """Whether a kept block has the shape `made` gives it in _table_sheet."""
    return (isinstance(kept, tuple) and len(kept) == 2 and is_deflated(kept[0])
            and (kept[1] is None or (isinstance(kept[1], tuple) and len(kept[1]) == 4)))


# The mark of a block of rows in a sheet's XML, followed by its number. Text in cells never
# holds it: "<" is written as "&lt;".
_BLOCK_MARK = "seuranta block "
_BLOCK_MARKS = re.compile(f"<!--{_BLOCK_MARK}([0-9]+)-->".encode())


def _zipped(xlsxwriter_zip: bytes, placed: list[Deflated]) -> bytes:
    """The workbook XlsxWriter zipped, with each block's mark replaced by the block
    (`placed`, by number): each entry's parts deflated one by one (zip_parts)."""
    with zipfile.ZipFile(io.BytesIO(xlsxwriter_zip)) as z:
        contents = [(info.filename, z.read(info)) for info in z.infolist()]
    entries = []
    for name, content in contents:
        parts = []
        for n, piece in enumerate(_BLOCK_MARKS.split(content)):  # text, number, text, number, …, text
            if n % 2:
                parts.append(placed[int(piece)])
            elif piece:
                parts.append(deflated(piece))
        entries.append((name, joined(parts)))
    return zip_file(entries)


def _block_xml(ws: Any, fields: list[dict[str, Any]], formats: _Formats, first: int,
               block: list[list[str]]) -> str | None:
    """The XML XlsxWriter writes for a block of a table's rows from row `first` on (as
    _write_rows has it write them; constant_memory's inline strings), made here at once:
    a quarter of the time. None where a text is one XlsxWriter treats apart (characters
    XML cannot carry, rich-text markup, over 16,383 characters): _write_rows writes those.
    tests/test_xlsx.py compares the two for every kind of cell."""
    cells: list[Callable[[str, str], str | None]] = []
    for field in fields:
        kind = field.get("type", "string")
        if kind in ("integer", "number"):
            cells.append(functools.partial(_number_cell, kind=kind, field=field))
        elif kind == "date":
            cells.append(functools.partial(_date_cell, ws=ws, style=formats.date._get_xf_index()))
        elif kind == "boolean":
            cells.append(functools.partial(_boolean_cell, true_values=field.get("trueValues", ["true"])))
        else:
            cells.append(functools.partial(_inline_string, ws=ws))
    out = []
    for r, row in enumerate(block, start=first):
        made = []
        for n, text in enumerate(row):
            if text:  # an empty cell is left out
                cell = cells[n](xl_rowcol_to_cell_fast(r, n), text)
                if cell is None:
                    return None
                made.append(cell)
        if made:
            out.append(f'<row r="{r + 1}">{"".join(made)}</row>')
    return "".join(out)


def _number_cell(ref: str, text: str, kind: str, field: dict[str, Any]) -> str:
    return f'<c r="{ref}"><v>{typed(text, kind, field):.16G}</v></c>'


def _date_cell(ref: str, text: str, ws: Any, style: int) -> str:
    return f'<c r="{ref}" s="{style}"><v>{ws._convert_date_time(_date(text)):.16G}</v></c>'


def _boolean_cell(ref: str, text: str, true_values: list[str]) -> str:
    return f'<c r="{ref}" t="b"><v>{1 if text in true_values else 0}</v></c>'


def _inline_string(ref: str, text: str, ws: Any) -> str | None:
    """A text cell as XlsxWriter writes it in constant_memory mode; None if _write_text
    would change the text or write it as rich text."""
    if len(text) > EXCEL_CELL_MAX // 2 or _ILLEGAL.search(text) or (text.startswith("<r>") and text.endswith("</r>")):
        return None
    text = ws._escape_control_characters(text)
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{ws._escape_data(text)}</t></is></c>'


def _write_rows(ws: Any, writers: list[Callable[[int, int, str], object]], first: int,
                block: list[list[str]]) -> None:
    """The block's rows from row `first` on, written out to the sheet's file, the last too."""
    for r, row in enumerate(block, start=first):
        for n, text in enumerate(row):
            if text:  # an empty cell is left out
                writers[n](r, n, text)
    ws._write_single_row(first + len(block))


UsedRange = tuple[int, int, int, int]  # top, bottom, left, right: rows and columns from 0


def _used_range(block: list[list[str]]) -> UsedRange | None:
    """The first and last rows and columns of the block with a filled cell (None if none)."""
    # Only the first and last of each count: searched from either end (most rows and the
    # first column are filled; a block's last columns, notes, are often empty).
    top = next((n for n, row in enumerate(block) if any(row)), None)
    if top is None:
        return None
    bottom = next(n for n in range(len(block) - 1, -1, -1) if any(block[n]))
    width = max(map(len, block))

    def used(n: int) -> bool:
        return any(n < len(row) and row[n] for row in block)

    left = next(n for n in range(width) if used(n))
    right = next(n for n in range(width - 1, -1, -1) if used(n))
    return top, bottom, left, right


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


def _documentation_sheet(book: Any, formats: _Formats, described: dict[str, Any], released: str,
                         citations: list[str]) -> None:
    ws = book.add_worksheet(DOC_SHEET)
    rows = documentation_rows(described)
    intro = [
        described.get("title", described["name"]),
        described.get("x_title_sv", ""),
        f"Versio / Version {described.get('version', '')}, {released}",
        f"Lisenssi / Licens: {', '.join(x.get('title', x.get('name', '')) for x in described.get('licenses', []))}",
        *(f"Viittaa / Citera: {c}" for c in citations),
        "Rivi 1: sarakkeen otsikko, rivi 2: sen nimi CSV-tiedostoissa. Päivämäärät ovat päivämääriä, luvut "
        "lukuja. / Rad 1: kolumnens rubrik, rad 2: dess namn i CSV-filerna. Datum är datum, tal är tal.",
        "",
    ]
    header_at = len(intro)
    _widths(ws, [[h for h, _ in DOC_HEADER], *rows], maximum=50)
    ws.freeze_panes(header_at + 1, 0)
    ws.autofilter(header_at, 0, header_at + len(rows), len(DOC_HEADER) - 1)
    for r, line in enumerate(intro):
        if line:
            _write_text(ws, r, 0, line, formats, formats.bold if r == 0 else None)
    for n, (title, _) in enumerate(DOC_HEADER):
        _write_text(ws, header_at, n, title, formats, formats.bold)
    for r, row in enumerate(rows, start=header_at + 1):
        for n, text in enumerate(row):
            if text:
                _write_text(ws, r, n, text, formats, formats.wrap if n in (6, 7) else None)


def workbook(described: dict[str, Any], tables: dict[str, list[list[str]]], released: dt.date | None,
             citations: list[str], blocks: Blocks | None = None) -> bytes:
    """The workbook: the documentation sheet, then a sheet per resource of `described`
    (the published descriptor) with its rows from `tables` (CSV text, by resource name).
    `released` (the data's release date) dates the document, so its bytes depend on the data only;
    `citations` say how to cite it (one line per language). With `blocks`, blocks of rows
    known there are put back, and every block's XML is left in its `made`."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    book.set_properties({"title": described.get("title", described["name"]), "author": "Seuranta",
                         "created": dt.datetime.combine(released or dt.date(2000, 1, 1), dt.time())})
    formats = _Formats(book)
    placed: list[Deflated] = []
    _documentation_sheet(book, formats, described,
                         f"{released.day}.{released.month}.{released.year}" if released else "", citations)
    for resource in described["resources"]:
        _table_sheet(book, formats, resource, tables.get(resource["name"], []), blocks or Blocks(keep=False), placed)
    book.close()
    return _zipped(buffer.getvalue(), placed)

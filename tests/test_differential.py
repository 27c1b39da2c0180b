"""Differential test: seeded random mutations of valid packages, checked by our
validator against frictionless's own verdict on the schema-level rules.

Each mutant is a valid package (the frozen 1.0 fixture, valid-minimal, or the
1.1 fixture) with one or two edits of the kind staff make in Excel or a text
editor. Properties:

- our validator never raises, whatever the bytes;
- it never accepts a package in which frictionless finds a schema-level error
  (types, required, enum, pattern, minimum/maximum, unique, primary and foreign
  keys, header and row shape). It may be stricter: it knows cross-field rules,
  hidden characters and malformed quotes that frictionless lets through;
- every package it accepts loads into the model and its pages render (fi, sv)
  without MkDocs; a few accepted mutants really build (marked slow).

The property is an implication, so frictionless is asked only about the
packages we accept (a package we reject cannot break it), and only about the
resources an edit can change: the edited files and those whose foreign keys
point at them. `test_the_oracle_sees_schema_errors` keeps the oracle honest.

A failure names the mutant's seed and its edits. To replay one:

    from test_differential import mutant, write
    m = mutant(SEED); write(m, Path("/tmp/m")); print(m.edits)  # then: seuranta validate /tmp/m/data

Another run of seeds: SEURANTA_DIFF_SEED=<int> pytest tests/test_differential.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import BASE, FIXTURES, ROOT
from frictionless import Package

from seuranta.check.schema import Resource, load_schema
from seuranta.check.validate import validate
from seuranta.model.load import load_package
from seuranta.site.pages import site_pages

FIRST_SEED = int(os.environ.get("SEURANTA_DIFF_SEED", "20261123"))
COUNT = 250
SCHEMA = load_schema()
BY_FILE = {r.filename: r for r in SCHEMA.values()}
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


# --- The valid packages mutants start from -----------------------------------------

def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.glob("*.csv"))}


BASES = {
    "1.0": _folder(FIXTURES / "contract-1.0"),  # frozen: no 1.1 file or column
    "minimal": _folder(BASE),
    "1.1": {**_folder(BASE), **_folder(FIXTURES / "contract-1.1")},  # every 1.1 addition
}


# --- CSV as staff edit it ---------------------------------------------------------

def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _editable(raw: bytes) -> list[list[str]] | None:
    """The file's rows, if an earlier edit left it readable as CSV."""
    try:
        rows = rows_of(raw)
    except (UnicodeDecodeError, csv.Error):
        return None
    return rows if rows and rows[0] else None


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@dataclass
class Mutant:
    seed: int
    base: str
    files: dict[str, bytes]
    edits: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"seed {self.seed} (base {self.base}): " + "; ".join(self.edits)


def _table(m: Mutant, rng: random.Random, need_rows: bool = True) -> str | None:
    """A file of the package to edit: readable as CSV, with a data row if `need_rows`."""
    least = 2 if need_rows else 1
    names = [n for n in m.files if n in BY_FILE and (rows := _editable(m.files[n])) and len(rows) >= least]
    return rng.choice(names) if names else None


def _ids(m: Mutant, file: str, column: str) -> list[str]:
    if file not in m.files:
        return []
    rows = rows_of(m.files[file])
    if not rows or column not in rows[0]:
        return []
    k = rows[0].index(column)
    return [r[k] for r in rows[1:] if k < len(r) and r[k]]


def _references(m: Mutant, resource: Resource, column: str) -> list[str]:
    """Values the column may hold: the ids it points at (a foreign key) or its own."""
    for fk in resource.foreign_keys:
        if fk.fields == (column,):
            return _ids(m, SCHEMA[fk.resource].filename, fk.reference_fields[0])
    return _ids(m, resource.filename, column)


# Values staff type, by column type: Finnish habits, typos, hostile text, and plain good values.
NUMBER_SLIPS = ["97,7", "1 064", "1\u00a0064", "noin 30", "n/a", "-", "26–31,9", "5 %", "1e308", "1e400", "-1",
                "-0", "0", "99999999999999999999", "NaN", "nan", "inf", "-Infinity", " 42", "42 ", "1.", ".5", "+5",
                "1e3", "0x10", "100.5", "101", "1,000.5"]
INTEGER_SLIPS = ["2.0", "1,5", "3 000", "kaksi", "-1", "0", "99999999999999999999999", "1e3", "NaN", " 7", "7 ",
                 "1899", "2201", "+4", "007", "2024–2026", "2025.0"]
DATE_SLIPS = ["8.10.2024", "08.10.2024", "8.10.24", "2024/10/08", "2024-10-8", "2024-02-30", "2024-13-01",
              "2024-W41-2", "20241008", "2024-10-08T00:00", " 2024-10-08", "2024-10-08 ", "10/8/2024", "syksy 2024",
              "0001-01-01", "9999-12-31", "2024"]
BOOLEAN_SLIPS = ["kyllä", "1", "0", "yes", "tosi", "true ", " false", "t", "x"]
ID_SLIPS = ["Testi-T1", "testi_t1", "testi t1", "äiti", "testi--t1", "-testi", "testi-", "testi-t1 ", "TESTI",
            "ei-ole-olemassa", "testi.t1", "testi-t1\n"]
TEXTS = ["", " sisennetty", "lopussa välilyönti ", "sarkain\tkeskellä", "rivi\nrivi", "kappale\n\ntoinen kappale",
         "kello\x07", "väri\x1b[31m", "seuraava\x85rivi", "paha\u202eteksti", "a\u2066b\u2069", "nul\x00tavu",
         "sivu\x0cvaihto", "rivinvaihto\rvanha", "<script>alert(1)</script>", "{{ 7*7 }} {% raw %}",
         "**lihava** _kursiivi_ [linkki](https://example.org)", "&amp; &lt;b&gt;", "Ä" * 3000, "😀 hymy",
         "\ufeffBOM keskellä", "a\u00a0b", "nolla\u200bleveys", "=1+1", '"lainausmerkeissä"', "'heittomerkki",
         "rivi\u2028erotin", "tavu\u00adviiva", "\ufffd", "Åbo – Turku", "\\n ei rivinvaihto",
         "Noin 30 000 euroa, tavoitteena 26–31,9 asiakasta/sosiaalityöntekijä."]


def _good_value(rng: random.Random, m: Mutant, resource: Resource, column: str) -> str:
    f = resource.field(column)
    if f.enum:
        return rng.choice(f.enum)
    if f.pattern:
        known = _references(m, resource, column)
        return rng.choice(known) if known and rng.random() < 0.7 else f"uusi-{rng.randint(1, 99)}"
    if f.type == "number":
        low = f.minimum if f.minimum is not None else -50
        high = f.maximum if f.maximum is not None else 2000
        return str(round(rng.uniform(low, high), rng.choice([0, 1, 2])))
    if f.type == "integer":
        low = int(f.minimum) if f.minimum is not None else -5
        high = int(f.maximum) if f.maximum is not None else 3000
        return str(rng.randint(low, high))
    if f.type == "date":
        return f"{rng.randint(2019, 2031)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if f.type == "boolean":
        return rng.choice(f.true_values + f.false_values)
    return rng.choice(TEXTS)


def _slip(rng: random.Random, m: Mutant, resource: Resource, column: str) -> str:
    f = resource.field(column)
    if f.enum:
        good = rng.choice(f.enum)
        return rng.choice([good.upper(), good.capitalize(), good + " ", " " + good, good.replace("_", " "),
                           good.replace("_", "-"), "finaali", "muu", ""])
    if f.pattern:
        return rng.choice(ID_SLIPS + [""])
    return rng.choice({"number": NUMBER_SLIPS, "integer": INTEGER_SLIPS, "date": DATE_SLIPS,
                       "boolean": BOOLEAN_SLIPS}.get(f.type, TEXTS) + [""])


# --- Edits ------------------------------------------------------------------------

def edit_cell(m: Mutant, rng: random.Random) -> str | None:
    """One cell: a slip of the kind its type invites, or a plausible value."""
    file = _table(m, rng)
    if file is None:
        return None
    rows = rows_of(m.files[file])
    r = rng.randrange(1, len(rows))
    known = [c for c in rows[0] if c in {f.name for f in BY_FILE[file].fields}]
    if not known:
        return None
    column = rng.choice(known)
    k = rows[0].index(column)
    if k >= len(rows[r]):
        return None
    good = rng.random() < 0.5
    value = (_good_value if good else _slip)(rng, m, BY_FILE[file], column)
    if value == rows[r][k]:
        return None
    old, rows[r][k] = rows[r][k], value
    m.files[file] = csv_bytes(rows)
    return f"{file} row {r + 1} {column}: {old!r} -> {value!r}"


EXTREMES = ["1e308", "-1e308", "99999999999999999999", "-1", "-0", "0", "1e-300", "123456789.123456789", "2147483648",
            "-2147483649"]


def extreme_number(m: Mutant, rng: random.Random) -> str | None:
    """A huge, tiny or negative number in a numeric cell: within its type, maybe outside its range."""
    cells = []
    for file in m.files:
        rows = _editable(m.files[file]) if file in BY_FILE else None
        for column in rows[0] if rows else []:
            known = {f.name: f for f in BY_FILE[file].fields}
            if column in known and known[column].type in ("number", "integer"):
                cells += [(file, r, column) for r in range(1, len(rows))]
    if not cells:
        return None
    file, r, column = rng.choice(cells)
    rows = rows_of(m.files[file])
    k = rows[0].index(column)
    if k >= len(rows[r]):
        return None
    value = rng.choice([v for v in EXTREMES if BY_FILE[file].field(column).type == "number"
                        or ("." not in v and "e" not in v)])
    old, rows[r][k] = rows[r][k], value
    m.files[file] = csv_bytes(rows)
    return f"{file} row {r + 1} {column}: {old!r} -> {value!r}"


def duplicate_row(m: Mutant, rng: random.Random) -> str | None:
    file = _table(m, rng)
    if file is None:
        return None
    rows = rows_of(m.files[file])
    r = rng.randrange(1, len(rows))
    rows.insert(rng.randrange(1, len(rows) + 1), list(rows[r]))
    m.files[file] = csv_bytes(rows)
    return f"{file}: row {r + 1} copied"


def new_row(m: Mutant, rng: random.Random) -> str | None:
    """A copy of a row under a new id (or new key), as when staff add the next one."""
    file = _table(m, rng)
    if file is None:
        return None
    rows = rows_of(m.files[file])
    r = rng.randrange(1, len(rows))
    row = list(rows[r])
    resource = BY_FILE[file]
    for column in resource.primary_key[-1:]:
        if column in rows[0] and rows[0].index(column) < len(row):
            row[rows[0].index(column)] = _good_value(rng, m, resource, column)
            if column == "id":
                row[rows[0].index(column)] = f"lisatty-{rng.randint(1, 999)}"
    rows.append(row)
    m.files[file] = csv_bytes(rows)
    return f"{file}: row {r + 1} copied under a new key {row[:2]}"


def delete_row(m: Mutant, rng: random.Random) -> str | None:
    file = _table(m, rng)
    if file is None:
        return None
    rows = rows_of(m.files[file])
    r = rng.randrange(1, len(rows))
    del rows[r]
    m.files[file] = csv_bytes(rows)
    return f"{file}: row {r + 1} deleted"


def cell_count(m: Mutant, rng: random.Random) -> str | None:
    """A row with a cell too many (a stray comma) or too few."""
    file = _table(m, rng)
    if file is None:
        return None
    rows = rows_of(m.files[file])
    r = rng.randrange(1, len(rows))
    if rng.random() < 0.5:
        rows[r].insert(rng.randrange(len(rows[r]) + 1), rng.choice(["", "x", "1"]))
        what = "a cell too many"
    else:
        del rows[r][rng.randrange(len(rows[r]))]
        what = "a cell too few"
    m.files[file] = csv_bytes(rows)
    return f"{file} row {r + 1}: {what}"


def blank_rows(m: Mutant, rng: random.Random) -> str | None:
    file = _table(m, rng, need_rows=False)
    if file is None:
        return None
    text = m.files[file].decode("utf-8")
    width = len(rows_of(m.files[file])[0])
    kind = rng.choice(["trailing delimiters", "trailing empty lines", "empty line inside"])
    if kind == "trailing delimiters":  # as Excel leaves
        text += "," * (width - 1) + "\n"
    elif kind == "trailing empty lines":
        text += "\n" * rng.randint(1, 3)
    else:
        lines = text.split("\n")
        lines.insert(rng.randrange(1, len(lines)), "")
        text = "\n".join(lines)
    m.files[file] = text.encode("utf-8")
    return f"{file}: {kind}"


def edit_column(m: Mutant, rng: random.Random) -> str | None:
    file = _table(m, rng, need_rows=False)
    if file is None:
        return None
    rows = rows_of(m.files[file])
    header = rows[0]
    k = rng.randrange(len(header))
    kind = rng.choice(["extra", "removed", "duplicated", "swapped", "renamed", "spaces in name", "case"])
    what = f"column {header[k]!r} {kind}"
    if kind == "extra":
        name = rng.choice(["lisatieto", "Huom", "notes", "", "value_min"])
        at = rng.randrange(len(header) + 1)
        what = f"column {name!r} added at {at + 1}"
        for i, row in enumerate(rows):
            row.insert(at, name if i == 0 else rng.choice(["", "x", "12"]))
    elif kind == "removed":
        for row in rows:
            if k < len(row):
                del row[k]
    elif kind == "duplicated":
        for row in rows:
            if k < len(row):
                row.insert(k + 1, row[k])
    elif kind == "swapped":
        j = rng.randrange(len(header))
        what += f" with {header[j]!r}"
        for row in rows:
            if max(j, k) < len(row):
                row[j], row[k] = row[k], row[j]
    elif kind == "renamed":
        header[k] = header[k].replace("_", "-") if "_" in header[k] else header[k] + "s"
    elif kind == "spaces in name":
        header[k] = rng.choice([" ", "", "\u00a0"]) + header[k] + rng.choice([" ", "", "  "])
    else:
        header[k] = header[k].capitalize() if header[k] != header[k].capitalize() else header[k].upper()
    m.files[file] = csv_bytes(rows)
    return f"{file}: {what}"


def edit_bytes(m: Mutant, rng: random.Random) -> str | None:
    """Saved the wrong way: BOM, semicolons, Windows-1252, CRLF, NUL, quotes, truncation."""
    file = _table(m, rng, need_rows=False)
    if file is None:
        return None
    raw = m.files[file]
    kind = rng.choice(["BOM", "semicolons", "cp1252", "CRLF", "no final newline", "NUL byte", "stray quote",
                       "unterminated quote", "truncated", "empty file", "header only", "UTF-16"])
    if kind == "BOM":
        raw = b"\xef\xbb\xbf" + raw
    elif kind == "semicolons":
        raw = csv_bytes(rows_of(raw), delimiter=";")
    elif kind == "cp1252":
        raw = raw.decode("utf-8").encode("cp1252", errors="replace")
    elif kind == "CRLF":
        raw = raw.replace(b"\n", b"\r\n")
    elif kind == "no final newline":
        raw = raw.rstrip(b"\n")
    elif kind == "NUL byte":
        at = rng.randrange(len(raw) + 1)
        raw = raw[:at] + b"\x00" + raw[at:]
    elif kind in ("stray quote", "unterminated quote"):
        text = raw.decode("utf-8")
        if kind == "stray quote":
            at = rng.randrange(len(text) + 1)
        else:  # at the start of a field
            starts = [i + 1 for i, ch in enumerate(text) if ch in ",\n" and i + 1 < len(text)]
            at = rng.choice(starts)
        raw = (text[:at] + '"' + text[at:]).encode("utf-8")
    elif kind == "truncated":
        raw = raw[: rng.randrange(1, len(raw))]
    elif kind == "empty file":
        raw = b""
    elif kind == "header only":
        raw = raw.split(b"\n", 1)[0] + b"\n"
    else:
        raw = raw.decode("utf-8").encode("utf-16")
    m.files[file] = raw
    return f"{file}: {kind}"


def edit_files(m: Mutant, rng: random.Random) -> str | None:
    """Files: an optional 1.1 file removed or added, a 1.0 file removed, a file frictionless does not know."""
    optional = [r for r in SCHEMA.values() if r.optional_file]
    kind = rng.choice(["remove optional", "add optional", "remove required", "unknown file"])
    if kind == "remove optional":
        present = [r.filename for r in optional if r.filename in m.files]
        if not present:
            return None
        name = rng.choice(present)
        del m.files[name]
        return f"{name} removed (optional)"
    if kind == "add optional":
        absent = [r for r in optional if r.filename not in m.files]
        if not absent:
            return None
        resource = rng.choice(absent)
        header = [f.name for f in resource.fields]
        row = [_good_value(rng, m, resource, f.name) if f.required or rng.random() < 0.5 else "" for f in
               resource.fields]
        if "id" in header:
            row[header.index("id")] = f"lisatty-{rng.randint(1, 99)}"
        m.files[resource.filename] = csv_bytes([header, row])
        return f"{resource.filename} added: {row}"
    if kind == "remove required":
        name = rng.choice([r.filename for r in SCHEMA.values() if not r.optional_file and r.filename in m.files])
        del m.files[name]
        return f"{name} removed (required)"
    m.files["muistiinpanot.csv"] = b"a,b\n1,2\n"
    return "muistiinpanot.csv added (unknown file)"


def edit_optional_column(m: Mutant, rng: random.Random) -> str | None:
    """A column added after 1.0: left out, or added to a package that did without it."""
    choices = []
    for file, raw in m.files.items():
        if file in BY_FILE and _editable(raw):
            choices += [(file, f.name) for f in BY_FILE[file].fields if f.optional_column]
    if not choices:
        return None
    file, column = rng.choice(choices)
    rows = rows_of(m.files[file])
    header = rows[0]
    if column in header:
        k = header.index(column)
        for row in rows:
            if k < len(row):
                del row[k]
        what = "removed"
    else:
        at = rng.randrange(len(header) + 1)
        good = rng.random() < 0.7
        for i, row in enumerate(rows):
            value = (_good_value if good else _slip)(rng, m, BY_FILE[file], column) if i else column
            row.insert(at, value if i == 0 or rng.random() < 0.7 else "")
        what = "added"
    m.files[file] = csv_bytes(rows)
    return f"{file}: optional column {column} {what}"


EDITS: dict[str, Callable[[Mutant, random.Random], str | None]] = {
    "cell": edit_cell, "cell-2": edit_cell,  # the commonest slip, drawn twice as often
    "extreme-number": extreme_number,
    "duplicate-row": duplicate_row, "new-row": new_row, "delete-row": delete_row, "cell-count": cell_count,
    "blank-rows": blank_rows, "column": edit_column, "bytes": edit_bytes, "files": edit_files,
    "optional-column": edit_optional_column,
}


def mutant(seed: int) -> Mutant:
    """The mutant of `seed`: always the same package and edits."""
    rng = random.Random(seed)
    base = rng.choice(sorted(BASES))
    m = Mutant(seed, base, dict(BASES[base]))
    for _ in range(1 if rng.random() < 0.75 else 2):
        for _attempt in range(20):
            kind = rng.choice(sorted(EDITS))
            what = EDITS[kind](m, rng)
            if what is not None:
                m.edits.append(what)
                m.kinds.append(kind.removesuffix("-2"))
                break
    return m


def write(m: Mutant, root: Path) -> Path:
    data = root / "data"
    data.mkdir(parents=True)
    for name, raw in m.files.items():
        (data / name).write_bytes(raw)
    return data


# --- Frictionless's verdict -------------------------------------------------------

# Error types of frictionless 5 (frictionless/errors/*.py) that say the data breaks
# its table schema: the baseline check's label, header, row and cell errors.
SCHEMA_LEVEL = {
    "blank-header", "unmatched-header",  # errors/header.py
    "extra-label", "missing-label", "blank-label", "duplicate-label", "incorrect-label",  # errors/label.py
    "blank-row", "primary-key", "foreign-key",  # errors/row.py
    "extra-cell", "missing-cell", "type-error", "constraint-error", "unique-error",  # errors/cell.py
    # errors/resource.py: a file frictionless cannot open or decode is not a valid resource either
    "source-error", "scheme-error", "format-error", "encoding-error",
}


def _header(raw: bytes) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")), [])
    except (UnicodeDecodeError, csv.Error):
        return []


def frictionless_descriptor(data: Path, scratch: Path, names: set[str]) -> dict:
    """The repository's descriptor for the package in `data`, as the contract reads it.

    Two readings of the contract frictionless does not make by itself:
    - "Columns and files marked x_since 1.1 are optional: a package written to the 1.0
      contract (without them) stays valid" (datapackage.json, x_contract_note). So
      columns are matched by name, not position (plans.kind, new in 1.1, is the third
      column: a 1.0 plans.csv lacks it in the middle). Each table's schema lists its
      fields in the file's own order; an optional column the file leaves out is
      dropped (with foreign keys on it), a 1.0 column it leaves out stays, so
      frictionless reports it missing.
    - An optional file left out is "as in 1.0": no rows. Frictionless gets a header-only
      file, so foreign keys into it (document_id -> documents.id) are still checked.
    """
    resources = []
    for r in DESCRIPTOR["resources"]:
        if r["name"] not in names:
            continue
        r = json.loads(json.dumps(r))
        filename = Path(r["path"]).name
        fields = r["schema"]["fields"]
        path = data / filename
        if path.is_file():
            header = _header(path.read_bytes())
            r["path"] = f"data/{filename}"
        elif r.get("x_since"):
            header = [f["name"] for f in fields]
            (scratch / filename).write_text(",".join(header) + "\n", encoding="utf-8")
            r["path"] = f"{scratch.name}/{filename}"
        else:
            header = []
            r["path"] = f"data/{filename}"  # missing: frictionless says so
        by_name = {f["name"]: f for f in fields}
        chosen = []
        for label in header:
            f = by_name.get(label.strip())  # a name with spaces: see _column_name_with_spaces
            if f is not None and f not in chosen:
                chosen.append(f)
        chosen += [f for f in fields if f not in chosen and not f.get("x_since")]
        kept = {f["name"] for f in chosen}
        r["schema"]["fields"] = chosen
        r["schema"]["foreignKeys"] = [fk for fk in r["schema"].get("foreignKeys", []) if set(fk["fields"]) <= kept]
        resources.append(r)
    return {**{k: v for k, v in DESCRIPTOR.items() if k != "resources"}, "resources": resources}


def _key_values(raw: bytes | None, column: str) -> set[str] | None:
    rows = _editable(raw.removeprefix(b"\xef\xbb\xbf")) if raw is not None else None
    if rows is None or column not in rows[0]:
        return None
    k = rows[0].index(column)
    return {r[k] for r in rows[1:] if k < len(r) and r[k] != ""}


def _dependants(changed: set[str], files: dict[str, bytes] | None = None, base: dict[str, bytes] | None = None
                ) -> set[str]:
    """The resources whose verdict can change when these change: themselves and those whose
    foreign keys point at them. With the files before and after, a referrer is left out
    when the ids it may point at are the same text as before (frictionless reads them as
    strings, "" as missing), as after an edit of a text cell."""
    out = set(changed)
    for r in SCHEMA.values():
        for fk in r.foreign_keys:
            if fk.resource not in changed or r.name in out:
                continue
            target, column = SCHEMA[fk.resource].filename, fk.reference_fields[0]
            if files is not None and base is not None:
                before, after = _key_values(base.get(target), column), _key_values(files.get(target), column)
                if before is not None and before == after:
                    continue
            out.add(r.name)
    return out


# Exception: a column name with spaces around it (" title_sv"). Frictionless reports
# incorrect-label; our reader matches the name without them and warns (stray-spaces-text).
# The contract does not say; the project accepts it on purpose (tests/test_downloads.py:
# "A header name with a stray space ... [is] accepted by the validator; the per-goal files
# agree with it"), and every published file is written from the model with the contract's
# names, which frictionless validates (tests/test_contract_versions.py).
def _column_name_with_spaces(error) -> bool:
    label = getattr(error, "label", None)
    return error.type == "incorrect-label" and label is not None and label.strip() == error.field_name


# Exception: a row of only empty cells (or an empty line) after the last row of data.
# Frictionless reports it as blank-row (and its empty key as primary-key); our reader
# drops it (check/reading.py: "A trailing empty line (or a row of only delimiters, as
# Excel leaves) is not data"). It holds no value, so it breaks none of the rules the
# contract lists ("Everything the table schemas say (types, required, enums, patterns,
# unique and primary keys, foreign keys)"), and the published files are written from
# the model, without it. An empty row anywhere else is reported by us (wrong-cell-count,
# missing-value), so only the trailing ones are left out.
def _trailing_blank(error, last_data_row: int | None) -> bool:
    row = getattr(error, "row_number", None)
    return error.type in ("blank-row", "primary-key") and None not in (row, last_data_row) and row > last_data_row


def frictionless_errors(data: Path, changed: set[str], checked: set[str] | None = None) -> list[tuple]:
    """(resource, row, field, type, note) of every error frictionless finds in the resources
    `checked` (by default the changed ones and every one referring to them; the others are
    as in the valid base), but for the exceptions _column_name_with_spaces and _trailing_blank."""
    checked = _dependants(changed) if checked is None else checked
    if not checked:
        return []
    needed = checked | {fk.resource for name in checked for fk in SCHEMA[name].foreign_keys}
    scratch = data.parent / "frictionless"
    scratch.mkdir(exist_ok=True)
    package = Package(frictionless_descriptor(data, scratch, needed), basepath=str(data.parent))
    found = []
    for name in sorted(checked):
        report = package.get_resource(name).validate()
        last_data_row = _last_data_row(data / SCHEMA[name].filename)
        found += [(name, getattr(e, "row_number", None), getattr(e, "field_name", None), e.type, e.note)
                  for task in report.tasks for e in task.errors
                  if not (_column_name_with_spaces(e) or _trailing_blank(e, last_data_row))]
    return found


def _last_data_row(path: Path) -> int | None:
    """The row number (header = 1, as frictionless counts) of the last row holding a value."""
    if not path.is_file():
        return None
    try:
        records = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None
    last = 0
    for number, record in enumerate(records, 1):
        if any(cell.strip() for cell in record):
            last = number
    return last


def changed_resources(m: Mutant) -> set[str]:
    base = BASES[m.base]
    names = set(base) | set(m.files)
    return {BY_FILE[n].name for n in names if n in BY_FILE and base.get(n) != m.files.get(n)}


# --- Running the mutants ----------------------------------------------------------

@dataclass
class Outcome:
    mutant: Mutant
    data: Path
    crash: str | None = None
    accepted: bool = False


def _run(m: Mutant, root: Path) -> Outcome:
    data = write(m, root)
    try:
        report = validate(data)
    except Exception as e:  # noqa: BLE001 - any exception is the failure we look for
        return Outcome(m, data, crash=f"{type(e).__name__}: {e}")
    return Outcome(m, data, accepted=report.valid)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> list[Outcome]:
    root = tmp_path_factory.mktemp("mutants")
    return [_run(mutant(seed), root / f"m{seed}") for seed in range(FIRST_SEED, FIRST_SEED + COUNT)]


def test_the_mutants_are_varied(outcomes):
    """The generator makes every kind of edit, and both valid and invalid packages."""
    kinds = {k for o in outcomes for k in o.mutant.kinds}
    assert kinds == {k.removesuffix("-2") for k in EDITS}
    accepted = sum(o.accepted for o in outcomes)
    assert COUNT // 8 < accepted < COUNT * 3 // 4, accepted


def test_the_validator_never_raises(outcomes):
    crashes = [f"{o.mutant}\n    {o.crash}" for o in outcomes if o.crash]
    assert not crashes, "the validator raised:\n" + "\n".join(crashes)


def test_no_schema_error_is_accepted(outcomes):
    missed = []
    for o in outcomes:
        if not o.accepted:
            continue
        changed = changed_resources(o.mutant)
        errors = frictionless_errors(o.data, changed, _dependants(changed, o.mutant.files, BASES[o.mutant.base]))
        unknown = {e[3] for e in errors} - SCHEMA_LEVEL
        assert not unknown, f"{o.mutant}: frictionless error types not classified here: {unknown}"
        if errors:
            missed.append(f"{o.mutant}\n    frictionless: {errors[:3]}")
    assert not missed, "accepted, but frictionless finds schema errors:\n" + "\n".join(missed)


def test_every_accepted_package_loads_and_renders(outcomes):
    broken = []
    for o in outcomes:
        if not o.accepted:
            continue
        try:
            package = load_package(o.data)
            for lang in ("fi", "sv"):
                for page in site_pages(package, lang, {}, None):
                    assert page.render(), page.path
        except Exception as e:  # noqa: BLE001
            broken.append(f"{o.mutant}\n    {type(e).__name__}: {e}")
    assert not broken, "accepted, but the model or a page fails:\n" + "\n".join(broken)


# Edits of valid-minimal, each making frictionless report an error of the type named:
# the oracle, with its rewritten descriptor, does see schema errors.
ORACLE_EDITS = {
    ("observations", "type-error"): ("observations.csv", "2023-12-31,97.7", "2023-12-31,noin 97"),
    ("goals", "constraint-error"): ("goals.csv", "testi-t2,", "Testi-T2,"),  # pattern
    ("feedback", "constraint-error"): ("feedback.csv", ",Palvelu,", ",,"),  # required
    ("assessments", "primary-key"): ("assessments.csv", "testi-t2-arvio,", "testi-t1-a1-arvio,"),
    ("actions", "foreign-key"): ("actions.csv", "testi-t1-a1,testi-t1,", "testi-t1-a1,testi-t9,"),
    # A table with no optional columns: the descriptor matches its columns exactly (those with
    # columns added in 1.1 say fieldsMatch "superset": a missing optional column is fine).
    ("goals", "missing-label"): ("goals.csv", "theme_fi,theme_sv\n", "theme_fi\n"),
    ("organisations", "extra-cell"): ("organisations.csv", "Hela landet,,false,,", "Hela landet,,false,,,"),
    ("strategic_goals", "encoding-error"): ("strategic_goals.csv", None, None),  # saved as Windows-1252
}


def test_the_oracle_sees_schema_errors(tmp_path):
    m = Mutant(0, "minimal", dict(BASES["minimal"]))
    for file, old, new in ORACLE_EDITS.values():
        text = m.files[file].decode("utf-8")
        assert old is None or old in text, old
        m.files[file] = text.encode("cp1252") if old is None else text.replace(old, new, 1).encode("utf-8")
    data = write(m, tmp_path)
    found = {(resource, kind) for resource, _, _, kind, _ in frictionless_errors(data, changed_resources(m))}
    assert set(ORACLE_EDITS) <= found, set(ORACLE_EDITS) - found
    assert not validate(data).valid


def test_the_bases_are_valid_for_both(tmp_path):
    """The oracle asks only about changed resources: the others must be valid as they are."""
    for name in BASES:
        m = Mutant(0, name, dict(BASES[name]))
        data = write(m, tmp_path / name)
        assert validate(data).valid, name
        assert frictionless_errors(data, set(SCHEMA)) == [], name


# A handful of accepted mutants, one of each of these kinds, build into real sites (charts too).
BUILDS: dict[str, Callable[[Mutant], bool]] = {
    "markup-or-symbols-in-text": lambda m: m.kinds == ["cell"] and any(c in str(m) for c in "<{*&😀"),
    "extreme-number": lambda m: m.kinds == ["extreme-number"] and re.search(r"'(-?1e308|9{20})'$", str(m)) is not None,
    "saved-differently": lambda m: m.kinds == ["bytes"],
    "optional-part-left-out": lambda m: m.kinds in (["files"], ["optional-column"]) and "removed" in str(m),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(BUILDS))
def test_accepted_mutants_build(kind, outcomes, tmp_path):
    from seuranta.build import build_site

    chosen = next((o for o in outcomes if o.accepted and BUILDS[kind](o.mutant)), None)
    if chosen is None:
        pytest.skip(f"no accepted mutant of this kind among seeds from {FIRST_SEED}")
    site = build_site(chosen.data, tmp_path / "site")
    for lang in ("fi", "sv"):
        assert (site / lang / "index.html").is_file(), (chosen.mutant, lang)
    for svg in site.rglob("*.svg"):
        ET.parse(svg)  # well-formed XML whatever the text

"""Open-data files of the published site, written from the validated model.

Every table of the package as CSV, JSON and an XLSX sheet, with every column of
the contract (an optional column a package leaves out is written with its
default), the descriptor, one CSV per goal and per indicator, and status.csv.
Everything lands in `site/data/` with stable names, so a journalist's link
keeps working from one update to the next. Nothing here reads the CSV files:
the check stage read them once, and only valid data reaches this stage.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import operator
import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any

from seuranta.check.schema import Resource, load_schema
from seuranta.digest import digest
from seuranta.files import keep_in_cache, put_bytes, put_listed, put_parts, put_text
from seuranta.model.described import CONTRACT_KEYS
from seuranta.model.package import Indicator, Package, Text
from seuranta.model.slices import digested_slice, rows_digest
from seuranta.opendata import blocks as blocks_module
from seuranta.opendata import xlsx, zip_parts
from seuranta.opendata.archive import write_archive
from seuranta.opendata.blocks import Blocks
from seuranta.opendata.indicator_json import SCHEMA_FILE, indicator_record, indicator_schema
from seuranta.opendata.releases import citation_line, release_date
from seuranta.opendata.subsets import organisation_packages
from seuranta.opendata.xlsx import workbook
from seuranta.settings import DESCRIPTOR, LANGUAGES
from seuranta.status.evaluate import STATUSES, Status, all_statuses


def _status_field(name: str, kind: str, en: str, fi: tuple[str, str], sv: tuple[str, str]) -> dict[str, Any]:
    field = {"name": name, "type": kind, "title": fi[0], "description": fi[1], "x_title_sv": sv[0],
             "x_description_sv": sv[1], "x_description_en": en}
    if kind == "number":  # every number of status.csv is in its indicator's unit
        field["x_unit"] = "→ indicators.unit"
    return field


# status.csv's columns as Table Schema fields, with Finnish and Swedish titles like datapackage.json's.
STATUS_FIELDS = [
    _status_field("indicator_id", "string", "→ indicators.id",
                  ("Mittari (tunniste)", "Viittaus: indicators.id."),
                  ("Mätare (identifierare)", "Hänvisning: indicators.id.")),
    _status_field("area_id", "string", "→ organisations.id: the plan's own area",
                  ("Alue (tunniste)", "Viittaus: organisations.id – suunnitelman oma alue."),
                  ("Område (identifierare)", "Hänvisning: organisations.id – planens eget område.")),
    _status_field("status", "string",
                  "met, improving, no_change, worsening, no_target or no_data (see the methodology page)",
                  ("Tila", "met = tavoitetaso saavutettu, improving = kehitys toivottuun suuntaan, no_change = ei "
                           "merkittävää muutosta (tai ei vertailukelpoista arvoa), worsening = kehitys väärään "
                           "suuntaan, no_target = ei lukuarvoista tavoitetasoa, no_data = ei käytettävää arvoa. "
                           "Ks. menetelmäsivu."),
                  ("Läge", "met = målnivån uppnådd, improving = utveckling i önskad riktning, no_change = ingen "
                           "betydande förändring (eller inget jämförbart värde), worsening = utveckling i fel "
                           "riktning, no_target = ingen numerisk målnivå, no_data = inget användbart värde. "
                           "Se metodsidan.")),
    _status_field("latest_value", "number", "The latest usable value (final or preliminary)",
                  ("Viimeisin arvo", "Viimeisin käytettävä arvo (lopullinen tai ennakkotieto)."),
                  ("Senaste värde", "Det senaste användbara värdet (slutlig eller preliminär uppgift).")),
    _status_field("latest_period_start", "date", "Start of the latest value's period",
                  ("Viimeisimmän jakson alku", "Viimeisimmän arvon jakson ensimmäinen päivä."),
                  ("Senaste periodens början", "Första dagen i det senaste värdets period.")),
    _status_field("latest_period_end", "date", "End of the latest value's period",
                  ("Viimeisimmän jakson loppu", "Viimeisimmän arvon jakson viimeinen päivä."),
                  ("Senaste periodens slut", "Sista dagen i det senaste värdets period.")),
    _status_field("latest_value_status", "string", "final or preliminary",
                  ("Viimeisimmän arvon tila", "final = lopullinen tieto, preliminary = ennakkotieto."),
                  ("Senaste värdets status", "final = slutlig uppgift, preliminary = preliminär uppgift.")),
    _status_field("compared_value", "number",
                  "The value compared with the target: projected to a full year for a cumulative indicator measured "
                  "over part of a year, else latest_value",
                  ("Verrattu arvo", "Tavoitetasoon verrattu arvo: kertyvän mittarin osavuoden arvo muunnettuna koko "
                                    "vuoden arvoksi, muuten viimeisin arvo."),
                  ("Jämfört värde", "Värdet som jämförs med målnivån: för en kumulativ mätare ett värde för en del av "
                                    "året omräknat till helt år, annars det senaste värdet.")),
    _status_field("reference_value", "number", "The baseline, or else the earliest usable value",
                  ("Vertailuarvo", "Lähtötaso tai, jos sitä ei ole, varhaisin käytettävä arvo."),
                  ("Referensvärde", "Utgångsnivån eller, om den saknas, det tidigaste användbara värdet.")),
    _status_field("reference_date", "date", "Date of the baseline, or end of the earliest value's period",
                  ("Vertailuarvon päivämäärä", "Lähtötason päivämäärä tai varhaisimman arvon jakson loppu."),
                  ("Referensvärdets datum", "Utgångsnivåns datum eller slutet av det tidigaste värdets period.")),
    _status_field("reference_is_baseline", "boolean", "true: the reference is the indicator's baseline",
                  ("Vertailuarvo on lähtötaso", "true: vertailuarvo on mittarin lähtötaso."),
                  ("Referensvärdet är utgångsnivån", "true: referensvärdet är mätarens utgångsnivå.")),
    _status_field("partial_year", "boolean", "true: the latest value covers only part of the target year",
                  ("Osa vuodesta", "true: viimeisin arvo kattaa vain osan tavoitevuodesta."),
                  ("Del av året", "true: det senaste värdet gäller bara en del av målåret.")),
]
STATUS_COLUMNS = [f["name"] for f in STATUS_FIELDS]


def _machine(x: object) -> str:
    """A value as the contract writes it in a CSV: 1133, 97.7, 2024-10-08, true."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):  # exactly as given: repr is the shortest text that reads back the same
        return str(int(x)) if x.is_integer() else repr(x)
    if isinstance(x, dt.date):
        return x.isoformat()
    return str(x)


def _computed(x: float | None) -> float | None:
    """A value Seuranta computed (a projection to a full year): six decimals are plenty."""
    return None if x is None else round(x, 6)


# A kind of CSV: its delimiter and line end. The contract's is a comma and LF.
Dialect = tuple[str, str]
_CONTRACT_CSV: Dialect = (",", "\n")


def _csv_text(rows: Iterable[Iterable[str]], dialect: Dialect = _CONTRACT_CSV) -> str:
    text = io.StringIO()
    csv.writer(text, delimiter=dialect[0], lineterminator=dialect[1]).writerows(rows)
    return text.getvalue()


def _table_text(header: list[str], rows: list[list[str]], blocks: Blocks, made_as: str,
                dialect: Dialect = _CONTRACT_CSV,
                edit: Callable[[list[list[str]]], Sequence[Sequence[str]]] | None = None) -> bytes:
    """A table as CSV (see _csv_text) in UTF-8, its rows block by block (blocks.py), each
    `edit`ed first if asked; `made_as` names the edit (what else decides a block's text)."""
    def made(_: int, block: list[list[str]]) -> bytes:
        return _csv_text(edit(block) if edit else block, dialect).encode("utf-8")

    parts = [text for _, _, text in blocks.each(rows, repr(("csv", dialect, made_as)), made, _is_text)]
    return _csv_text([header], dialect).encode("utf-8") + b"".join(parts)


def _is_text(kept: object) -> bool:
    """Whether a kept block has the shape of a block's text (UTF-8)."""
    return isinstance(kept, bytes)


def status_rows(statuses: Iterable[Status]) -> list[list[str]]:
    """status.csv's rows (without its header), one per indicator."""
    rows = []
    for s in statuses:
        o = s.latest
        rows.append([_machine(v) for v in (
            s.indicator_id, s.area_id, s.status, o.value if o else None,
            o.period_start if o else None, o.period_end if o else None,
            o.value_status if o else None, _computed(s.latest_value), _computed(s.reference_value), s.reference_date,
            s.reference_is_baseline if s.reference_value is not None else None,
            s.partial_year if o else None)])
    return rows


def write_status_csv(statuses: Iterable[Status], path: Path) -> None:
    put_text(path, _csv_text([STATUS_COLUMNS, *status_rows(statuses)]))


def _status_resource() -> dict[str, Any]:
    fields: list[dict[str, Any]] = copy.deepcopy(STATUS_FIELDS)
    for field in fields[:3]:  # indicator_id, area_id, status
        field["constraints"] = {"required": True}
    fields[2]["constraints"]["enum"] = list(STATUSES)
    return {"name": "status", "path": "status.csv", "profile": "tabular-data-resource",
            "title": "Mittarien tila",
            "description": "Seuranta laskee mittareista ja toteumista sivustoa rakennettaessa; ei muokata käsin.",
            "x_title_sv": "Mätarnas läge",
            "x_description_sv": "Seuranta räknar ut det ur mätarna och utfallen när webbplatsen byggs; redigeras "
                                "inte för hand.",
            "x_description_en": "Computed by Seuranta from indicators and observations at build time; "
                                "not edited by hand.",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": fields,
                       "primaryKey": ["indicator_id"],
                       "foreignKeys": [{"fields": ["indicator_id"],
                                        "reference": {"resource": "indicators", "fields": ["id"]}}]}}


def published_descriptor(package: Package, descriptor: Path = DESCRIPTOR) -> dict[str, Any]:
    """The package's datapackage.json as published: its own properties (Package.described:
    title, version, release notes, licence) and the contract's table schemas (`descriptor`),
    beside its CSVs, with status.csv. In the contract's order of properties."""
    contract: dict[str, Any] = json.loads(Path(descriptor).read_text(encoding="utf-8"))
    own = copy.deepcopy(package.described)
    described = {k: v if k in CONTRACT_KEYS else own.pop(k) for k, v in contract.items()
                 if k in CONTRACT_KEYS or k in own}
    described.update(own)  # properties only the package's own descriptor has
    for r in described["resources"]:
        r["path"] = Path(r["path"]).name  # datapackage.json sits beside the CSVs here
    described["resources"].append(_status_resource())
    return described


def write_downloads(package: Package, out: Path, descriptor: Path = DESCRIPTOR, cache_dir: Path | None = None,
                    made_from: dict[str, str] | None = None) -> dict[str, str]:
    """Write the open data of the validated `package` into `out`: the package
    (datapackage.json, the CSVs, status.csv), also zipped, JSON per table, the
    workbook and the files per goal and indicator. Files whose content is unchanged
    are left as they are (`out` may be a hard-linked copy of the live site's: see
    files.py).

    With `cache_dir`, what each block of a table's rows became in each file (blocks.py)
    is kept there for the next call, which takes the blocks whose rows are unchanged.

    Returns what each file per organisation, goal and indicator was made from (a
    digest of the rows of its slice, model/slices.py). Given those of the files
    already in `out` (the previous build's) as `made_from`, such a file is not made
    again while its digest is unchanged (the whole package's files change with any value)."""
    out.mkdir(parents=True, exist_ok=True)
    resources = load_schema(descriptor)
    described = published_descriptor(package, descriptor)
    tables = {name: table_rows(package, resource) for name, resource in resources.items()}
    statuses = status_rows(all_statuses(package).values())
    blocks = _kept_blocks(cache_dir)
    texts, changed = _write_package(out, described, resources, tables, statuses, blocks)
    for name, resource in resources.items():
        if resource.filename in changed or not (out / f"{name}.json").exists():
            put_parts(out / f"{name}.json", _records_json([f.name for f in resource.fields], tables[name], blocks))
    put_parts(out / "status.json", _records_json(STATUS_COLUMNS, statuses, blocks))
    citations = [citation_line(described, lang) for lang in LANGUAGES]
    put_bytes(out / WORKBOOK, workbook(described, {**tables, "status": statuses}, release_date(described),
                                       citations, blocks))
    write_archive(out / ARCHIVE, texts)
    _write_excel_fi(out / EXCEL_FI, resources["observations"], tables["observations"], statuses, blocks)
    if cache_dir is not None:
        _keep_blocks(cache_dir, blocks)
    made = _MadeFrom(package, out, made_from,
                     digest(repr((described, sorted(resources.items())))))
    _write_organisation_packages(package, out, described, resources, statuses, made)
    _write_goal_files(package, resources["observations"], out, made)
    _write_indicator_json(package, out, described, resources, tables["indicators"], statuses, made)
    return made.now


class _MadeFrom:
    """What the files per organisation, goal and indicator are made from, as digests of the
    rows of their slices of the package (besides the descriptor and schemas, `common`),
    and whether a file from the previous build, linked into `out`, can stay as it is."""

    def __init__(self, package: Package, out: Path, before: dict[str, str] | None, common: str) -> None:
        self.package, self.out, self.before, self.common = package, out, before, common
        self.now: dict[str, str] = {}
        self._listed: dict[str, set[str]] = {}  # a folder's files (one listing, not a stat per file)

    def indicator(self, i: Indicator) -> str:
        return digested_slice(self.package, "indicator", i)[1]

    def unchanged(self, path: str, *parts: str) -> bool:
        """Records the file's digest; whether the previous build's file is still right."""
        self.now[path] = made = digest("\n".join((self.common, *parts)))
        return self.before is not None and self.before.get(path) == made and self._present(path)

    def _present(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        if folder not in self._listed:
            self._listed[folder] = set(_file_names(self.out / folder))
        return name in self._listed[folder]


def _file_names(folder: Path) -> list[str]:
    """The names of the files in `folder` (none if it is not there)."""
    try:
        return [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except FileNotFoundError:
        return []


ARCHIVE = "seuranta-data.zip"  # the whole package in one file
WORKBOOK = "seuranta.xlsx"  # every table as a typed sheet, with a sheet documenting the columns
EXCEL_FI = "excel-fi"  # the observations and the statuses as Finnish Excel opens a CSV by double-click


# Excel runs a cell that begins with one of these as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """A text cell Excel shows as text: with a leading apostrophe, which Excel hides,
    when it would otherwise start a formula (a note "=HYPERLINK(…)")."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _excel_rows(rows: list[list[str]], numeric: set[int]) -> list[tuple[str, ...]]:
    """Rows as Finnish Excel reads them (_write_excel_fi): the columns `numeric` with a
    decimal comma, the others _inert (column by column: most need nothing)."""
    columns: list[Sequence[str]] = list(zip(*rows, strict=True))
    for n, column in enumerate(columns):
        if n in numeric:
            columns[n] = [cell.replace(".", ",") for cell in column]
        elif any(map(_formula_like, column)):
            columns[n] = [_inert(cell) for cell in column]
    return list(zip(*columns, strict=True))


_formula_like = operator.methodcaller("startswith", _FORMULA_START)


def _numeric(fields: Iterable[tuple[str, str]]) -> set[int]:
    """The positions of the number columns, given (name, type) of each column."""
    return {n for n, (_, kind) in enumerate(fields) if kind in ("number", "integer")}


def _write_excel_fi(folder: Path, observations: Resource, rows: list[list[str]], statuses: list[list[str]],
                    blocks: Blocks) -> None:
    """observations.csv and status.csv as Finnish Excel reads them on a double-click:
    semicolons, a decimal comma, UTF-8 with a byte-order mark, CRLF line ends. The
    values are those of the package's files (`rows`: table_rows of its observations);
    only the number format differs."""
    numeric_observations = _numeric((f.name, f.type) for f in observations.fields)
    numeric_status = _numeric((f["name"], f["type"]) for f in STATUS_FIELDS)
    for name, header, body, numeric in (
            ("observations.csv", [f.name for f in observations.fields], rows, numeric_observations),
            ("status.csv", STATUS_COLUMNS, statuses, numeric_status)):
        text = _table_text(header, body, blocks, f"excel-fi {sorted(numeric)}", _EXCEL_FI,
                           partial(_excel_rows, numeric=numeric))
        put_bytes(folder / name, "\ufeff".encode() + text)


_EXCEL_FI: Dialect = (";", "\r\n")  # as Finnish Excel reads a CSV


def keep_row_texts(package: Package, descriptor: Path = DESCRIPTOR) -> None:
    """Make every row's CSV cells (table_rows) into the package's memo (Package.row_memo),
    where a package loaded from this one takes those of its unchanged rows.
    (write_downloads makes the cells it lacks; a build calls this where write_downloads
    runs in a process of its own, whose memo ends with it.)"""
    resources = load_schema(descriptor)
    for resource in resources.values():
        table_rows(package, resource)


def _write_package(folder: Path, described: dict[str, Any], resources: dict[str, Resource],
                   tables: dict[str, list[list[str]]], statuses: list[list[str]],
                   blocks: Blocks | None = None) -> tuple[dict[str, bytes], set[str]]:
    """Write a data package into `folder`: `described` as datapackage.json, each table of
    `resources` and status.csv (their rows' blocks taken from `blocks` where kept there).
    Returns each file's bytes by name (in the package's order) and the names of the files
    that had to be written."""
    blocks = blocks or Blocks(keep=False)
    texts = {"datapackage.json": (json.dumps(described, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
    for name, resource in resources.items():
        texts[resource.filename] = _table_text([f.name for f in resource.fields], tables[name], blocks, "")
    texts["status.csv"] = _table_text(STATUS_COLUMNS, statuses, blocks, "")
    return texts, {name for name, text in texts.items() if put_bytes(folder / name, text)}


def _write_indicator_json(package: Package, out: Path, described: dict[str, Any], resources: dict[str, Resource],
                          indicators: list[list[str]], statuses: list[list[str]], made: _MadeFrom) -> None:
    """indicators/{id}.json for every indicator (see indicator_json), and the schema they follow."""
    put_text(out / SCHEMA_FILE, json.dumps(indicator_schema(described), ensure_ascii=False, indent=2) + "\n")
    indicator_columns = [f.name for f in resources["indicators"].fields]
    observation_columns = [f.name for f in resources["observations"].fields]
    status_columns = STATUS_COLUMNS
    rows = {i.id: dict(zip(indicator_columns, row, strict=True)) for i, row in zip(package.indicators, indicators,
                                                                                    strict=True)}
    status = {row[0]: dict(zip(status_columns, row, strict=True)) for row in statuses}
    cells = _row_cells(package, resources["observations"])
    folder = out / "indicators"
    folder.mkdir(parents=True, exist_ok=True)
    listed = set(_file_names(folder))
    for i in package.indicators:
        if made.unchanged(f"indicators/{i.id}.json", made.indicator(i)):
            continue
        observations = [dict(zip(observation_columns, cells(o), strict=True)) for o in package.observations_of(i.id)]
        record = indicator_record(described, package.plan(i.plan_id).organisation_id, rows[i.id], observations,
                                  status[i.id])
        put_listed(folder / f"{i.id}.json", json.dumps(record, ensure_ascii=False, indent=2) + "\n", listed)
    wanted = {f"{i.id}.json" for i in package.indicators}
    for stale in [name for name in _file_names(folder) if name.endswith(".json")]:
        if stale not in wanted:
            (folder / stale).unlink()  # its indicator was removed from the data


def _write_organisation_packages(package: Package, out: Path, described: dict[str, Any],
                                 resources: dict[str, Resource], statuses: list[list[str]], made: _MadeFrom) -> None:
    """One package per organisation in `out/{organisation_id}/` (see subsets), valid on its own."""
    parts = organisation_packages(package)
    # What each part's descriptor is made from (_organisation_descriptor), but its id.
    descriptors = repr((described, [(o.id, o.name) for o in package.organisations]))
    for organisation_id, part in parts.items():
        if made.unchanged(f"{organisation_id}/datapackage.json", rows_digest(part, package), descriptors,
                          organisation_id):
            continue
        indicators = {i.id for i in part.indicators}
        _write_package(out / organisation_id, _organisation_descriptor(described, package, organisation_id),
                       resources, {name: table_rows(part, r, package) for name, r in resources.items()},
                       [row for row in statuses if row[0] in indicators])  # (status.csv's first column)
    for folder in out.iterdir():  # an organisation removed from the data (or left with no rows)
        if folder.is_dir() and (folder / "datapackage.json").is_file() and folder.name not in parts:
            shutil.rmtree(folder)


def _organisation_descriptor(described: dict[str, Any], package: Package, organisation_id: str) -> dict[str, Any]:
    """The package's descriptor for one organisation's part: its own name and title,
    and only the sources that are not another organisation's documents."""
    part: dict[str, Any] = copy.deepcopy(described)
    name = package.organisation(organisation_id).name
    for key in ("name", "id"):
        if key in part:
            part[key] = f"{part[key]}-{organisation_id}"
    part["title"] = f"{part.get('title', described['name'])}: {name.fi}"
    if "x_title_sv" in part:
        part["x_title_sv"] = f"{part['x_title_sv']}: {name.sv or name.fi}"
    others = [f"{o.name.fi}:" for o in package.organisations if o.id != organisation_id and o.name.fi]
    if "sources" in part:
        part["sources"] = [s for s in part["sources"] if not str(s.get("title", "")).startswith(tuple(others))]
    return part


def csv_memo(resource: Resource) -> str:
    """The kind of row memo of a table's CSV cells (table_rows): named by its columns too,
    so that a package taking the last one's memo never takes cells of other columns."""
    return f"csv {resource.name}: {', '.join(f.name for f in resource.fields)}"


def table_rows(package: Package, resource: Resource, whole: Package | None = None) -> list[list[str]]:
    """A table of the package as CSV text, one list per row (not to be changed: each row's
    is kept in the memo of `whole`, the package `package` is a slice of, if not itself),
    in the schema's column order."""
    if resource.name == "goal_strategic_goals":
        return [[goal, strategic] for goal, strategic in package.goal_strategic_goals]
    cells = _row_cells(whole or package, resource)
    return [cells(item) for item in getattr(package, resource.name)]


def _row_cells(package: Package, resource: Resource) -> Callable[[object], list[str]]:
    """A row's CSV cells in the schema's column order (see table_rows), kept in the
    package's memo by row."""
    columns = tuple(f.name for f in resource.fields)
    known = package.row_memo(csv_memo(resource))

    def cells(item: object) -> list[str]:
        found = known.get(id(item))
        if found is None:
            values = _values_of(item, columns)(item)
            found = known[id(item)] = (item, [v if v.__class__ is str else _machine(v) for v in values])
        made: list[str] = found[1]
        return made
    return cells


def _values_of(item: object, columns: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """How the model's values of `columns` are got from a row of the kind of `item`, all at
    once: *_fi and *_sv are the two halves of a Text. (A model field is a Text in every row
    of its kind or in none: so worked out once per kind of row.)"""
    key = (type(item), columns)
    found = _GETTERS.get(key)
    if found is None:
        paths = [f"{column[:-3]}.{column[-2:]}" if column.endswith(("_fi", "_sv"))
                 and isinstance(getattr(item, column[:-3], None), Text) else column for column in columns]
        together = operator.attrgetter(*paths)
        found = _GETTERS[key] = together if len(paths) > 1 else lambda row: (together(row),)
    return found


_GETTERS: dict[tuple[type, tuple[str, ...]], Callable[[object], tuple[object, ...]]] = {}


_quoted = json.encoder.encode_basestring  # a string as JSON writes it, without escaping what is not ASCII


def _records_json(header: list[str], rows: list[list[str]], blocks: Blocks | None = None) -> list[bytes]:
    """The table as a JSON list of records (all values as text, like the CSV), one per
    line, as json.dumps(record, ensure_ascii=False) writes each (put together here: 3
    times as fast, for 50,000 rows), in UTF-8: the parts of the file, block by block
    (blocks.py: those of `blocks` taken)."""
    keys = [_quoted(name) + ": " for name in header]

    def made(_: int, block: list[list[str]]) -> bytes:
        return ",\n".join(["{" + ", ".join([key + _quoted(text) for key, text in zip(keys, row, strict=True)]) + "}"
                            for row in block]).encode("utf-8")

    parts = [b"[\n"]
    for n, (_, _, text) in enumerate((blocks or Blocks(keep=False)).each(rows, repr(("json", header)), made, _is_text)):
        parts += [b",\n", text] if n else [text]
    return [*parts, b"\n]\n"]


def _kept_blocks(cache_dir: Path | None) -> Blocks:
    """The blocks of rows kept in `cache_dir` by the last call (none if it has none, or a
    spoilt file: a cache never stops a build); without a cache, blocks are not kept."""
    if cache_dir is None:
        return Blocks(keep=False)
    try:  # (a cache in the build's own work folder, written by this module only)
        with (cache_dir / _blocks_file()).open("rb") as f:
            return Blocks(pickle.load(f))
    except Exception:
        return Blocks()


def _keep_blocks(cache_dir: Path, blocks: Blocks) -> None:
    """Keep this call's blocks for the next call: one file, the last call's only."""
    name = _blocks_file()
    for old in cache_dir.glob("*"):
        if old.name != name:
            old.unlink()
    keep_in_cache(cache_dir / name, partial(pickle.dump, blocks.made, protocol=pickle.HIGHEST_PROTOCOL))


@cache
def _blocks_file() -> str:
    """The kept blocks' file, named by the code that makes them: changed code starts anew."""
    code = [Path(module.__file__ or "").read_text(encoding="utf-8") for module in (blocks_module, xlsx, zip_parts)]
    return f"blocks-{digest(chr(0).join([*code, Path(__file__).read_text(encoding='utf-8'), xlsx.WRITER]))}.pickle"


OBSERVATION_FILE_COLUMNS = ["goal_id", "indicator_id", "name_fi", "name_sv", "unit"]


def _write_goal_files(package: Package, resource: Resource, out: Path, made: _MadeFrom) -> None:
    """One CSV per goal (goals/) and one per indicator (indicators/): observations
    (`resource`), with the indicator named in each row. Every goal and indicator gets
    its file, a header alone when it has no values yet: the pages link to each."""
    columns = [f.name for f in resource.fields if f.name != "indicator_id"]
    header = [*OBSERVATION_FILE_COLUMNS, *columns]
    cells = _row_cells(package, resource)
    shown = [n for n, f in enumerate(resource.fields) if f.name != "indicator_id"]  # (its cells, in `columns`)
    by_goal: dict[str, list[list[str]]] = defaultdict(list)
    by_indicator: dict[str, list[list[str]]] = defaultdict(list)
    goal_digests: dict[str, list[str]] = defaultdict(list)
    for i in package.indicators:
        goal_digests[i.goal_id or ""].append(made.indicator(i))
    done = {f"goals/{g.id}.csv" for g in package.goals if made.unchanged(f"goals/{g.id}.csv", *goal_digests[g.id])}
    done |= {f"indicators/{i.id}.csv" for i in package.indicators
             if made.unchanged(f"indicators/{i.id}.csv", made.indicator(i))}
    for i in package.indicators:
        if {f"goals/{i.goal_id}.csv", f"indicators/{i.id}.csv"} <= done or (
                not i.goal_id and f"indicators/{i.id}.csv" in done):
            continue
        for o in package.observations_of(i.id):
            row = [_machine(v) for v in (i.goal_id, i.id, i.name.fi, i.name.sv, i.unit)]
            row += map(cells(o).__getitem__, shown)
            by_goal[i.goal_id or ""].append(row)
            by_indicator[i.id].append(row)
    for folder, groups, keys in (("goals", by_goal, [g.id for g in package.goals]),
                                 ("indicators", by_indicator, sorted(i.id for i in package.indicators))):
        (out / folder).mkdir(parents=True, exist_ok=True)
        listed = set(_file_names(out / folder))
        for key in keys:
            if f"{folder}/{key}.csv" not in done:
                put_listed(out / folder / f"{key}.csv", _csv_text([header, *groups.get(key, [])]), listed)
        wanted = {f"{k}.csv" for k in keys}
        for stale in [name for name in _file_names(out / folder) if name.endswith(".csv")]:
            if stale not in wanted:
                (out / folder / stale).unlink()  # its goal or indicator was removed from the data

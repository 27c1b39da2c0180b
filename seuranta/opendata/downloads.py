"""Open-data files of the published site: the package as CSV, JSON and XLSX.

Everything lands in `site/data/` with stable names, so a journalist's link
keeps working from one update to the next.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from seuranta.check.reading import parse_table
from seuranta.check.schema import load_schema
from seuranta.digest import digest
from seuranta.files import keep_in_cache, link_tree, put_bytes, put_text
from seuranta.opendata.xlsx import sheet, workbook
from seuranta.settings import DESCRIPTOR

STATUS_COLUMNS = [
    ("indicator_id", "string", "→ indicators.id"),
    ("area_id", "string", "→ organisations.id: the plan's own area"),
    ("status", "string", "met, improving, no_change, worsening, no_target or no_data (see the methodology page)"),
    ("latest_value", "number", "The latest usable value (final or preliminary)"),
    ("latest_period_start", "date", "Start of the latest value's period"),
    ("latest_period_end", "date", "End of the latest value's period"),
    ("latest_value_status", "string", "final or preliminary"),
    ("compared_value", "number", "The value compared with the target: projected to a full year for a "
                                 "cumulative indicator measured over part of a year, else latest_value"),
    ("reference_value", "number", "The baseline, or else the earliest usable value"),
    ("reference_date", "date", "Date of the baseline, or end of the earliest value's period"),
    ("reference_is_baseline", "boolean", "true: the reference is the indicator's baseline"),
    ("partial_year", "boolean", "true: the latest value covers only part of the target year"),
]


def _machine(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):
        return str(int(x)) if x.is_integer() else repr(round(x, 6))
    return str(x)


def _csv_text(rows) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()


def write_status_csv(statuses, path: Path) -> None:
    rows = [[c for c, _, _ in STATUS_COLUMNS]]
    for s in statuses:
        o = s.latest
        rows.append([_machine(v) for v in (
            s.indicator_id, s.area_id, s.status, o.value if o else None,
            o.period_start if o else None, o.period_end if o else None,
            o.value_status if o else None, s.latest_value, s.reference_value, s.reference_date,
            s.reference_is_baseline if s.reference_value is not None else None,
            s.partial_year if o else None)])
    put_text(path, _csv_text(rows))


def _status_resource() -> dict:
    return {"name": "status", "path": "status.csv", "profile": "tabular-data-resource",
            "title": "Mittarien tila / Mätarnas läge",
            "description": "Computed by Seuranta from indicators and observations at build time; "
                           "not edited by hand.",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in STATUS_COLUMNS],
                       "primaryKey": ["indicator_id"],
                       "foreignKeys": [{"fields": ["indicator_id"],
                                        "reference": {"resource": "indicators", "fields": ["id"]}}]}}


def write_downloads(data_dir: Path, out: Path, previous: Path | None = None,
                    descriptor: Path = DESCRIPTOR, cache_dir: Path | None = None) -> None:
    """Write the open data of the package in `data_dir` into `out` (all but
    status.csv, which needs the validated package: write_status_csv).

    Made from the CSV files alone, so it can run while the package is validated.
    With `previous` (the live site's folder), `out` starts as a hard-linked copy
    of it and unchanged files are left as they are; the XLSX workbook's sheets
    (slow to make) are kept in `cache_dir` while their CSV is unchanged."""
    if previous is not None and previous.is_dir():
        link_tree(previous, out)
    out.mkdir(parents=True, exist_ok=True)
    resources = load_schema(descriptor)
    package = json.loads(Path(descriptor).read_text(encoding="utf-8"))
    for r in package["resources"]:
        r["path"] = Path(r["path"]).name  # datapackage.json sits beside the CSVs here
    package["resources"].append(_status_resource())
    put_text(out / "datapackage.json", json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    raws = {name: (data_dir / resource.filename).read_bytes().removeprefix(b"\xef\xbb\xbf")
            for name, resource in resources.items()}
    tables: dict[str, tuple] = {}  # parsed once, for the JSON and the sheet

    def table(name: str) -> tuple[list[str], list[list[str]]]:
        if name not in tables:
            tables[name] = _table(raws[name])
        return tables[name]

    for name, resource in resources.items():
        if put_bytes(out / resource.filename, raws[name]) or not (out / f"{name}.json").exists():
            put_text(out / f"{name}.json", _records_json(*table(name)))
    sheets = [(name, _sheet(name, raws[name], resources[name], table, cache_dir)) for name in resources]
    put_bytes(out / "seuranta.xlsx", workbook(sheets))
    _write_goal_files(raws, out, resources)


def _table(raw: bytes) -> tuple[list[str], list[list[str]]]:
    """A CSV file's header and rows, every value as the text in the file."""
    import pandas as pd  # here: a rebuild whose tables are unchanged need not import it (0.3 s)

    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    return list(frame.columns), frame.values.tolist()


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every record


def _records_json(header: list[str], rows: list[list[str]]) -> str:
    """The table as a JSON list of records (all values as text, like the CSV), one per line."""
    return "[\n" + ",\n".join(_to_json(dict(zip(header, r, strict=True))) for r in rows) + "\n]\n"


def _sheet(name: str, raw: bytes, resource, table, cache_dir: Path | None) -> str:
    """The resource's worksheet (numbers as numbers), reused from `cache_dir` while its CSV is unchanged."""
    types = {f.name: f.type for f in resource.fields}
    cached = cache_dir / f"{name}-{digest(raw + repr(sorted(types.items())).encode())}.xml" if cache_dir else None
    if cached and cached.is_file():
        return cached.read_text(encoding="utf-8")
    header, rows = table(name)
    xml = sheet(header, rows, {n for n, column in enumerate(header) if types.get(column) in ("number", "integer")})
    if cached:
        for old in cache_dir.glob(f"{name}-*.xml"):  # keep one per table: the cache only serves the next build
            old.unlink()
        keep_in_cache(cached, xml)
    return xml


def _write_goal_files(raws: dict[str, bytes], out: Path, resources: dict) -> None:
    """One CSV per goal (goals/) and one per indicator (indicators/): observations,
    with the indicator named in each row.

    The tables are read as the validator reads them (reading.parse_table). This
    may run before validation (see write_downloads), so an id names a file only
    when it has the contract's form: nothing like "../x" can reach a path."""
    goals, indicators, observations = (_table_of(name, raws[name]) for name in ("goals", "indicators", "observations"))
    safe = {name: next(f.pattern for f in resources[name].fields if f.name == "id") for name in ("goals", "indicators")}
    goal_ids = [g["id"] for g in _dicts(goals) if _is_id(g.get("id"), safe["goals"])]
    indicator_rows = {i["id"]: i for i in _dicts(indicators) if "id" in i}
    header, rows = observations
    at = header.index("indicator_id") if "indicator_id" in header else None
    columns = ["goal_id", "indicator_id", "name_fi", "name_sv", "unit", *[c for c in header if c != "indicator_id"]]
    by_goal, by_indicator = defaultdict(list), defaultdict(list)
    for row in rows if at is not None else []:
        if at >= len(row):
            continue  # a short row: reported by the validator
        i = indicator_rows.get(row[at], {})
        joined = [i.get("goal_id", ""), row[at], i.get("name_fi", ""), i.get("name_sv", ""), i.get("unit", ""),
                  *row[:at], *row[at + 1:]]
        by_goal[joined[0]].append(joined)
        by_indicator[row[at]].append(joined)
    indicator_ids = sorted(k for k in by_indicator if _is_id(k, safe["indicators"]))
    for folder, groups, keys in (("goals", by_goal, goal_ids), ("indicators", by_indicator, indicator_ids)):
        (out / folder).mkdir(parents=True, exist_ok=True)
        for key in keys:
            put_text(out / folder / f"{key}.csv", _csv_text([columns, *groups.get(key, [])]))
        for stale in set((out / folder).glob("*.csv")) - {out / folder / f"{k}.csv" for k in keys}:
            stale.unlink()  # its goal or indicator was removed from the data


def _table_of(name: str, raw: bytes) -> tuple[list[str], list[list[str]]]:
    table, _problems = parse_table(name, raw)  # problems are the validator's to report
    return (table.header, table.rows) if table else ([], [])


def _dicts(table: tuple[list[str], list[list[str]]]) -> list[dict[str, str]]:
    header, rows = table
    return [dict(zip(header, row, strict=False)) for row in rows]


def _is_id(value: str | None, pattern) -> bool:
    return bool(value) and (pattern.fullmatch(value) is not None if pattern else value.isalnum())

"""Open-data files of the published site: the package as CSV, JSON and XLSX.

Everything lands in `site/data/` with stable names, so a journalist's link
keeps working from one update to the next.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from .schema import DESCRIPTOR, load_schema

# A fixed timestamp inside the XLSX zip keeps two builds byte-identical.
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


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


def write_status_csv(statuses, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([c for c, _, _ in STATUS_COLUMNS])
        for s in statuses:
            o = s.latest
            w.writerow([_machine(v) for v in (
                s.indicator_id, s.area_id, s.status, o.value if o else None,
                o.period_start if o else None, o.period_end if o else None,
                o.value_status if o else None, s.latest_value, s.reference_value, s.reference_date,
                s.reference_is_baseline if s.reference_value is not None else None,
                s.partial_year if o else None)])


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


def write_downloads(data_dir: Path, out: Path, goal_ids: list[str], statuses=(),
                    descriptor: Path = DESCRIPTOR) -> None:
    out.mkdir(parents=True, exist_ok=True)
    resources = load_schema(descriptor)
    package = json.loads(Path(descriptor).read_text(encoding="utf-8"))
    for r in package["resources"]:
        r["path"] = Path(r["path"]).name  # datapackage.json sits beside the CSVs here
    package["resources"].append(_status_resource())
    write_status_csv(statuses, out / "status.csv")
    (out / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    frames = {}
    for name, resource in resources.items():
        source = data_dir / resource.filename
        raw = source.read_bytes().removeprefix(b"\xef\xbb\xbf")
        (out / resource.filename).write_bytes(raw)
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
        frames[name] = frame
        (out / f"{name}.json").write_text(
            json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    _write_xlsx(frames, out / "seuranta.xlsx")
    _write_goal_files(frames, out / "goals", goal_ids)


def _write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
        props = writer.book.properties
        props.created = props.modified = dt.datetime(2000, 1, 1)
        props.creator = "Seuranta"
    _normalise_zip(buffer.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed timestamps so identical content gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _strip_dates(content)
            fixed = zipfile.ZipInfo(info.filename, ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)


def _strip_dates(core_xml: bytes) -> bytes:
    import re

    return re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", core_xml)


def _write_goal_files(frames: dict[str, pd.DataFrame], out: Path, goal_ids: list[str]) -> None:
    """One CSV per goal and one per indicator: observations, with the indicator named in each row."""
    out.mkdir(parents=True, exist_ok=True)
    indicators = frames["indicators"][["id", "goal_id", "name_fi", "name_sv", "unit"]]
    observations = frames["observations"].merge(
        indicators.rename(columns={"id": "indicator_id"}), on="indicator_id", how="left")
    columns = ["goal_id", "indicator_id", "name_fi", "name_sv", "unit",
               *[c for c in frames["observations"].columns if c != "indicator_id"]]
    for goal_id in goal_ids:
        _write_csv(observations[observations["goal_id"] == goal_id][columns], out / f"{goal_id}.csv")
    per_indicator = out.parent / "indicators"
    per_indicator.mkdir(parents=True, exist_ok=True)
    for indicator_id, rows in observations.groupby("indicator_id", sort=True):
        _write_csv(rows[columns], per_indicator / f"{indicator_id}.csv")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    text = io.StringIO()
    frame.to_csv(text, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    path.write_text(text.getvalue(), encoding="utf-8")


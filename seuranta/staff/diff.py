"""What a change to the data does, in words a reviewer reads: `seuranta diff BASE HEAD`.

BASE and HEAD are data folders or git refs. Rows are matched by their primary
keys (composite keys too), so a re-sorted file is no change. The review lists
rows added, removed and changed (old → new) per table, observations with their
indicator, area and period, the statuses that change as a result, and the
Swedish texts still missing in what was added or changed. Markdown for a
pull-request comment, or plain text; in Finnish or Swedish.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seuranta import formatting as fmt
from seuranta.check.schema import Resource, load_schema
from seuranta.check.validate import check_package
from seuranta.i18n import gettext
from seuranta.model.load import InvalidPackage, load_package
from seuranta.status.evaluate import all_statuses

Row = dict[str, Any]  # a parsed row of a table (seuranta.check)
Key = tuple[Any, ...]  # a row's primary key values
Names = dict[str, dict[Any, Any]]  # {"indicators"/"organisations": {id: (fi, sv)}, "units": {id: unit}}

# The column that names a row of each table for a reader, in order of preference.
NAME_COLUMNS = ("title", "name", "text", "heading", "service")


@dataclass(frozen=True)
class RowChange:
    table: str
    kind: str  # "added", "removed" or "changed"
    key: Key
    old: Row | None
    new: Row | None
    columns: tuple[str, ...] = ()  # the columns that changed


@dataclass(frozen=True)
class StatusChange:
    indicator_id: str
    name: str
    old: str | None  # status code, None: the indicator is new
    new: str | None  # None: the indicator was removed


@dataclass(frozen=True)
class Review:
    rows: tuple[RowChange, ...]
    statuses: tuple[StatusChange, ...]
    untranslated: tuple[tuple[str, str, str], ...]  # (file, row key, column) in added or changed rows
    head_valid: bool
    names: Names  # {"indicators"/"organisations": {id: (name_fi, name_sv)}}, "units": {indicator id: unit}

    @property
    def empty(self) -> bool:
        return not self.rows


def compare(base_dir: Path, head_dir: Path) -> Review:
    """The review of the change from the data folder `base_dir` to `head_dir`."""
    base_report, base = check_package(base_dir)
    head_report, head = check_package(head_dir)
    resources = load_schema()
    rows = tuple(change for name, resource in resources.items()
                 for change in _table_changes(resource, base.get(name, []), head.get(name, [])))
    touched = {(c.table, c.key) for c in rows if c.kind != "removed"}
    keys = {name: {r["_row"]: _key(resources[name], r) for r in records} for name, records in head.items()}
    by_file = {r.filename: name for name, r in resources.items()}
    untranslated = tuple(sorted(
        (p.file, "|".join(map(str, key)), p.column or "")
        for p in head_report.warnings if p.code == "translation-missing"
        and (key := keys.get(by_file.get(p.file, ""), {}).get(p.row)) is not None
        and (by_file[p.file], key) in touched))
    names: Names = {"units": {}}
    for table in ("indicators", "organisations"):  # HEAD's names win; removed rows keep BASE's
        names[table] = {r["id"]: (r.get("name_fi"), r.get("name_sv"))
                        for r in (*base.get(table, []), *head.get(table, [])) if r.get("id")}
    names["units"] = {r["id"]: r.get("unit") for r in (*base.get("indicators", []), *head.get("indicators", []))
                      if r.get("id")}
    return Review(rows, _status_changes(base_dir, head_dir, base_report.valid and head_report.valid),
                  untranslated, head_report.valid, names)


def _key(resource: Resource, record: Row) -> Key:
    return tuple(record.get(k) for k in resource.primary_key)


def _table_changes(resource: Resource, base: list[Row], head: list[Row]) -> Iterator[RowChange]:
    columns = [f.name for f in resource.fields]
    before = {_key(resource, r): r for r in base}
    after = {_key(resource, r): r for r in head}
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            yield RowChange(resource.name, "added", key, None, new)
        elif changed := tuple(c for c in columns if old.get(c) != new.get(c)):
            yield RowChange(resource.name, "changed", key, old, new, changed)
    for key, old in before.items():
        if key not in after:
            yield RowChange(resource.name, "removed", key, old, None)


def _status_changes(base_dir: Path, head_dir: Path, both_valid: bool) -> tuple[StatusChange, ...]:
    """Indicators whose computed status differs (only when both packages are valid)."""
    if not both_valid:
        return ()
    try:
        base, head = load_package(base_dir), load_package(head_dir)
    except InvalidPackage:
        return ()
    old, new = all_statuses(base), all_statuses(head)
    names = {i.id: i.name.fi or i.id for i in (*base.indicators, *head.indicators)}
    return tuple(StatusChange(i, names[i], old[i].status if i in old else None, new[i].status if i in new else None)
                 for i in sorted(set(old) | set(new))
                 if (old[i].status if i in old else None) != (new[i].status if i in new else None))


# --- words -----------------------------------------------------------------------------

def render(review: Review, lang: str = "fi", markdown: bool = True) -> str:
    """The review as a pull-request comment (Markdown) or as plain text."""
    def heading(text: str) -> str:
        return f"### {text}" if markdown else f"{text}\n{'-' * len(text)}"

    bullet = "- "
    out = [f"## {gettext('diff.title', lang)}" if markdown else gettext("diff.title", lang), ""]
    if not review.head_valid:
        out += [gettext("diff.invalid", lang), ""]
    if review.empty:
        out.append(gettext("diff.no_changes", lang))
        return "\n".join(out) + "\n"
    tables: dict[str, list[RowChange]] = {}
    for change in review.rows:
        tables.setdefault(change.table, []).append(change)
    for table, changes in tables.items():
        counts = ", ".join(gettext(f"diff.count_{kind}", lang, n=n) for kind in ("added", "changed", "removed")
                           if (n := sum(c.kind == kind for c in changes)))
        out += [heading(f"{gettext(f'diff.table_{table}', lang)} ({table}.csv): {counts}"), ""]
        out += [bullet + _row_line(c, review.names, lang, markdown) for c in changes]
        out.append("")
    if review.statuses:
        out += [heading(gettext("diff.statuses", lang)), ""]
        for s in review.statuses:
            old = gettext(f"status.{s.old}", lang) if s.old else "–"
            new = gettext(f"status.{s.new}", lang) if s.new else "–"
            out.append(f"{bullet}{_code(s.name, markdown)}: {old} → {new}")
        out.append("")
    if review.untranslated:
        out += [heading(gettext("diff.untranslated", lang)), ""]
        out += [f"{bullet}{file}: {_code(key, markdown)}: {column}" for file, key, column in review.untranslated]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _code(text: str, markdown: bool) -> str:
    """Data text as a code span: shown literally (no links, mentions or headings)."""
    one_line = " ".join(text.split())
    return f"`{one_line.replace('`', chr(39))}`" if markdown else one_line


_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|~@])")


def _safe(text: str, markdown: bool) -> str:
    """Data text outside a code span: one line, and in Markdown every character that
    could make a link, an image, a heading, a mention or HTML escaped."""
    one_line = " ".join(text.split())
    return _MARKUP.sub(r"\\\1", one_line) if markdown else one_line


def _row_line(c: RowChange, names: Names, lang: str, markdown: bool) -> str:
    kind = gettext(f"diff.{c.kind}", lang)
    row = c.new if c.new is not None else c.old
    assert row is not None  # a change has an old or a new row (or both)
    if c.table != "observations":
        line = f"{kind}: {_code(_row_name(c, row), markdown)}"
    else:
        line = f"{kind}: {_safe(_observation_name(row, names, lang), markdown)}"
    unit = names["units"].get(row.get("indicator_id"), "count")
    if c.old is not None and c.new is not None and c.table == "observations" and \
            set(c.columns) <= {"value", "value_max"}:
        line += f": {_observation_value(c.old, unit, lang)} → {_observation_value(c.new, unit, lang)}"
    elif c.old is not None and c.new is not None:
        line += ": " + "; ".join(f"{column} {_value(c.old.get(column), lang, markdown)} → "
                                 f"{_value(c.new.get(column), lang, markdown)}" for column in c.columns)
    elif c.table == "observations":
        line += f": {_observation_value(row, unit, lang)}"
    return line


def _row_name(c: RowChange, row: Row) -> str:
    key = " | ".join(str(k) for k in c.key)
    for base in NAME_COLUMNS:
        if row.get(f"{base}_fi"):
            return f"{key} ({row[f'{base}_fi']})"
    return key


def _observation_name(row: Row, names: Names, lang: str) -> str:
    """"Asiakkaat – Pohjois-Karjalan hyvinvointialue, 1–4/2025"."""
    start, end = row.get("period_start"), row.get("period_end")
    period = fmt.period(start, end, lang) if start and end else "?"
    indicator = _name(names["indicators"], row.get("indicator_id"), lang)
    return f"{indicator} – {_name(names['organisations'], row.get('area_id'), lang)}, {period}"


def _name(names: dict[Any, Any], id: object, lang: str) -> str:
    fi, sv = names.get(id, (None, None))
    return (sv if lang == "sv" and sv else fi) or str(id)


def _observation_value(row: Row, unit: str | None, lang: str) -> str:
    if row.get("value") is None:  # suppressed, not available, or a cell the validator rejects
        status = row.get("value_status")
        return gettext(f"value.{status}", lang) if status in ("suppressed", "not_available") else "–"
    shown = fmt.value_range(row["value"], row.get("value_max"), unit or "count", lang)
    if row.get("value_status") == "preliminary":
        shown += f" ({gettext('value.preliminary', lang)})"
    return shown


def _value(v: object, lang: str, markdown: bool = False) -> str:
    if v is None or v == "":
        return "–"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int | float):
        return fmt.number(v, lang)
    if isinstance(v, dt.date):
        return fmt.date(v, lang)
    text = " ".join(str(v).split())
    return f"“{_safe(text[:60], markdown)}…”" if len(text) > 60 else f"“{_safe(text, markdown)}”"


# --- where the data comes from ------------------------------------------------------

@contextmanager
def data_folder(where: str, data: str = "data") -> Iterator[Path]:
    """A data folder, or the data folder (`data`) of a git ref in the current repository."""
    if Path(where).is_dir():
        yield Path(where)
        return
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", where, "--", data],
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        stderr = getattr(e, "stderr", b"") or b""
        raise ValueError(f"{where}: ei kansio eikä git-versio / not a folder nor a git version "
                         f"({stderr.decode(errors='replace').strip() or e})") from e
    with tempfile.TemporaryDirectory(prefix="seuranta-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp) / data

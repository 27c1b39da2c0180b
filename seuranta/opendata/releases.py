"""The data's version, release date and release notes, from datapackage.json.

`version` is the Frictionless property; `x_releases` (optional, newest first) is
ours: one entry per published version with its `date` (ISO), the
`organisations` whose data changed in it (organisations.id) and a short note in
Finnish and Swedish (`note_fi`, `note_sv`). Staff add an entry and raise
`version` when they publish changed data (CONTRIBUTING says how). Without
entries, the release date is the date of `created`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from seuranta import formatting as fmt


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date | None
    organisations: tuple[str, ...]  # organisations.id of those whose data changed
    note_fi: str
    note_sv: str


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def releases(described: dict[str, Any]) -> list[Release]:
    """The release notes of the descriptor, newest first as written."""
    return [Release(str(r.get("version", "")), _date(r.get("date")), tuple(r.get("organisations", [])),
                    str(r.get("note_fi", "")), str(r.get("note_sv", "")))
            for r in described.get("x_releases", [])]


def release_date(described: dict[str, Any]) -> dt.date | None:
    """The date of the current version: its release entry's, else the package's `created`."""
    version = str(described.get("version", ""))
    for r in releases(described):
        if r.version == version and r.date:
            return r.date
    return _date(described.get("created"))


CITE = {"fi": "{title}, versio {version} ({date}). Lisenssi: {licence}.",
        "sv": "{title}, version {version} ({date}). Licens: {licence}."}


def citation_line(described: dict[str, Any], lang: str) -> str:
    """How to cite the package in `lang`: title, version, release date, licence."""
    released = release_date(described)
    title = described.get("x_title_sv" if lang == "sv" else "title") or described.get("title", described["name"])
    licence = ", ".join(x.get("name", "") for x in described.get("licenses", []))
    return CITE[lang].format(title=title, version=described.get("version", ""),
                             date=fmt.date(released, lang) if released else "–", licence=licence)

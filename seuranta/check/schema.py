"""The repository's datapackage.json, read into plain structures for the checks.

The descriptor is the contract in machine form. Columns and files marked
`x_since` (added after 1.0) may be absent from a package: a package written to
an earlier version stays valid, and an absent column reads as its `x_default`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seuranta.settings import DESCRIPTOR


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    unique: bool
    enum: tuple[str, ...] | None
    pattern: re.Pattern[str] | None
    minimum: float | None
    maximum: float | None
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]
    since: str = "1.0"  # contract version that added the column; later ones may be absent
    default: str | None = None  # what an absent column means, as CSV text
    title: str = ""  # the column's Finnish title (the workbook's header; `seuranta import` reads it back)
    title_sv: str = ""  # its Swedish title (x_title_sv)

    @property
    def optional_column(self) -> bool:
        return self.since != "1.0"


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    name: str
    filename: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    since: str = "1.0"  # contract version that added the file; later ones may be absent

    @property
    def optional_file(self) -> bool:
        return self.since != "1.0"

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _field(d: dict[str, Any]) -> Field:
    c = d.get("constraints", {})
    pattern = c.get("pattern")
    return Field(
        name=d["name"],
        type=d.get("type", "string"),
        required=bool(c.get("required")),
        unique=bool(c.get("unique")),
        enum=tuple(c["enum"]) if "enum" in c else None,
        pattern=re.compile(pattern) if pattern else None,
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        true_values=tuple(d.get("trueValues", ["true"])),
        false_values=tuple(d.get("falseValues", ["false"])),
        since=d.get("x_since", "1.0"),
        default=d.get("x_default"),
        title=d.get("title", ""),
        title_sv=d.get("x_title_sv", ""),
    )


def load_schema(descriptor: Path = DESCRIPTOR) -> dict[str, Resource]:
    """Resources of the data package by name, in descriptor order."""
    package = json.loads(Path(descriptor).read_text(encoding="utf-8"))
    resources = {}
    for r in package["resources"]:
        schema = r["schema"]
        pk = schema.get("primaryKey", [])
        resources[r["name"]] = Resource(
            name=r["name"],
            filename=Path(r["path"]).name,
            fields=tuple(_field(f) for f in schema["fields"]),
            primary_key=tuple([pk] if isinstance(pk, str) else pk),
            foreign_keys=tuple(
                ForeignKey(
                    tuple(fk["fields"]),
                    fk["reference"]["resource"],
                    tuple(fk["reference"]["fields"]),
                )
                for fk in schema.get("foreignKeys", [])
            ),
            since=r.get("x_since", "1.0"),
        )
    return resources


def contract_version(data_dir: Path) -> tuple[str, Path | None]:
    """The contract version a package says it follows, and the descriptor that says it:
    `x_contract_version` of the datapackage.json in the data folder or beside it
    (the repository root, for data/). A package that does not say is read as 1.0."""
    candidate = package_descriptor(data_dir)
    if candidate is None:
        return "1.0", None
    try:
        version = json.loads(candidate.read_text(encoding="utf-8")).get("x_contract_version")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return "1.0", candidate
    return (_version(version), candidate)


def package_descriptor(data_dir: Path) -> Path | None:
    """The package's own datapackage.json: in the data folder, or beside it (the
    repository root's, for data/). None when the package has none."""
    for candidate in (Path(data_dir) / "datapackage.json", Path(data_dir).resolve().parent / "datapackage.json"):
        if candidate.is_file():
            return candidate
    return None


def _version(value: object) -> str:
    text = str(value or "1.0")
    return text if "." in text else f"{text}.0"  # "1" as written before 1.1

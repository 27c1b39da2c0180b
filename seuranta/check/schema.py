"""The repository's datapackage.json, read into plain structures for the checks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from seuranta.settings import DESCRIPTOR


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    unique: bool
    enum: tuple[str, ...] | None
    pattern: re.Pattern | None
    minimum: float | None
    maximum: float | None
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]


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

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _field(d: dict) -> Field:
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
        )
    return resources

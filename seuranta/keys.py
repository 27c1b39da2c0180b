"""Unique fields, primary keys and foreign keys across the package's tables."""

from __future__ import annotations

from collections.abc import Iterator

from .problems import Problem
from .schema import Resource


def check_unique(resource: Resource, records: list[dict]) -> Iterator[Problem]:
    file = resource.filename
    key_sets = [(f.name,) for f in resource.fields if f.unique]
    if resource.primary_key and resource.primary_key not in key_sets:
        key_sets.append(resource.primary_key)
    for key in key_sets:
        first_row: dict[tuple, int] = {}
        for rec in records:
            value = tuple(rec.get(k) for k in key)
            if any(v is None for v in value):
                continue
            if value in first_row:
                shown = " / ".join(str(v) for v in value)
                yield Problem("duplicate-key", file, rec["_row"], ", ".join(key), shown,
                              str(first_row[value]))
            else:
                first_row[value] = rec["_row"]


def check_foreign_keys(
    resource: Resource, records: list[dict], tables: dict[str, list[dict]],
    resources: dict[str, Resource],
) -> Iterator[Problem]:
    file = resource.filename
    for fk in resource.foreign_keys:
        if fk.resource not in tables:  # the missing file is reported already
            continue
        target = tables[fk.resource]
        known = {tuple(r.get(k) for k in fk.reference_fields) for r in target}
        target_file = resources[fk.resource].filename
        for rec in records:
            value = tuple(rec.get(k) for k in fk.fields)
            if any(v is None for v in value):
                continue
            if value not in known:
                yield Problem("unknown-reference", file, rec["_row"], ", ".join(fk.fields),
                              " / ".join(str(v) for v in value), target_file)

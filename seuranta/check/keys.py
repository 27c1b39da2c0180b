"""Unique fields, primary keys and foreign keys across the package's tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seuranta.check.cells import Record
from seuranta.check.problems import Problem
from seuranta.check.schema import Resource


def _values(records: list[Record], key: tuple[str, ...] | list[str]) -> list[tuple[Any, ...] | None]:
    """Each record's value of `key` as a tuple, or None where a part of it is empty."""
    if len(key) == 1:  # most keys: one column, and a national package has 50,000 rows
        (k,) = key
        return [None if (v := rec.get(k)) is None else (v,) for rec in records]
    values = [tuple(rec.get(k) for k in key) for rec in records]
    return [None if None in v else v for v in values]


def check_unique(resource: Resource, records: list[Record]) -> Iterator[Problem]:
    file = resource.filename
    key_sets: list[tuple[str, ...]] = [(f.name,) for f in resource.fields if f.unique]
    if resource.primary_key and resource.primary_key not in key_sets:
        key_sets.append(resource.primary_key)
    for key in key_sets:
        first_row: dict[tuple[Any, ...], int] = {}
        for rec, value in zip(records, _values(records, key), strict=True):
            if value is None:
                continue
            if value in first_row:
                shown = " / ".join(str(v) for v in value)
                yield Problem("duplicate-key", file, rec["_row"], ", ".join(key), shown,
                              str(first_row[value]))
            else:
                first_row[value] = rec["_row"]


def check_foreign_keys(
    resource: Resource, records: list[Record], tables: dict[str, list[Record]],
    resources: dict[str, Resource],
) -> Iterator[Problem]:
    file = resource.filename
    for fk in resource.foreign_keys:
        if fk.resource not in tables:  # the missing file is reported already
            continue
        known = set(_values(tables[fk.resource], fk.reference_fields))
        target_file = resources[fk.resource].filename
        for rec, value in zip(records, _values(records, fk.fields), strict=True):
            if value is not None and value not in known:
                yield Problem("unknown-reference", file, rec["_row"], ", ".join(fk.fields),
                              " / ".join(str(v) for v in value), target_file)

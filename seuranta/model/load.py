"""Validate a data folder, then build the immutable model from its checked rows."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from seuranta.check.cells import Record
from seuranta.check.problems import Report
from seuranta.check.validate import Kept, check_package_again
from seuranta.model.described import package_properties
from seuranta.model.package import (
    BEFORE,
    ROW_MEMOS,
    Action,
    Assessment,
    Document,
    Feedback,
    Goal,
    Indicator,
    Observation,
    Organisation,
    Package,
    Plan,
    Section,
    StrategicGoal,
    Text,
)
from seuranta.settings import DESCRIPTOR, SMALL_COUNT_THRESHOLD


class InvalidPackage(Exception):
    def __init__(self, report: Report) -> None:
        super().__init__(report.summary("en"))
        self.report = report


if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Row = TypeVar("_Row", bound="DataclassInstance")  # a model class (Plan, Goal…)


@cache
def _fields(cls: type[DataclassInstance]) -> tuple[tuple[str, bool], ...]:
    return tuple((f.name, f.type == "Text" or f.type is Text) for f in fields(cls))


@cache
def _columns(cls: type[DataclassInstance]) -> tuple[str, ...]:
    """The columns of a record a model class is made from (_build), in a fixed order."""
    return tuple(c for name, is_text in _fields(cls) for c in ((name + "_fi", name + "_sv") if is_text else (name,)))


def _build(cls: type[_Row], record: Record) -> _Row:
    """Make a dataclass from a parsed record, pairing *_fi/*_sv columns into Text."""
    get = record.get
    return cls(**{name: Text(get(name + "_fi"), get(name + "_sv")) if is_text else get(name)
                  for name, is_text in _fields(cls)})


# Package.memo key: each table's rows by what they were made from (their values of
# _columns), for the next load of the same folder (load_package's `previous`).
ROWS_MADE_FROM = "rows_made_from"
# Package.memo key: what checking its folder kept for the next check (check/validate.py).
CHECKED = "checked"


def load_package(data_dir: Path, descriptor: Path = DESCRIPTOR,
                 small_count: int = SMALL_COUNT_THRESHOLD, previous: Package | None = None) -> Package:
    """Validate, then build the model; raise InvalidPackage with the report on errors.
    `small_count`: counts of clients below it must be suppressed (settings).

    `previous`: a package loaded before (the last build's). A row made from the same
    values as one of its rows is that row, the same object: what was derived from its
    rows holds for the new package where they are the same objects. The new package
    takes previous.row_memo's values of those rows, and keeps previous' memo for what
    derives from more than a row (Package.memo_before; e.g. slices' digests)."""
    checked_before: Kept | None = previous.memo.get(CHECKED) if previous else None
    report, t, checked = check_package_again(data_dir, descriptor, small_count, checked_before)
    if not report.valid:
        raise InvalidPackage(report)
    before: dict[str, dict[tuple[object, ...], Any]] = previous.memo.get(ROWS_MADE_FROM, {}) if previous else {}
    made: dict[str, dict[tuple[object, ...], Any]] = {}

    def many(cls: type[_Row], name: str) -> tuple[_Row, ...]:
        known, now = before.get(name, {}), made.setdefault(name, {})
        rows = []
        for r in t.get(name, []):  # (each table has a primary key: no two rows alike)
            key = tuple(map(r.get, _columns(cls)))
            row = known.get(key)
            now[key] = row = _build(cls, r) if row is None else row
            rows.append(row)
        return tuple(rows)

    known_pairs, pairs = before.get("goal_strategic_goals", {}), made.setdefault("goal_strategic_goals", {})
    goal_strategic_goals = []
    for r in t.get("goal_strategic_goals", []):
        pair = (r["goal_id"], r["strategic_goal_id"])
        pairs[pair] = pair = known_pairs.get(pair, pair)
        goal_strategic_goals.append(pair)

    package = Package(
        organisations=many(Organisation, "organisations"),
        plans=many(Plan, "plans"),
        goals=many(Goal, "goals"),
        actions=many(Action, "actions"),
        assessments=many(Assessment, "assessments"),
        indicators=many(Indicator, "indicators"),
        observations=many(Observation, "observations"),
        feedback=many(Feedback, "feedback"),
        strategic_goals=many(StrategicGoal, "strategic_goals"),
        goal_strategic_goals=tuple(goal_strategic_goals),
        documents=many(Document, "documents"),
        sections=many(Section, "sections"),
        small_count=small_count,
        described=package_properties(data_dir, descriptor),
    )
    package.memo[ROWS_MADE_FROM] = made
    package.memo[CHECKED] = checked
    if previous is not None:
        _carry_row_memos(previous, package)
        # (not its rows by values and row memos, taken above, nor what it took from the one before)
        package.memo[BEFORE] = {k: v for k, v in previous.memo.items()
                                if k not in (BEFORE, ROWS_MADE_FROM, ROW_MEMOS, CHECKED)}
    return package


def _carry_row_memos(previous: Package, package: Package) -> None:
    """The values of previous.row_memo's for the rows `package` shares with it (Package.row_memo)."""
    memos: dict[str, dict[int, tuple[Any, Any]]] = previous.memo.get(ROW_MEMOS, {})
    if not memos:
        return
    # (An id found is that row's: the previous memo keeps its rows alive, so no other object has their ids.)
    shared = {id(row) for table in fields(package) if isinstance(rows := getattr(package, table.name), tuple)
              for row in rows}
    for kind, values in memos.items():
        package.row_memo(kind).update((i, v) for i, v in values.items() if i in shared)

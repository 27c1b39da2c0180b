"""Validate a data folder, then build the immutable model from its checked rows."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from seuranta.check.cells import Record
from seuranta.check.problems import Report
from seuranta.check.validate import check_package
from seuranta.model.described import package_properties
from seuranta.model.package import (
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


def _build(cls: type[_Row], record: Record) -> _Row:
    """Make a dataclass from a parsed record, pairing *_fi/*_sv columns into Text."""
    get = record.get
    return cls(**{name: Text(get(name + "_fi"), get(name + "_sv")) if is_text else get(name)
                  for name, is_text in _fields(cls)})


def load_package(data_dir: Path, descriptor: Path = DESCRIPTOR,
                 small_count: int = SMALL_COUNT_THRESHOLD) -> Package:
    """Validate, then build the model; raise InvalidPackage with the report on errors.
    `small_count`: counts of clients below it must be suppressed (settings)."""
    report, t = check_package(data_dir, descriptor, small_count)
    if not report.valid:
        raise InvalidPackage(report)

    def many(cls: type[_Row], name: str) -> tuple[_Row, ...]:
        return tuple(_build(cls, r) for r in t.get(name, []))

    return Package(
        organisations=many(Organisation, "organisations"),
        plans=many(Plan, "plans"),
        goals=many(Goal, "goals"),
        actions=many(Action, "actions"),
        assessments=many(Assessment, "assessments"),
        indicators=many(Indicator, "indicators"),
        observations=many(Observation, "observations"),
        feedback=many(Feedback, "feedback"),
        strategic_goals=many(StrategicGoal, "strategic_goals"),
        goal_strategic_goals=tuple(
            (r["goal_id"], r["strategic_goal_id"]) for r in t.get("goal_strategic_goals", [])
        ),
        documents=many(Document, "documents"),
        sections=many(Section, "sections"),
        small_count=small_count,
        described=package_properties(data_dir, descriptor),
    )

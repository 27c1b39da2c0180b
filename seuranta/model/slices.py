"""Slices of the package: the rows one page or one chart shows, as a package of their own.

A page is rendered from its slice (site/views.py), and the slice's digest decides
whether the page is made again: a row that is not in the slice cannot change the
page, and a page cannot read a row that is not in its slice (its lookup finds
nothing, and tests/test_views.py renders every fixture page both ways). So no list
of "what a page reads" is kept by hand beside the page.

Rows keep the whole package's order (pages list them in that order).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from hashlib import blake2b
from itertools import chain
from typing import Any, TypeVar

from seuranta.digest import digest
from seuranta.model.package import (
    Action,
    Assessment,
    Document,
    Feedback,
    Goal,
    Indicator,
    Observation,
    Package,
    Plan,
    Section,
)

_T = TypeVar("_T")


def _unique(items: Iterable[_T]) -> tuple[_T, ...]:
    """Each row once, first come first: rows are the whole package's objects, so the
    same row is the same object (comparing by identity: hashing rows costs more)."""
    return tuple({id(x): x for x in items}.values())


def _in_order(items: Iterable[_T], everything: tuple[_T, ...]) -> tuple[_T, ...]:
    """`items` once each, in the whole package's order (`everything`)."""
    found = {id(x) for x in items}
    if not found:
        return ()
    return tuple(x for x in everything if id(x) in found)


@dataclass
class _Rows:
    """The rows of a slice being gathered; `package` is the whole package."""

    package: Package
    organisation_ids: list[str] = field(default_factory=list)
    plan_ids: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    document_ids: list[str | None] = field(default_factory=list)
    strategic: list[tuple[str, str]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def plan(self, plan_id: str) -> None:
        """A plan, with its organisation and every plan of that organisation (a page
        says whether its plan is the organisation's first)."""
        organisation_id = self.package.plan(plan_id).organisation_id
        self.organisation_ids.append(organisation_id)
        self.plan_ids.extend(p.id for p in self.package.plans_of(organisation_id))

    def indicator(self, i: Indicator) -> None:
        """An indicator with its values, the areas they are for and the documents they cite."""
        self.plan(i.plan_id)
        self.indicators.append(i)
        observations = self.package.observations_of(i.id)
        self.observations.extend(observations)
        self.organisation_ids.extend(o.area_id for o in observations)
        self.document_ids.extend(o.document_id for o in observations)

    def assessed(self, assessments: list[Assessment]) -> None:
        self.assessments.extend(assessments)
        self.document_ids.extend(a.document_id for a in assessments)

    def feedback_records(self, records: list[Feedback]) -> None:
        self.feedback.extend(records)
        self.organisation_ids.extend(f.organisation_id for f in records)
        self.document_ids.extend(f.document_id for f in records)

    def goal(self, g: Goal, whole: bool = True) -> None:
        """A goal with its assessments and its actions' assessments, and its indicators;
        `whole`: also its actions' texts (with all their assessments), its feedback and
        strategic goals, as its own page shows them."""
        p = self.package
        self.plan(g.plan_id)
        self.goals.append(g)
        self.assessed(p.assessments_of(goal_id=g.id))
        for a in p.actions_of(g.id):
            self.actions.append(a)
            self.assessed(p.assessments_of(action_id=a.id))
        for i in p.indicators_of(g.plan_id, g.id):
            self.indicator(i)
        if whole:
            self.feedback_records(p.feedback_of(g.id))
            self.strategic.extend((g.id, s.id) for s in p.strategic_goals_of(g.id))

    # The whole package's tables package_of filters as they are (by the ids gathered).
    CONTEXT_TABLES = ("organisations", "plans", "strategic_goals", "documents", "feedback")

    def gathered(self) -> tuple[Any, ...]:
        """Every row and id gathered, in order, with each list's length: equal for two
        gatherings (with the same CONTEXT_TABLES) that make the same slice."""
        lists = [getattr(self, name) for name in _GATHERED]
        return (*map(len, lists), *chain.from_iterable(lists))

    def package_of(self) -> Package:
        p = self.package
        plan_ids, organisation_ids = set(self.plan_ids), set(self.organisation_ids)
        strategic_ids = {s for _, s in self.strategic}
        documents: list[Document] = [d for d in map(p.document, _unique(self.document_ids)) if d]
        return replace(
            p,
            organisations=tuple(o for o in p.organisations if o.id in organisation_ids),
            plans=tuple(x for x in p.plans if x.id in plan_ids),
            goals=_unique(self.goals),
            actions=_unique(self.actions),
            assessments=_unique(self.assessments),
            indicators=_unique(self.indicators),
            observations=_unique(self.observations),
            feedback=_in_order(self.feedback, p.feedback),
            strategic_goals=tuple(s for s in p.strategic_goals if s.id in strategic_ids),
            goal_strategic_goals=_unique(self.strategic),
            documents=_in_order([*documents, *self.documents], p.documents),
            sections=_unique(self.sections),
        )


_GATHERED = tuple(f.name for f in fields(_Rows) if f.name != "package")  # the lists _Rows gathers


def unlinked_feedback(package: Package, p: Plan) -> list[Feedback]:
    """Feedback of the plan's organisation linked to no goal: shown on its first plan's page."""
    if p != package.plans_of(p.organisation_id)[0]:
        return []
    return [f for f in package.feedback_of(None) if f.organisation_id == p.organisation_id]


def _feedback_rows(package: Package, f: Feedback) -> _Rows:
    """A feedback result with the other periods of its service (the NPS trend), their
    documents, its organisation and plans, and its goal: what its embed page shows."""
    rows = _Rows(package)
    rows.organisation_ids.append(f.organisation_id)
    rows.plan_ids.extend(p.id for p in package.plans_of(f.organisation_id))
    if f.goal_id:
        goal = package.goal(f.goal_id)
        rows.plan(goal.plan_id)
        rows.goals.append(goal)
    rows.feedback_records(package.feedback_series(f))  # f among them
    return rows


def _indicator_rows(package: Package, i: Indicator) -> _Rows:
    """An indicator with its values, the areas and documents they cite, and its plan
    and organisation: what its chart and its embed page show."""
    rows = _Rows(package)
    rows.indicator(i)
    return rows


def _goal_rows(package: Package, goal_id: str) -> _Rows:
    """Everything a goal's page shows."""
    rows = _Rows(package)
    rows.goal(package.goal(goal_id))
    return rows


def _plan_rows(package: Package, plan_id: str) -> _Rows:
    """Everything a plan's page shows: its goals at a glance (assessments, indicators),
    its own indicators, unlinked feedback, sections and documents."""
    rows = _Rows(package)
    p = package.plan(plan_id)
    rows.plan(plan_id)
    for g in package.goals_of(plan_id):
        rows.goal(g, whole=False)
    for i in package.indicators_of(plan_id, None):
        rows.indicator(i)
    rows.feedback_records(unlinked_feedback(package, p))
    for s in package.sections_of(plan_id):
        rows.sections.append(s)
        rows.document_ids.append(s.document_id)
    rows.documents.extend(d for d in package.documents if d.plan_id == plan_id)
    return rows


def feedback_slice(package: Package, f: Feedback) -> Package:
    return _feedback_rows(package, f).package_of()


def indicator_slice(package: Package, i: Indicator) -> Package:
    return _indicator_rows(package, i).package_of()


def goal_slice(package: Package, goal_id: str) -> Package:
    return _goal_rows(package, goal_id).package_of()


def plan_slice(package: Package, plan_id: str) -> Package:
    return _plan_rows(package, plan_id).package_of()


def rows_digest(data: Package, whole: Package) -> str:
    """The digest of every row of `data` (a slice of `whole`), each row by the digest of
    its dataclass repr (field by field). A row is in many slices (a value is on its goal's
    page, its plan's and its embed page, in two languages, and in its chart), so each
    row's digest is kept in `whole`'s memo by object, with the row itself so that the
    object stays the same: 16 bytes, where its repr took some 300 (12 MB at national
    scale, kept between the builds of seuranta serve)."""
    known_digests = whole.row_memo("digest")
    parts = [str(data.small_count).encode()]
    for table in fields(data):
        rows = getattr(data, table.name)
        if not isinstance(rows, tuple):
            continue
        parts.append(f"\n{table.name} {len(rows)}\n".encode())  # (each row's digest is 16 bytes)
        for row in rows:
            known = known_digests.get(id(row))
            if known is None or known[0] is not row:
                known = known_digests[id(row)] = (row, blake2b(repr(row).encode(), digest_size=16).digest())
            parts.append(known[1])
    return digest(b"".join(parts))


def digested_slice(whole: Package, kind: str, item: Indicator | Feedback | str) -> tuple[Package, str]:
    """The slice of `kind` ("goal" or "plan" of the id `item`, "indicator" or "feedback"
    of the record `item`) with its rows_digest, made once per package: a slice serves
    both languages' pages, and an indicator's serves its chart and open data too.

    The last build's slice is taken where this one gathers the same rows from a package
    whose tables a slice takes as they are (organisations, plans…) are the same
    (model/load.py keeps unchanged rows the same objects); its digest is taken where the
    slice holds the same rows."""
    made: dict[tuple[str, str], _Made] = whole.memo.setdefault("slices", {})
    key = (kind, item if isinstance(item, str) else item.id)
    if key not in made:
        same_context = _same_context(whole)
        rows = _GATHERERS[kind](whole, item)
        gathered = rows.gathered()
        before: _Made | None = whole.memo_before("slices").get(key)
        if before and same_context and before[0] == gathered:
            made[key] = before
        else:
            data = rows.package_of()
            same = before is not None and _same_rows(data, before[1])
            made[key] = (gathered, data, before[2] if before and same else rows_digest(data, whole))
    return made[key][1], made[key][2]


# A slice as kept: the rows gathered for it (_Rows.gathered), the slice and its digest.
_Made = tuple[tuple[Any, ...], Package, str]


def _same_context(whole: Package) -> bool:
    """Whether what a slice takes from the whole package beside its gathered rows is what
    the last build's slices took (its settings and descriptor, and the tables slices
    filter as they are), worked out once per package."""
    context = (whole.small_count, whole.described,
               *(getattr(whole, table) for table in _Rows.CONTEXT_TABLES))
    kept: dict[str, Any] = whole.memo.setdefault("slice context", {})
    if "same" not in kept:
        before = whole.memo_before("slice context").get("context")
        kept["context"] = context
        kept["same"] = before is not None and before[:2] == context[:2] and all(
            len(a) == len(b) and all(map(operator.is_, a, b)) for a, b in zip(before[2:], context[2:], strict=True))
    return bool(kept["same"])


def _same_rows(a: Package, b: Package) -> bool:
    """Whether two slices hold the same rows: the same objects, in the same order (the
    pairs of goal_strategic_goals, made by _Rows.goal, the same values)."""
    if a.small_count != b.small_count or a.goal_strategic_goals != b.goal_strategic_goals:
        return False
    for table in _TABLES:
        rows, others = getattr(a, table), getattr(b, table)
        if len(rows) != len(others) or not all(map(operator.is_, rows, others)):
            return False
    return True


_TABLES = tuple(f.name for f in fields(Package) if f.type.startswith("tuple[") and f.name != "goal_strategic_goals")

_GATHERERS: dict[str, Callable[[Package, Any], _Rows]] = {
    "goal": _goal_rows, "plan": _plan_rows, "indicator": _indicator_rows, "feedback": _feedback_rows}

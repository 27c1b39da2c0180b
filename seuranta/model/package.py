"""The validated package as immutable objects, with lookups the pages need.

Made by `load.load_package` from checked rows only: nothing downstream sees raw rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from seuranta.check.rules import counts_clients
from seuranta.settings import SMALL_COUNT_THRESHOLD


@dataclass(frozen=True)
class Text:
    """A text in Finnish and (maybe) Swedish."""

    fi: str | None
    sv: str | None

    def __bool__(self) -> bool:
        return bool(self.fi or self.sv)


def plain(t: Text, lang: str) -> str:
    """Unescaped text in the page language, falling back to Finnish (for titles)."""
    return (t.sv if lang == "sv" and t.sv else t.fi) or ""



@dataclass(frozen=True)
class Organisation:
    id: str
    kind: str
    name: Text
    short_name: str | None
    bilingual: bool
    website: str | None
    sotkanet_region: int | None


@dataclass(frozen=True)
class Plan:
    id: str
    organisation_id: str
    title: Text
    period_start: int | None  # None only for a report or a reply
    period_end: int | None
    document_date: dt.date | None
    source_url: str | None
    source_title: Text
    summary: Text
    kind: str = "plan"  # plan, report or reply (contract 1.1)

    @property
    def is_plan(self) -> bool:
        """A plan has numbered goals ("Tavoite 1"); a report or a reply keeps its own words."""
        return self.kind == "plan"


@dataclass(frozen=True)
class Document:
    """A source document: where a figure or an assessment was stated (contract 1.1)."""

    id: str
    organisation_id: str
    kind: str  # plan, evaluation, report, reply, statistics
    title: Text
    date: dt.date | None
    issuer: Text
    url: str | None
    plan_id: str | None


@dataclass(frozen=True)
class Section:
    """A plan's own text section: plain paragraphs, never markup (contract 1.1)."""

    id: str
    plan_id: str
    number: int
    heading: Text
    body: Text
    document_id: str | None


@dataclass(frozen=True)
class Goal:
    id: str
    plan_id: str
    number: int
    title: Text
    description: Text
    theme: Text


@dataclass(frozen=True)
class Action:
    id: str
    goal_id: str
    text: Text
    responsible: Text
    metric: Text


@dataclass(frozen=True)
class Assessment:
    id: str
    goal_id: str | None
    action_id: str | None
    date: dt.date | None
    status: str | None  # None: a narrative assessment, text without a grade
    comment: Text
    document_id: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    plan_id: str
    goal_id: str | None
    name: Text
    unit: str
    unit_label: Text
    direction: str
    target_type: str
    target_value: float | None
    target_value_max: float | None
    target_year: int | None
    target_text: Text
    baseline_value: float | None
    baseline_date: dt.date | None
    risk: Text
    source: Text
    source_url: str | None
    sotkanet_id: int | None
    cumulative: bool | None
    client_counts: bool | None = None  # None: as in 1.0, every count counts clients

    @property
    def counts_clients(self) -> bool:
        """Whether the small-count rule applies (children, families; not staff or places)."""
        return counts_clients(self.client_counts, self.unit)


@dataclass(frozen=True)
class Observation:
    indicator_id: str
    area_id: str
    period_start: dt.date
    period_end: dt.date
    value: float | None
    value_status: str
    note: Text
    value_max: float | None = None  # a range value–value_max (contract 1.1)
    document_id: str | None = None


@dataclass(frozen=True)
class Feedback:
    id: str
    organisation_id: str
    goal_id: str | None
    service: Text
    question: Text
    period_start: dt.date
    period_end: dt.date
    respondents: int
    promoters: int | None
    passives: int | None
    detractors: int | None
    promoters_pct: float
    passives_pct: float
    detractors_pct: float
    nps: int
    mean_score: float | None
    document_id: str | None = None


@dataclass(frozen=True)
class StrategicGoal:
    id: str
    organisation_id: str
    title: Text


ROW_MEMOS = "row memos"  # Package.memo key: Package.row_memo's, by kind
BEFORE = "before"  # Package.memo key: the memo of the package loaded before this one (Package.memo_before)


@dataclass(frozen=True)
class Package:
    organisations: tuple[Organisation, ...]
    plans: tuple[Plan, ...]
    goals: tuple[Goal, ...]
    actions: tuple[Action, ...]
    assessments: tuple[Assessment, ...]
    indicators: tuple[Indicator, ...]
    observations: tuple[Observation, ...]
    feedback: tuple[Feedback, ...]
    strategic_goals: tuple[StrategicGoal, ...]
    goal_strategic_goals: tuple[tuple[str, str], ...]
    documents: tuple[Document, ...] = ()
    sections: tuple[Section, ...] = ()
    small_count: int = SMALL_COUNT_THRESHOLD  # the privacy threshold the package was validated with
    # Its own descriptor's properties (model/described.py): title, version, release notes, licence…
    described: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (for a build's other processes) without what it derived and caches."""
        return {k: v for k, v in self.__dict__.items() if k not in ("memo", "_index")}

    @cached_property
    def memo(self) -> dict[str, dict[Any, Any]]:
        """Results other modules derive from this package once, by kind (e.g. "status":
        statuses by indicator); each module types its own."""
        return {}

    def memo_before(self, kind: str) -> dict[Any, Any]:
        """What the package loaded before this one (model/load.py's `previous`: the last
        build's) derived, of a kind of its memo: a module compares its own inputs with
        those it kept there, and takes what they made where they are the same."""
        before: dict[str, dict[Any, Any]] = self.memo.get(BEFORE, {})
        return before.get(kind, {})

    def forget_before(self) -> None:
        """Let go of what the package loaded before this one derived (memo_before): once
        this one is built, it serves no one and holds the last package's slices alive."""
        self.memo.pop(BEFORE, None)

    def row_memo(self, kind: str) -> dict[int, tuple[Any, Any]]:
        """Values derived from one row each (e.g. "digest": the digest of its repr), by the row's id, each
        kept as (row, value) so that the id stays the row's. A package loaded with this one
        as its `previous` (model/load.py) takes the values of the rows it shares with it."""
        memos: dict[str, dict[int, tuple[Any, Any]]] = self.memo.setdefault(ROW_MEMOS, {})
        return memos.setdefault(kind, {})

    @cached_property
    def _index(self) -> _Index:
        strategic = {s.id: s for s in self.strategic_goals}
        strategic_of: dict[str, list[StrategicGoal]] = defaultdict(list)
        for goal_id, strategic_id in self.goal_strategic_goals:
            strategic_of[goal_id].append(strategic[strategic_id])
        return _Index(
            organisations={o.id: o for o in self.organisations},
            plans={p.id: p for p in self.plans},
            goals={g.id: g for g in self.goals},
            documents={d.id: d for d in self.documents},
            plans_of=grouped(self.plans, lambda p: p.organisation_id),
            goals_of=grouped(self.goals, lambda g: g.plan_id),
            actions_of=grouped(self.actions, lambda a: a.goal_id),
            goal_assessments=grouped([a for a in self.assessments if a.goal_id], lambda a: a.goal_id),
            action_assessments=grouped([a for a in self.assessments if a.action_id], lambda a: a.action_id),
            indicators_of=grouped(self.indicators, lambda i: (i.plan_id, i.goal_id)),
            observations_of={indicator: sorted(values, key=lambda o: (o.area_id, o.period_end, o.period_start))
                             for indicator, values in grouped(self.observations, lambda o: o.indicator_id).items()},
            feedback_of=grouped(self.feedback, lambda f: f.goal_id),
            sections_of=grouped(self.sections, lambda s: s.plan_id),
            strategic_goals_of=strategic_of,
        )

    def organisation(self, id: str) -> Organisation:
        return self._index.organisations[id]

    def plan(self, id: str) -> Plan:
        return self._index.plans[id]

    def goal(self, id: str) -> Goal:
        return self._index.goals[id]

    def document(self, id: str | None) -> Document | None:
        return self._index.documents.get(id) if id else None

    def sections_of(self, plan_id: str) -> list[Section]:
        return sorted(self._index.sections_of.get(plan_id, []), key=lambda s: s.number)

    def plans_of(self, organisation_id: str) -> list[Plan]:
        return list(self._index.plans_of.get(organisation_id, []))

    def goals_of(self, plan_id: str) -> list[Goal]:
        return sorted(self._index.goals_of.get(plan_id, []), key=lambda g: g.number)

    def actions_of(self, goal_id: str) -> list[Action]:
        return list(self._index.actions_of.get(goal_id, []))

    def assessments_of(self, *, goal_id: str | None = None, action_id: str | None = None) -> list[Assessment]:
        found = (self._index.goal_assessments.get(goal_id, []) if goal_id
                 else self._index.action_assessments.get(action_id, []))
        return sorted(found, key=lambda a: (a.date is not None, a.date or dt.date.min))

    def indicators_of(self, plan_id: str, goal_id: str | None) -> list[Indicator]:
        return list(self._index.indicators_of.get((plan_id, goal_id), []))

    def observations_of(self, indicator_id: str) -> list[Observation]:
        return list(self._index.observations_of.get(indicator_id, ()))

    def feedback_of(self, goal_id: str | None) -> list[Feedback]:
        """A goal's feedback; with None, the feedback linked to no goal."""
        return list(self._index.feedback_of.get(goal_id, []))

    def feedback_series(self, f: Feedback) -> list[Feedback]:
        """All results of `f`'s organisation and service (its other periods too): the NPS trend."""
        return [g for g in self.feedback if g.organisation_id == f.organisation_id and g.service.fi == f.service.fi]

    def strategic_goals_of(self, goal_id: str) -> list[StrategicGoal]:
        return sorted(self._index.strategic_goals_of.get(goal_id, []), key=self.strategic_goals.index)


@dataclass(frozen=True)
class _Index:
    """The lookups the pages use, made once per package: a national-scale package
    has hundreds of thousands of observations, and every page asks for some."""

    organisations: dict[str, Organisation]
    plans: dict[str, Plan]
    goals: dict[str, Goal]
    documents: dict[str, Document]
    plans_of: dict[str, list[Plan]]  # by organisation
    goals_of: dict[str, list[Goal]]  # by plan
    actions_of: dict[str, list[Action]]  # by goal
    goal_assessments: dict[str | None, list[Assessment]]  # by goal (never None)
    action_assessments: dict[str | None, list[Assessment]]  # by action (never None)
    indicators_of: dict[tuple[str, str | None], list[Indicator]]  # by plan and goal (None: the plan's own)
    observations_of: dict[str, list[Observation]]  # by indicator, then by area and period
    feedback_of: dict[str | None, list[Feedback]]  # by goal (None: linked to no goal)
    sections_of: dict[str, list[Section]]  # by plan
    strategic_goals_of: dict[str, list[StrategicGoal]]  # by goal


_T = TypeVar("_T")
_K = TypeVar("_K")


def grouped(items: Iterable[_T], key: Callable[[_T], _K]) -> dict[_K, list[_T]]:
    """`items` by `key`, each group in the items' order."""
    groups: dict[_K, list[_T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups

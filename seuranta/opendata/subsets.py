"""One organisation's part of the package, as a package of its own.

An organisation's rows are its plans and everything under them (sections,
goals, actions, assessments, indicators, observations, goal–strategic goal
links), its documents, feedback and strategic goals. To that come the rows
they refer to, so every foreign key resolves inside the part: the comparison
areas its observations are for (koko maa), a document, goal or plan of
another organisation that a row names, and those rows' organisations. Rows
keep the package's order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from seuranta.model.package import Package, grouped


def organisation_packages(package: Package) -> dict[str, Package]:
    """The part of each organisation that has rows of its own (a comparison area
    such as koko maa has none), by organisation id, in the package's order.
    One pass over each table, whatever the number of organisations."""
    plan_org = {p.id: p.organisation_id for p in package.plans}
    goal_org = {g.id: plan_org[g.plan_id] for g in package.goals}
    action_org = {a.id: goal_org[a.goal_id] for a in package.actions}
    indicator_org = {i.id: plan_org[i.plan_id] for i in package.indicators}
    own: dict[str, dict[str, list[Any]]] = {
        "plans": grouped(package.plans, lambda p: p.organisation_id),
        "documents": grouped(package.documents, lambda d: d.organisation_id),
        "sections": grouped(package.sections, lambda s: plan_org[s.plan_id]),
        "goals": grouped(package.goals, lambda g: goal_org[g.id]),
        "actions": grouped(package.actions, lambda a: action_org[a.id]),
        "assessments": grouped(package.assessments,
                              lambda a: goal_org[a.goal_id] if a.goal_id else action_org[a.action_id or ""]),
        "indicators": grouped(package.indicators, lambda i: indicator_org[i.id]),
        "observations": grouped(package.observations, lambda o: indicator_org[o.indicator_id]),
        "feedback": grouped(package.feedback, lambda f: f.organisation_id),
        "strategic_goals": grouped(package.strategic_goals, lambda s: s.organisation_id),
        "goal_strategic_goals": grouped(package.goal_strategic_goals, lambda link: goal_org[link[0]]),
    }
    owners = {o.id for o in package.organisations if any(o.id in rows for rows in own.values())}
    return {o.id: _part(package, o.id, {name: rows.get(o.id, []) for name, rows in own.items()})
            for o in package.organisations if o.id in owners}


def organisation_ids(package: Package) -> list[str]:
    """The organisations that get a package of their own (those with rows of their own,
    as organisation_packages finds them), without building the packages."""
    plan_org = {p.id: p.organisation_id for p in package.plans}
    owners = set(plan_org.values()) | {d.organisation_id for d in package.documents}
    owners |= {f.organisation_id for f in package.feedback} | {s.organisation_id for s in package.strategic_goals}
    return [o.id for o in package.organisations if o.id in owners]


def _part(package: Package, organisation_id: str, own: dict[str, list[Any]]) -> Package:
    """The package of `own` rows and every row they refer to."""
    part = replace(package, **{name: tuple(rows) for name, rows in own.items()})  # type: ignore[arg-type]
    # What the own rows name, in the order of the foreign keys (a document names a plan,
    # a plan an organisation): each step adds rows the next steps may refer to.
    documents = {d.id for d in part.documents}
    named = [o.document_id for o in part.observations] + [a.document_id for a in part.assessments]
    named += [f.document_id for f in part.feedback] + [s.document_id for s in part.sections]
    documents |= {d for d in named if d}
    goals = {g.id for g in part.goals} | {f.goal_id for f in part.feedback if f.goal_id}
    strategic = {s.id for s in part.strategic_goals} | {s for _, s in part.goal_strategic_goals}
    kept_documents = tuple(d for d in package.documents if d.id in documents)
    kept_goals = tuple(g for g in package.goals if g.id in goals)
    plans = {p.id for p in part.plans} | {g.plan_id for g in kept_goals}
    plans |= {d.plan_id for d in kept_documents if d.plan_id}
    kept_plans = tuple(p for p in package.plans if p.id in plans)
    kept_strategic = tuple(s for s in package.strategic_goals if s.id in strategic)
    areas = {organisation_id} | {o.area_id for o in part.observations} | {f.organisation_id for f in part.feedback}
    areas |= {d.organisation_id for d in kept_documents} | {p.organisation_id for p in kept_plans}
    areas |= {s.organisation_id for s in kept_strategic}
    return replace(part, organisations=tuple(o for o in package.organisations if o.id in areas),
                   plans=kept_plans, documents=kept_documents, goals=kept_goals, strategic_goals=kept_strategic)

"""Missing Swedish texts: a warning for a unilingual county, an error for a bilingual one.

The Language Act (423/2003) obliges a bilingual county to inform in both
languages; for the others Swedish is a voluntary service.
"""

from __future__ import annotations

from collections.abc import Iterator

from seuranta.check.cells import Record
from seuranta.check.problems import Problem
from seuranta.check.schema import Resource


def _owners(t: dict[str, list[Record]]) -> dict[str, dict[str | None, str | None]]:
    """For each resource, a map from row id to the organisation that owns the row
    (None where a cell could not be read)."""
    def ids(name: str, column: str) -> dict[str | None, str | None]:
        return {r.get("id"): r.get(column) for r in t.get(name, [])}

    plan_org = ids("plans", "organisation_id")
    goal_org = {g: plan_org.get(p) for g, p in ids("goals", "plan_id").items()}
    action_org = {a: goal_org.get(g) for a, g in ids("actions", "goal_id").items()}
    indicator_org = {i: plan_org.get(p) for i, p in ids("indicators", "plan_id").items()}
    section_org = {s: plan_org.get(p) for s, p in ids("sections", "plan_id").items()}
    return {"plans": plan_org, "goals": goal_org, "actions": action_org,
            "indicators": indicator_org, "sections": section_org}


def _owner(name: str, r: Record, owners: dict[str, dict[str | None, str | None]]) -> str | None:
    if name == "organisations":
        return r.get("id")
    if name in ("feedback", "strategic_goals", "documents"):
        return r.get("organisation_id")
    if name == "observations":
        return owners["indicators"].get(r.get("indicator_id"))
    if name == "assessments":
        if r.get("action_id") is not None:
            return owners["actions"].get(r.get("action_id"))
        return owners["goals"].get(r.get("goal_id"))
    return owners.get(name, {}).get(r.get("id"))


def check_translations(
    resources: dict[str, Resource], t: dict[str, list[Record]]
) -> Iterator[Problem]:
    bilingual = {o.get("id") for o in t.get("organisations", []) if o.get("bilingual")}
    owners = _owners(t)
    for name, records in t.items():
        columns = [f.name[:-3] for f in resources[name].fields if f.name.endswith("_sv")]
        if not columns:
            continue
        file = resources[name].filename
        for r in records:
            for base in columns:
                if r.get(base + "_fi") and base + "_sv" in r and not r[base + "_sv"]:
                    code = ("translation-required" if _owner(name, r, owners) in bilingual
                            else "translation-missing")
                    yield Problem(code, file, r["_row"], base + "_sv")

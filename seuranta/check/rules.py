"""The contract's rules that span several columns or tables.

Each check takes the parsed tables and yields problems. A record whose cells
failed their own checks holds None there, and these checks skip such cells:
the cell's own problem is the one worth reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seuranta.check.cells import Record
from seuranta.check.problems import Problem
from seuranta.settings import MIN_RESPONDENTS_SHOWN, SMALL_COUNT_THRESHOLD

SHARES_TOLERANCE = 0.5
NPS_TOLERANCE = 1
VALUE_STATUSES_WITH_VALUE = ("final", "preliminary")


def _unreadable(record: Record, *columns: str) -> bool:
    return any(c in record["_bad"] for c in columns)


def _period_order(file: str, records: list[Record], start: str, end: str) -> Iterator[Problem]:
    for r in records:
        a, b = r.get(start), r.get(end)
        if a is not None and b is not None and a > b:
            yield Problem("period-order", file, r["_row"], end, str(b), str(a))


def check_plans(t: dict[str, list[Record]]) -> Iterator[Problem]:
    records = t.get("plans", [])
    yield from _period_order("plans.csv", records, "period_start", "period_end")
    for p in records:  # a report or a reply to an initiative has no period of its own
        if p.get("kind") == "plan":
            for column in ("period_start", "period_end"):
                if p.get(column) is None and column not in p["_bad"]:
                    yield Problem("period-missing", "plans.csv", p["_row"], column)


def _numbers_unique_per_plan(file: str, records: list[Record], code: str) -> Iterator[Problem]:
    first: dict[tuple[Any, Any], int] = {}
    for r in records:
        key = (r.get("plan_id"), r.get("number"))
        if None in key:
            continue
        if key in first:
            yield Problem(code, file, r["_row"], "number", str(key[1]), str(first[key]))
        else:
            first[key] = r["_row"]


def check_goals(t: dict[str, list[Record]]) -> Iterator[Problem]:
    yield from _numbers_unique_per_plan("goals.csv", t.get("goals", []), "duplicate-goal-number")


def check_sections(t: dict[str, list[Record]]) -> Iterator[Problem]:
    yield from _numbers_unique_per_plan("sections.csv", t.get("sections", []), "duplicate-section-number")


def check_indicators(t: dict[str, list[Record]]) -> Iterator[Problem]:
    goal_plan = {g["id"]: g.get("plan_id") for g in t.get("goals", []) if g.get("id")}
    f = "indicators.csv"
    for i in t.get("indicators", []):
        row, kind = i["_row"], i.get("target_type")
        low, high = i.get("target_value"), i.get("target_value_max")
        if _unreadable(i, "target_value", "target_value_max"):
            continue
        if kind is not None and kind != "none" and low is None:
            yield Problem("target-value-missing", f, row, "target_value", None, kind)
        if kind == "none" and low is not None:
            yield Problem("target-value-unexpected", f, row, "target_value", str(low))
        if kind == "between":
            if high is None:
                yield Problem("target-max-missing", f, row, "target_value_max")
            elif low is not None and high < low:
                yield Problem("target-max-below-min", f, row, "target_value_max", str(high), str(low))
        elif kind is not None and high is not None:
            yield Problem("target-max-unexpected", f, row, "target_value_max", str(high))
        if i.get("unit") == "percent":
            for col in ("target_value", "target_value_max", "baseline_value"):
                v = i.get(col)
                if v is not None and not 0 <= v <= 100:
                    yield Problem("percent-out-of-range", f, row, col, str(v))
        if i.get("baseline_value") is not None and i.get("baseline_date") is None:
            yield Problem("baseline-date-missing", f, row, "baseline_date")
        goal, plan = i.get("goal_id"), i.get("plan_id")
        if goal in goal_plan and plan is not None and goal_plan[goal] != plan:
            yield Problem("goal-plan-mismatch", f, row, "goal_id", goal, goal_plan[goal])


def check_assessments(t: dict[str, list[Record]]) -> Iterator[Problem]:
    for a in t.get("assessments", []):
        if _unreadable(a, "goal_id", "action_id"):
            continue
        if (a.get("goal_id") is None) == (a.get("action_id") is None):
            yield Problem("exactly-one-target", "assessments.csv", a["_row"], "goal_id, action_id")
        # No grade is fine when the assessment is written out (narrative, contract 1.1).
        if a.get("status") is None and not a.get("comment_fi") and not _unreadable(a, "status"):
            yield Problem("assessment-empty", "assessments.csv", a["_row"], "status")


def check_observations(
    t: dict[str, list[Record]], small_count_threshold: int = SMALL_COUNT_THRESHOLD
) -> Iterator[Problem]:
    f = "observations.csv"
    units = {i["id"]: i.get("unit") for i in t.get("indicators", []) if i.get("id")}
    clients = {i["id"]: counts_clients(i.get("client_counts"), i.get("unit"))
               for i in t.get("indicators", []) if i.get("id")}
    records = t.get("observations", [])
    yield from _period_order(f, records, "period_start", "period_end")
    for o in records:
        row, status, value, high = o["_row"], o.get("value_status"), o.get("value"), o.get("value_max")
        if o["_bad"] and _unreadable(o, "value", "value_max"):  # (most rows have nothing unreadable)
            continue
        if status in VALUE_STATUSES_WITH_VALUE:
            if value is None:
                yield Problem("range-without-value" if high is not None else "value-missing", f, row, "value",
                              None, status)
                continue
            if high is not None and high < value:
                yield Problem("range-reversed", f, row, "value_max", _num(high), _num(value))
            unit = units.get(o.get("indicator_id"))
            for column, v in (("value", value), ("value_max", high)):
                if v is None:
                    continue
                if clients.get(o.get("indicator_id")) and 1 <= v < small_count_threshold:
                    yield Problem("small-count", f, row, column, _num(v), str(small_count_threshold))
                if unit == "percent" and not 0 <= v <= 100:
                    yield Problem("percent-out-of-range", f, row, column, _num(v))
        elif status is not None:
            for column, v in (("value", value), ("value_max", high)):
                if v is not None:
                    yield Problem("value-unexpected", f, row, column, _num(v), status)


def counts_clients(client_counts: bool | None, unit: str | None) -> bool:
    """Whether the small-count rule applies: an indicator counting clients (children,
    families). `client_counts` says so; without it, every count does (as in 1.0)."""
    return client_counts if client_counts is not None else unit == "count"


def check_feedback(t: dict[str, list[Record]]) -> Iterator[Problem]:
    f = "feedback.csv"
    records = t.get("feedback", [])
    yield from _period_order(f, records, "period_start", "period_end")
    for r in records:
        row = r["_row"]
        shares = _present(r, "promoters_pct", "passives_pct", "detractors_pct")
        if shares is not None:
            total = sum(shares)
            if abs(total - 100) > SHARES_TOLERANCE:
                yield Problem("shares-sum", f, row, "promoters_pct, passives_pct, detractors_pct",
                              _num(round(total, 2)))
        p, d, nps = r.get("promoters_pct"), r.get("detractors_pct"), r.get("nps")
        if p is not None and d is not None and nps is not None and abs((p - d) - nps) > NPS_TOLERANCE:
            yield Problem("nps-mismatch", f, row, "nps", str(nps), _num(round(p - d, 1)))
        counts = _present(r, "promoters", "passives", "detractors")
        if counts is not None and sum(counts) > 0:
            n = sum(counts)
            respondents = r.get("respondents")
            if respondents is not None and n > respondents:
                yield Problem("counts-exceed-respondents", f, row, "respondents", str(n))
            for col, count in zip(("promoters_pct", "passives_pct", "detractors_pct"), counts, strict=True):
                share = r.get(col)
                computed = 100 * count / n
                if share is not None and abs(share - computed) > SHARES_TOLERANCE:
                    yield Problem("counts-mismatch", f, row, col, _num(share), _num(round(computed, 1)))
        respondents = r.get("respondents")
        if respondents is not None and respondents < MIN_RESPONDENTS_SHOWN:
            yield Problem("few-respondents", f, row, "respondents", str(respondents),
                          str(MIN_RESPONDENTS_SHOWN))


def _present(record: Record, *columns: str) -> list[Any] | None:
    """The values of `columns`, or None when any of them is empty."""
    values = [record.get(c) for c in columns]
    return None if None in values else values


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


ALL_RULES = (check_plans, check_goals, check_sections, check_indicators, check_assessments, check_feedback)

"""Is an indicator on track? One stable status code per indicator, with its reasons.

The rules (documented on the methodology page, which is generated from the
constants and the function below):

1. The latest usable value is the last `final` or `preliminary` observation of
   the plan's own area, by period end (ties: the longer period). Suppressed and
   not-available values are never used. None: `no_data`.
2. No target and no desired direction: `no_target` (monitored only).
3. A target is met when the latest value is at least / at most / between /
   equal to the target (equals: within EQUALS_TOLERANCE of the target). Met:
   `met`. A `maintain` direction without a target counts as met while the value
   stays within NO_CHANGE_TOLERANCE of the reference.
4. Otherwise the latest value is compared with the reference — the baseline,
   or else the earliest usable observation: moved towards the target (or in the
   desired direction) by more than NO_CHANGE_TOLERANCE: `improving`; away from
   it: `worsening`; else `no_change`. With no reference (a single value and no
   baseline) movement cannot be judged: `no_change`, and the reason says so.
5. A cumulative value (year to date) of events, money or days (not of clients)
   measured over part of a year is projected linearly to a full year before it
   is compared with a target or a reference; a cumulative share, ratio or count
   of clients is compared only with a value over the same part of a year (1–4
   with 1–4), never with a period of another length, and the reason says so.
6. A value given as a range (value–value_max) counts as its end that is worse
   for the goal: the whole range must meet the target.
7. Preliminary values are used; the reason says the status rests on them.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass, replace

from seuranta.model.package import Indicator, Observation, Package

STATUSES = ("met", "improving", "no_change", "worsening", "no_target", "no_data")
USABLE = ("final", "preliminary")
# Relative tolerances: share of the target (equals) or of the reference (movement).
EQUALS_TOLERANCE = 0.01
NO_CHANGE_TOLERANCE = 0.01
# For percentages the tolerances are in percentage points.
EQUALS_TOLERANCE_PP = 0.5
NO_CHANGE_TOLERANCE_PP = 0.5
FULL_YEAR_DAYS = 365
# Units whose values add up over time (a year is the sum of its months); a share or
# a ratio over part of a year is not scaled, nor is a count of clients (a client
# of January is still one in May: persons are not summed over months).
ADDITIVE_UNITS = ("count", "eur", "days")


def additive(i: Indicator) -> bool:
    return i.unit in ADDITIVE_UNITS and not (i.unit == "count" and i.counts_clients)


@dataclass(frozen=True)
class Status:
    indicator_id: str
    area_id: str
    status: str
    latest: Observation | None = None
    latest_value: float | None = None  # as compared: projected to a year when partial
    reference_value: float | None = None
    reference_date: dt.date | None = None  # baseline date, or the first value's period end
    reference_start: dt.date | None = None  # the first value's period start (None for a baseline)
    reference_is_baseline: bool = False
    projected: bool = False  # latest_value is a partial-year value projected to a year
    preliminary: bool = False
    single_value: bool = False
    unlike_periods: bool = False  # cumulative: no earlier value covers the same part of a year
    partial_year: bool = False  # the latest value covers only part of the target year


def _days(o: Observation) -> int:
    return (o.period_end - o.period_start).days + 1


def _comparable(o: Observation, i: Indicator) -> tuple[float, bool]:
    """The value to compare, and whether it was projected to a full year."""
    value = _worse_end(o, i)
    if (i.cumulative and additive(i) and o.period_start != o.period_end
            and _days(o) < FULL_YEAR_DAYS):
        return value * FULL_YEAR_DAYS / _days(o), True
    return value, False


def _worse_end(o: Observation, i: Indicator) -> float:
    """A range value–value_max counts as its end that is worse for the goal, so a
    status from a range is conservative: the whole range must meet the target."""
    value, value_max = o.value, o.value_max
    assert value is not None, "a usable value is never empty (the validator's value-missing)"
    if value_max is None:
        return value
    if i.target_type == "at_least" or (i.target_type == "none" and i.direction == "increase"):
        return value
    if i.target_type == "at_most" or (i.target_type == "none" and i.direction == "decrease"):
        return value_max
    if i.target_type in ("between", "equals"):
        return max((value, value_max), key=lambda v: _distance(i, v))
    return (value + value_max) / 2  # maintain, no target: the middle of the range


def _tolerance(i: Indicator, base: float, relative: float, points: float) -> float:
    return points if i.unit == "percent" else abs(base) * relative


def _target(i: Indicator) -> tuple[float, float]:
    """The target's two ends (the same but for `between`) of an indicator with a target:
    the validator makes sure it has them (target-value-missing, target-max-missing)."""
    low, high = i.target_value, i.target_value_max
    assert low is not None and (high is not None or i.target_type != "between"), i.id
    return low, low if high is None else high


def target_met(i: Indicator, value: float) -> bool | None:
    """None when the indicator has no target."""
    if i.target_type == "none":
        return None
    t, t_max = _target(i)
    if i.target_type == "at_least":
        return value >= t
    if i.target_type == "at_most":
        return value <= t
    if i.target_type == "between":
        return t <= value <= t_max
    if i.target_type == "equals":
        return abs(value - t) <= _tolerance(i, t, EQUALS_TOLERANCE, EQUALS_TOLERANCE_PP)
    return None


def _distance(i: Indicator, value: float) -> float:
    """How far a value is from the target (0 inside it); larger is worse."""
    t, t_max = _target(i)
    if i.target_type == "at_least":
        return max(t - value, 0)
    if i.target_type == "at_most":
        return max(value - t, 0)
    if i.target_type == "between":
        return max(t - value, value - t_max, 0)
    return abs(value - t)  # equals


def _like_periods(observations: list[Observation], i: Indicator) -> list[Observation]:
    """The earlier values the latest may be compared with. A cumulative value (year to
    date) is compared only with one over the same part of a year (1–4/2024 with
    1–4/2025), unless it is projected to a full year; others with any earlier value."""
    latest, earlier = observations[-1], observations[:-1]
    if not i.cumulative or _comparable(latest, i)[1]:
        return earlier
    part = _part_of_year(latest)
    return [o for o in earlier if _part_of_year(o) == part and not _comparable(o, i)[1]]


def _still_growing(o: Observation, i: Indicator, projected: bool) -> bool:
    """A cumulative value over part of a year that is not projected (a share, or a count
    of clients) still grows until the year ends: it meets an "at least" target for good,
    but under any other target it may not stay met, so it is not called met yet."""
    partial = i.cumulative and o.period_start != o.period_end and _days(o) < FULL_YEAR_DAYS
    return bool(partial and not projected and i.target_type != "at_least")


def _baseline_comparable(o: Observation, i: Indicator, projected: bool) -> bool:
    """A cumulative value that is not projected is compared with its baseline only when
    the baseline is dated at the same point of a year (1–8 with 31.8)."""
    if not i.cumulative or projected or i.baseline_date is None:
        return True
    return (i.baseline_date.month, i.baseline_date.day) == (o.period_end.month, o.period_end.day)


def _part_of_year(o: Observation) -> tuple[int, int, int, int, int]:
    return (o.period_start.month, o.period_start.day, o.period_end.month, o.period_end.day,
            o.period_end.year - o.period_start.year)


def usable_observations(package: Package, i: Indicator) -> list[Observation]:
    area = package.plan(i.plan_id).organisation_id
    return [o for o in package.observations_of(i.id) if o.area_id == area and o.value_status in USABLE]


def chronological(observations: list[Observation]) -> list[Observation]:
    """Oldest first, by period end; among equal ends the longer period comes last,
    so it is the latest (rule 1: ties go to the longer period)."""
    return sorted(observations, key=lambda o: (o.period_end, _days(o)))


_StatusInputs = tuple[str, tuple[Observation, ...]]  # an indicator's area and its usable observations


def indicator_status(package: Package, i: Indicator) -> Status:
    # Worked out once per package (keyed by the indicator's values, not only its id):
    # charts, pages and downloads all show it. Each is kept with what it was worked
    # out from, and the last build's taken where that is the same: its area and the
    # same observation objects (model/load.py keeps unchanged rows the same objects).
    statuses: dict[Indicator, tuple[_StatusInputs, Status]] = package.memo.setdefault("status", {})
    made = statuses.get(i)
    if made is None:
        inputs = (package.plan(i.plan_id).organisation_id, tuple(usable_observations(package, i)))
        before = package.memo_before("status").get(i)
        if before and before[0][0] == inputs[0] and _same_objects(before[0][1], inputs[1]):
            made = before
        else:
            made = (inputs, evaluate(i, inputs[0], list(inputs[1])))
        statuses[i] = made
    return made[1]


def _same_objects(a: tuple[Observation, ...], b: tuple[Observation, ...]) -> bool:
    return len(a) == len(b) and all(map(operator.is_, a, b))


def evaluate(i: Indicator, area: str, observations: list[Observation]) -> Status:
    """The status from an indicator and its own area's usable observations (any order)."""
    observations = chronological(observations)
    if not observations:
        return Status(i.id, area, "no_data")
    latest = observations[-1]
    latest_value, projected = _comparable(latest, i)
    partial_year = bool(i.target_year and latest.period_end.year == i.target_year
                        and latest.period_end < dt.date(i.target_year, 12, 31))
    # What every status below shows; each rule sets the status.
    base = Status(i.id, area, "no_target", latest=latest, latest_value=latest_value,
                  projected=projected, preliminary=latest.value_status == "preliminary",
                  partial_year=partial_year)
    if i.target_type == "none" and i.direction == "none":
        return base
    ref_value: float | None
    ref_date: dt.date | None
    ref_start: dt.date | None = None
    if i.baseline_value is not None and _baseline_comparable(latest, i, projected):
        ref_value, ref_date, is_baseline = i.baseline_value, i.baseline_date, True
    elif alike := _like_periods(observations, i):
        first = alike[0]
        ref_value, ref_date, is_baseline = _comparable(first, i)[0], first.period_end, False
        ref_start = first.period_start
    else:
        ref_value = ref_date = None
        is_baseline = False
        base = replace(base, unlike_periods=len(observations) > 1)
    base = replace(base, reference_value=ref_value, reference_date=ref_date, reference_start=ref_start,
                   reference_is_baseline=is_baseline)
    if ref_value is None and i.target_type == "none":
        return replace(base, status="no_change", single_value=not base.unlike_periods)

    met = target_met(i, latest_value)
    if met and not _still_growing(latest, i, projected):
        return replace(base, status="met")
    if ref_value is None:
        return replace(base, status="no_change", single_value=not base.unlike_periods)
    tolerance = _tolerance(i, ref_value, NO_CHANGE_TOLERANCE, NO_CHANGE_TOLERANCE_PP)
    if i.target_type != "none":
        change = _distance(i, ref_value) - _distance(i, latest_value)  # positive: closer
    elif i.direction == "maintain":
        moved = abs(latest_value - ref_value) > tolerance
        return replace(base, status="worsening" if moved else "met")
    else:
        sign = 1 if i.direction == "increase" else -1
        change = sign * (latest_value - ref_value)
    if change > tolerance:
        return replace(base, status="improving")
    if change < -tolerance:
        return replace(base, status="worsening")
    return replace(base, status="no_change")


def all_statuses(package: Package) -> dict[str, Status]:
    return {i.id: indicator_status(package, i) for i in package.indicators}


def count_by_status(statuses: Iterable[Status]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s.status] += 1
    return counts

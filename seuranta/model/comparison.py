"""Comparisons across organisations: indicators that share a Sotkanet id.

Counts and shares of the same Sotkanet indicator (both carry its id) are kept
apart by unit, so a comparison never mixes the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from seuranta.model.package import Indicator, Observation, Package


@dataclass(frozen=True)
class Comparison:
    sotkanet_id: int
    unit: str
    indicators: tuple[Indicator, ...]

    @property
    def slug(self) -> str:
        return f"sotkanet-{self.sotkanet_id}-{self.unit}"


def comparisons(package: Package) -> list[Comparison]:
    groups: dict[tuple[int, str], list[Indicator]] = {}
    for i in package.indicators:
        if i.sotkanet_id is not None:
            groups.setdefault((i.sotkanet_id, i.unit), []).append(i)
    found = []
    for (sid, unit), indicators in sorted(groups.items()):
        organisations = {package.plan(i.plan_id).organisation_id for i in indicators}
        if len(organisations) >= 2:
            found.append(Comparison(sid, unit, tuple(indicators)))
    return found


def comparison_rows(package: Package, c: Comparison) -> list[Observation]:
    """Every observation of the group, one per area and period (the first indicator wins)."""
    seen, rows = set(), []
    for i in c.indicators:
        for o in package.observations_of(i.id):
            key = (o.area_id, o.period_start, o.period_end)
            if key not in seen:
                seen.add(key)
                rows.append(o)
    return sorted(rows, key=lambda o: (o.period_end, o.area_id != "koko-maa", o.area_id))

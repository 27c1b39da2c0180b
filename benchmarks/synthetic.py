"""Synthetic but contract-following data packages for benchmarks.

Shapes mirror the real data: organisations with plans, goals, actions,
assessments, indicators and monthly observations, plus whole-country values.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS_FROM = ROOT / "tests" / "fixtures" / "valid-minimal"


def _header(name: str) -> list[str]:
    with open(HEADERS_FROM / name, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def _write(out: Path, name: str, rows: list[dict]) -> None:
    header = _header(name)
    with open(out / name, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header, lineterminator="\n", restval="")
        w.writeheader()
        w.writerows(rows)


def generate(out: Path, organisations: int = 22, plans: int = 3, goals: int = 8,
             indicators: int = 6, observations: int = 12, seed: int = 1) -> dict[str, int]:
    """Write a package; return the row count per file."""
    rnd = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    t: dict[str, list[dict]] = {n: [] for n in (
        "organisations", "plans", "goals", "actions", "assessments", "indicators",
        "observations", "feedback", "strategic_goals", "goal_strategic_goals")}
    t["organisations"].append({"id": "koko-maa", "kind": "country", "name_fi": "Koko maa",
                               "name_sv": "Hela landet", "bilingual": "false"})
    for o in range(organisations):
        org = f"alue-{o + 1}"
        t["organisations"].append({
            "id": org, "kind": "wellbeing_area", "name_fi": f"Alueen {o + 1} hyvinvointialue",
            "name_sv": f"Område {o + 1} välfärdsområde", "bilingual": "false",
            "sotkanet_region": str(o + 1)})
        t["strategic_goals"].append({"id": f"{org}-sg", "organisation_id": org,
                                     "title_fi": "Hyvinvointi paranee", "title_sv": "Välfärden förbättras"})
        for p in range(plans):
            plan = f"{org}-p{p + 1}"
            t["plans"].append({
                "id": plan, "organisation_id": org, "title_fi": f"Suunnitelma {p + 1}",
                "title_sv": f"Plan {p + 1}", "period_start": "2023", "period_end": "2026",
                "document_date": "2024-09-25", "summary_fi": "Tiivistelmä.", "summary_sv": "Sammanfattning."})
            for g in range(goals):
                goal = f"{plan}-t{g + 1}"
                t["goals"].append({"id": goal, "plan_id": plan, "number": str(g + 1),
                                   "title_fi": f"Tavoite numero {g + 1}", "title_sv": f"Mål nummer {g + 1}",
                                   "theme_fi": "Osallisuus", "theme_sv": "Delaktighet"})
                t["goal_strategic_goals"].append({"goal_id": goal, "strategic_goal_id": f"{org}-sg"})
                action = f"{goal}-a1"
                t["actions"].append({"id": action, "goal_id": goal, "text_fi": "Toimenpide",
                                     "text_sv": "Åtgärd", "responsible_fi": "Perhepalvelut",
                                     "responsible_sv": "Familjetjänster"})
                t["assessments"].append({"id": f"{action}-arvio", "action_id": action,
                                         "date": "2025-05-08", "status": rnd.choice(
                                             ["yes", "partly", "no"]),
                                         "comment_fi": "Etenee", "comment_sv": "Framskrider"})
                for i in range(indicators):
                    ind = f"{goal}-m{i + 1}"
                    unit = "percent" if i % 2 else "count"
                    base = rnd.uniform(20, 80) if unit == "percent" else rnd.randint(200, 3000)
                    t["indicators"].append({
                        "id": ind, "plan_id": plan, "goal_id": goal, "name_fi": f"Mittari {i + 1}",
                        "name_sv": f"Mätare {i + 1}", "unit": unit, "direction": "increase",
                        "target_type": "at_least", "target_value": f"{base * 1.1:.1f}",
                        "target_year": "2026", "source_fi": "Testi", "source_sv": "Test"})
                    for k in range(observations):
                        start = dt.date(2020 + k // 12, k % 12 + 1, 1)
                        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
                        value = base * rnd.uniform(0.9, 1.1)
                        for area in (org, "koko-maa") if k % 3 == 0 else (org,):
                            t["observations"].append({
                                "indicator_id": ind, "area_id": area, "period_start": start.isoformat(),
                                "period_end": end.isoformat(),
                                "value": f"{min(value, 100):.1f}" if unit == "percent" else str(int(value)),
                                "value_status": "final"})
            t["feedback"].append({
                "id": f"{plan}-nps", "organisation_id": org, "goal_id": f"{plan}-t1",
                "service_fi": "Palvelu", "service_sv": "Tjänst", "period_start": "2024-01-01",
                "period_end": "2024-12-31", "respondents": "200", "promoters": "117", "passives": "42",
                "detractors": "41", "promoters_pct": "58.5", "passives_pct": "21.0",
                "detractors_pct": "20.5", "nps": "38"})
    for name, rows in t.items():
        _write(out, f"{name}.csv", rows)
    return {name: len(rows) for name, rows in t.items()}

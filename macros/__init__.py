"""mkdocs-macros adapter: wiring only. Every macro is a thin call into `seuranta`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from seuranta import render
from seuranta.build import last_updated
from seuranta.model import load_package


def _fingerprint(data_dir: str) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                 for p in sorted(Path(data_dir).glob("*.csv")))


@cache
def _load(data_dir: str, fingerprint: tuple):
    # Both language builds run in one process: load and validate the data once
    # per version of the files.
    return load_package(Path(data_dir))


def _package(data_dir: str):
    return _load(data_dir, _fingerprint(data_dir))


def define_env(env) -> None:
    settings = env.conf["extra"]["seuranta"]
    lang = settings["lang"]
    package = _package(settings["data_dir"])
    charts = json.loads(Path(settings["charts"]).read_text(encoding="utf-8")) if settings.get("charts") else {}

    @env.macro
    def home_page() -> str:
        return render.home_page(package, lang, last_updated(package))

    @env.macro
    def organisation_page(organisation_id: str) -> str:
        return render.organisation_page(package, organisation_id, lang)

    @env.macro
    def plan_page(plan_id: str) -> str:
        return render.plan_page(package, plan_id, lang, charts)

    @env.macro
    def goal_page(goal_id: str) -> str:
        return render.goal_page(package, goal_id, lang, charts)

    @env.macro
    def comparisons_index() -> str:
        return render.comparisons_index(package, lang)

    @env.macro
    def comparison_page(slug: str) -> str:
        return render.comparison_page(package, slug, lang)

    @env.macro
    def methodology_page() -> str:
        return render.methodology_page(lang)

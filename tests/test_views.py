"""Page views (site/views.py): each plan, goal and embed page is rendered from the
slice of the package it shows, and the view's digest decides whether it is redone."""

from __future__ import annotations

import dataclasses
import json

import pytest

from seuranta.charts.manifest import Manifest
from seuranta.model.package import Package, Text
from seuranta.site import render
from seuranta.site.views import PageView, embed_view, feedback_embed_view, goal_view, plan_view


def chart_manifest(package: Package, lang: str) -> Manifest:
    """A manifest naming a chart for every indicator and feedback record (files not needed:
    the pages only link to them), so that the views must carry chart entries too."""
    keys = [f"indicator/{i.id}" for i in package.indicators]
    keys += [f"{kind}/{f.id}" for f in package.feedback for kind in ("feedback", "nps-trend")]
    return {f"{lang}/{key}": {"svg": f"{lang}/{key}.svg", "spec": f"{lang}/{key}.vl.json", "inputs": key,
                              "width": 320, "height": 240, "alt": f"Kaavio {key}",
                              "points": json.dumps([[10.0, 20.0, [["Arvo", key]]]])}
            for key in keys}


def views(package: Package, lang: str, charts: Manifest) -> list[tuple[PageView, str]]:
    """Every view, with its page rendered from the whole package."""
    out = [(goal_view(package, g.id, lang, charts), render.goal_page(package, g.id, lang, charts))
           for g in package.goals]
    out += [(plan_view(package, p.id, lang, charts), render.plan_page(package, p.id, lang, charts))
            for p in package.plans]
    out += [(embed_view(package, i, lang, charts), render.embed_page(package, i, lang, charts))
            for i in package.indicators]
    out += [(feedback_embed_view(package, f, lang, charts), render.feedback_embed_page(package, f.id, lang, charts))
            for f in render.embeddable_feedback(package)]
    return out


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_page_is_the_same_rendered_from_its_view(fixture_package, lang):
    """A page reads nothing outside its view: a row left out of the slice would be
    missing from the page (or its lookup would fail)."""
    charts = chart_manifest(fixture_package, lang)
    found = views(fixture_package, lang, charts)
    assert {v.kind for v, _ in found} == {"goal", "plan", "embed", "feedback-embed"}
    for view, whole in found:
        assert view.render() == whole, f"{view.kind} {view.id}"


def test_views_are_slices_not_the_whole_package(fixture_package):
    """Otherwise the test above would hold trivially, and every page would be redone
    for any change."""
    charts = chart_manifest(fixture_package, "fi")
    for view, _ in views(fixture_package, "fi", charts):
        assert len(view.data.observations) < len(fixture_package.observations), f"{view.kind} {view.id}"
        assert len(view.charts) < len(charts), f"{view.kind} {view.id}"


def _retitled(package: Package, goal_id: str) -> Package:
    goals = tuple(dataclasses.replace(g, title=Text("Uusi otsikko", "Ny rubrik")) if g.id == goal_id else g
                  for g in package.goals)
    return dataclasses.replace(package, goals=goals)


def test_a_change_outside_the_view_leaves_its_digest(fixture_package):
    charts = chart_manifest(fixture_package, "fi")
    first, other = fixture_package.goals[0], fixture_package.goals[1]
    changed = _retitled(fixture_package, other.id)
    assert (goal_view(changed, first.id, "fi", charts).digest
            == goal_view(fixture_package, first.id, "fi", charts).digest)
    assert (goal_view(changed, other.id, "fi", charts).digest
            != goal_view(fixture_package, other.id, "fi", charts).digest)


def test_a_changed_value_changes_the_views_that_show_it(fixture_package):
    o = next(o for o in fixture_package.observations if o.value is not None)
    i = next(i for i in fixture_package.indicators if i.id == o.indicator_id)
    observations = tuple(dataclasses.replace(x, value=x.value + 1) if x == o else x  # type: ignore[operator]
                         for x in fixture_package.observations)
    changed = dataclasses.replace(fixture_package, observations=observations)
    charts = chart_manifest(fixture_package, "sv")
    assert embed_view(changed, i, "sv", charts).digest != embed_view(fixture_package, i, "sv", charts).digest
    assert (plan_view(changed, i.plan_id, "sv", charts).digest
            != plan_view(fixture_package, i.plan_id, "sv", charts).digest)
    others = [p for p in fixture_package.plans if p.id != i.plan_id]
    assert others, "the fixture has a second plan"
    assert all(plan_view(changed, p.id, "sv", charts).digest == plan_view(fixture_package, p.id, "sv", charts).digest
               for p in others)


def test_a_changed_chart_changes_the_view(fixture_package):
    charts = chart_manifest(fixture_package, "fi")
    i = next(i for i in fixture_package.indicators if i.goal_id)
    redrawn = {**charts, f"fi/indicator/{i.id}": {**charts[f"fi/indicator/{i.id}"], "alt": "Uusi kuvaus"}}
    assert (goal_view(fixture_package, i.goal_id, "fi", redrawn).digest  # type: ignore[arg-type]
            != goal_view(fixture_package, i.goal_id, "fi", charts).digest)  # type: ignore[arg-type]

"""Real headless Chromium on a 320 × 640 phone screen: a goal page answers "how is it
going?" within a screen and a half, and each indicator's embed page works on its own
(axe, no sideways scrolling, nothing from other hosts, no script)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import ROOT, expected_embeds, fixture_rows
from test_accessibility import AXE, TAGS
from test_browser import browser, open_page, server  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast

PHONE = {"width": 320, "height": 640}
SCREENS = 1.5  # the status must start within this many screens of the page's top
ARTEFACTS = ROOT / "test-artefacts"


def goal_paths(lang: str) -> list[str]:
    """Every goal page of the fixture site (goals.csv, plans.csv)."""
    plans = {p["id"]: p for p in fixture_rows("plans")}
    return [f"{lang}/{plans[g['plan_id']]['organisation_id']}/{g['plan_id']}/{g['id']}/"
            for g in fixture_rows("goals")]


def _has_something_to_say(goal_id: str) -> bool:
    """A plan's goal always has a status (at least "not assessed"); a report's or a
    reply's item only when it has indicators or assessments (fixture CSVs)."""
    goal = next(g for g in fixture_rows("goals") if g["id"] == goal_id)
    plan = next(p for p in fixture_rows("plans") if p["id"] == goal["plan_id"])
    return (plan["kind"] == "plan" or any(i["goal_id"] == goal_id for i in fixture_rows("indicators"))
            or any(a["goal_id"] == goal_id for a in fixture_rows("assessments")))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_goal_page_answers_within_one_and_a_half_screens_on_a_phone(browser, server, lang):  # noqa: F811
    limit = SCREENS * PHONE["height"]
    measured = {}
    for path in goal_paths(lang):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(server + path, wait_until="load")
        summary = page.locator("article section.sr-summary")
        if not _has_something_to_say(path.rstrip("/").rsplit("/", 1)[1]):
            context.close()
            continue
        assert summary.count() == 1, path
        # The status: the first indicator's badge and its reason, or the county's own assessment.
        status = page.locator("article .sr-summary .sr-answer .sr-badge, article .sr-summary .sr-own").first
        boxes = [status.bounding_box()]
        reason = page.locator("article .sr-summary .sr-answer .sr-why")
        if reason.count():
            boxes.append(reason.first.bounding_box())
        scrolled = page.evaluate("() => window.scrollY")
        if path == goal_paths(lang)[0]:
            ARTEFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTEFACTS / f"320px-answer-{lang}.png"))  # the first screen, for review
        context.close()
        assert scrolled == 0
        assert all(b is not None for b in boxes), path
        measured[path] = max(b["y"] for b in boxes)
        assert measured[path] <= limit, f"{path}: the status starts {measured[path]:.0f} px down (limit {limit:.0f})"
    expected = [p for p in goal_paths(lang) if _has_something_to_say(p.rstrip("/").rsplit("/", 1)[1])]
    assert expected and sorted(measured) == sorted(expected)


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_embed_pages_pass_axe_and_stand_alone(browser, server, lang, width):  # noqa: F811
    """Every embed page (indicators, feedback results, comparisons): no axe violations, no
    sideways scrolling at 320 px, its language, nothing loaded from elsewhere, and no script at all."""
    assert AXE.is_file(), "run `npm ci` (make test does) to install axe-core"
    for url in [f"{server}{lang}/{kind}/{name}/embed/" for kind, names in expected_embeds().items()
                for name in sorted(names)]:
        context, page, log = open_page(browser, url)
        page.set_viewport_size({"width": width, "height": 640})
        assert page.evaluate("() => document.documentElement.lang") == lang
        assert page.evaluate("() => document.scripts.length") == 0
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, url
        assert log["hosts"] == {urlparse(server).netloc} and log["console"] == []
        context.close()
        # bypass_csp lets the test inject axe; the page itself ran under its CSP above.
        context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 640})
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        context.close()
        problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert problems == [], url

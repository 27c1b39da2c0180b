"""axe-core (pinned in package-lock.json) in real headless Chromium: every page type,
both languages, desktop width and 320 px, WCAG 2.0/2.1/2.2 A and AA rules: no violations."""

from __future__ import annotations

import pytest
from conftest import ROOT
from playwright.sync_api import expect
from test_browser import browser, server  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Every page type of the fixture site (tests/fixtures/site/README.md).
GOAL_PAGE = "{lang}/jarvilaakso/jl-lnhs-2024-2027/jl-t1/"
PAGE_TYPES = {
    "language choice": "",
    "home": "{lang}/",
    "organisation": "{lang}/jarvilaakso/",
    "plan with sections, context charts and documents": "{lang}/jarvilaakso/jl-lnhs-2024-2027/",
    "goal with charts and feedback": GOAL_PAGE,
    "goal with a range and an untranslated title": "{lang}/jarvilaakso/jl-lnhs-2024-2027/jl-t2/",
    "plan with too few respondents": "{lang}/harjumaa/hm-lnhs-2025-2028/",
    "reply": "{lang}/harjumaa/hm-aloitevastaus/",
    "comparison": "{lang}/vertailu/sotkanet-1077-percent/",
    "methodology": "{lang}/tietoa/menetelma/",
    "accessibility statement": "{lang}/tietoa/saavutettavuus/",
    "open data": "{lang}/tietoa/data/",
}
CASES = sorted({(name, path.format(lang=lang), width) for name, path in PAGE_TYPES.items()
                for lang in ("fi", "sv") for width in (1280, 320)})


@pytest.mark.parametrize("name, path, width", CASES, ids=[f"{p or '/'}@{w}" for _, p, w in CASES])
def test_no_axe_violations(browser, server, name, path, width):  # noqa: F811
    assert AXE.is_file(), "run `npm ci` (make test does) to install axe-core"
    # bypass_csp lets the test inject axe; the page itself still runs under its CSP in test_browser.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(server + path, wait_until="load")
    charts = page.locator(".sr-chart__spots").count()
    if charts:  # audit the charts as charts.js leaves them (each one keyboard stop)
        expect(page.locator('.sr-chart__spots[tabindex="0"]')).to_have_count(charts)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    context.close()
    assert problems == []


def test_keyboard_reaches_links_and_chart_tables_with_visible_focus(browser, server):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + GOAL_PAGE.format(lang="fi"), wait_until="load")
    reached = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const e = document.activeElement;
            const s = getComputedStyle(e);
            const section = e.closest('section');
            const where = section && section.querySelector('h3') ? section.querySelector('h3').id : '';
            return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40), where: where,
                    outline: s.outlineStyle !== 'none' && s.outlineWidth !== '0px',
                    shadow: s.boxShadow !== 'none', summary: e.tagName === 'SUMMARY'};
        }""")
        if info["tag"] in ("A", "SUMMARY", "BUTTON", "INPUT"):
            reached.add((info["tag"], info["text"], info["where"]))
            assert info["outline"] or info["shadow"] or info["tag"] == "INPUT", info
    summaries = {where for tag, _, where in reached if tag == "SUMMARY"}
    charts = page.locator("section.sr-indicator").count()
    # Every indicator's data table disclosure, and each feedback result's embed code.
    assert len({w for w in summaries if w.startswith("mittari-")}) == charts >= 3
    feedback = page.locator("section.sr-feedback:has(details) h3").evaluate_all("els => els.map(e => e.id)")
    assert {w for w in summaries if w.startswith("palaute-")} == set(feedback) and feedback
    assert ("A", "Siirry sisältöön", "") in reached
    context.close()


ARTEFACTS = ROOT / "test-artefacts"
ARTEFACTS.mkdir(exist_ok=True)
NARROW = sorted({(name, path.format(lang=lang)) for name, path in PAGE_TYPES.items() for lang in ("fi", "sv")})


@pytest.mark.parametrize("name, path", NARROW, ids=[p or "/" for _, p in NARROW])
def test_no_page_scrolls_sideways_at_320_px(browser, server, name, path):  # noqa: F811
    """WCAG 1.4.10 Reflow: at 320 px the page never scrolls sideways; a wide table scrolls
    inside its own labelled, focusable region instead."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server + path, wait_until="load")
    # Kept for a person to look at (test-artefacts/ is not committed).
    page.screenshot(path=str(ARTEFACTS / f"320px-{(path or 'root').strip('/').replace('/', '_')}.png"), full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    regions = page.locator(".sr-scroll")
    labelled = [regions.nth(n).get_attribute("aria-labelledby") for n in range(regions.count())]
    focusable = [regions.nth(n).get_attribute("tabindex") for n in range(regions.count())]
    context.close()
    assert width <= 320, f"{path}: the page is {width} px wide"
    assert all(labelled) and all(t == "0" for t in focusable)


def _luminance(rgb: tuple[int, int, int]) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_focus_indicator_has_3_to_1_contrast(browser, server):  # noqa: F811
    """WCAG 1.4.11: the focus ring of a link in the text stands out from the white page."""
    import re

    context = browser.new_context()
    page = context.new_page()
    page.goto(server + GOAL_PAGE.format(lang="fi"), wait_until="load")
    link = page.locator("article a[href]").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focused from the keyboard: :focus-visible applies
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineColor, s.outlineStyle, s.outlineWidth]; }""")
    context.close()
    colour = tuple(int(x) for x in re.findall(r"\d+", style[0])[:3])
    assert style[1] != "none" and float(style[2].removesuffix("px")) >= 2
    assert _contrast(colour, (255, 255, 255)) >= 3, style


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_language_switch_is_big_enough_to_hit_on_a_phone(browser, server, lang):  # noqa: F811
    """WCAG 2.5.8: the target is at least 24 × 24 CSS pixels, at 320 px too."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server + GOAL_PAGE.format(lang=lang), wait_until="load")
    box = page.locator(".sr-languages__link").bounding_box()
    context.close()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box


# The focused element, once its transitions have ended: where it is, whether it is shown
# (not hidden, not transparent), inside the window and not covered by anything else.
FOCUSED = """async () => {
  // Wait for what moves or shows things (not colour changes): the drawer, the search.
  const moving = /^(opacity|transform|visibility|width|height|max-height|left|top|translate)$/;
  await Promise.all(document.getAnimations().filter(a => !a.transitionProperty || moving.test(a.transitionProperty))
                    .map(a => a.finished.catch(() => null)));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const shown = e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const inWindow = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
                   && r.left < innerWidth && r.top < innerHeight;
  let onTop = false;
  if (inWindow) for (const q of e.getClientRects()) {
    const x = Math.min(Math.max(q.left + q.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(q.top + q.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (top && (top === e || e.contains(top))) { onTop = true; break; }
  }
  const first = window.__srFirst || (window.__srFirst = e);
  return {tag: e.tagName, cls: typeof e.className === 'string' ? e.className : '',
          name: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40),
          expanded: e.getAttribute('aria-expanded'), inDrawer: !!e.closest('.md-sidebar--primary'),
          body: e === document.body, again: e === first && window.__srSteps++ > 0,
          box: [r.left, r.top, r.width, r.height].map(Math.round), shown, inWindow, onTop};
}"""
MENU = {"fi": "Valikko", "sv": "Meny"}
KEYBOARD = sorted({(name, path.format(lang=lang), lang, width) for name, path in PAGE_TYPES.items() if path
                   for lang in ("fi", "sv") for width in (320, 1280)})


def _tab(page, key="Tab"):
    page.keyboard.press(key)
    return page.evaluate(FOCUSED)


def _visible(info) -> bool:
    return info["shown"] and info["inWindow"] and info["onTop"]


@pytest.mark.parametrize("name, path, lang, width", KEYBOARD, ids=[f"{p}@{w}" for _, p, _, w in KEYBOARD])
def test_tab_reaches_the_menu_button_and_never_lands_on_a_hidden_element(  # noqa: F811
        browser, server, name, path, lang, width):  # noqa: F811
    """WCAG 2.4.3, 2.4.7: every Tab stop is on the screen and not under anything else, at
    the width of a phone (Material's drawer) and of a desktop; on a phone the menu opens
    from a real button, keeps the focus while open and closes with Escape."""
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(server + path, wait_until="load")
    page.evaluate("() => { window.__srSteps = 0; }")
    menu = None
    for _ in range(60):
        info = _tab(page)
        if info["body"] or info["again"]:
            break
        assert _visible(info), info
        if info["cls"].find("sr-menu-button") >= 0:
            menu = info
    if width == 1280:  # no drawer: the navigation is on the page
        assert menu is None
        context.close()
        return
    assert menu is not None, "the menu button was not reached"
    assert menu["tag"] == "BUTTON" and menu["name"] == MENU[lang] and menu["expanded"] == "false"
    page.locator(".sr-menu-button").focus()
    page.keyboard.press("Enter")
    assert page.locator(".sr-menu-button").get_attribute("aria-expanded") == "true"
    stops = [page.evaluate(FOCUSED)]
    for _ in range(40):
        stops.append(_tab(page))
    assert all(_visible(s) for s in stops), [s for s in stops if not _visible(s)]
    # The open drawer keeps the focus: its links, and the button that closes it.
    assert all(s["inDrawer"] or "sr-menu-button" in s["cls"] for s in stops)
    assert sum(s["inDrawer"] for s in stops) >= 5
    page.keyboard.press("Escape")
    closed = page.evaluate(FOCUSED)
    assert "sr-menu-button" in closed["cls"] and closed["expanded"] == "false"
    assert not page.evaluate("() => document.getElementById('__drawer').checked")
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_header_s_focus_ring_has_3_to_1_contrast_on_the_header(browser, server, width):  # noqa: F811
    """WCAG 1.4.11 on the blue header: the menu button (320 px) or the logo link (1280 px)."""
    import re

    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(server + GOAL_PAGE.format(lang="fi"), wait_until="load")
    target = ".sr-menu-button" if width == 320 else ".md-header__button.md-logo"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", target):
            break
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineColor, s.outlineStyle, s.outlineWidth,
                getComputedStyle(document.querySelector('.md-header')).backgroundColor]; }""")
    context.close()
    ring, header = (tuple(int(x) for x in re.findall(r"\d+", c)[:3]) for c in (style[0], style[3]))
    assert style[1] != "none" and float(style[2].removesuffix("px")) >= 2, style
    assert _contrast(ring, header) >= 3, style


def test_without_javascript_the_narrow_menu_slides_in_while_its_links_have_the_focus(browser, server):  # noqa: F811
    """The menu button needs JavaScript; without it, Tab still reaches the menu's links,
    and the menu slides into view while one of them has the focus."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(server + "fi/jarvilaakso/", wait_until="load")
    in_drawer = 0
    for _ in range(15):
        page.keyboard.press("Tab")
        page.wait_for_timeout(350)  # the drawer's slide (0.25 s); no page script runs to wait on
        info = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
            const top = document.elementFromPoint(Math.max(0, r.left + r.width / 2), Math.max(0, r.top + 8));
            return {drawer: !!e.closest('.md-sidebar--primary'), name: e.textContent.trim().slice(0, 40),
                    visible: r.left >= 0 && r.right <= innerWidth && !!top && e.contains(top)}; }""")
        assert info["visible"], info
        in_drawer += info["drawer"]
    context.close()
    assert in_drawer >= 5

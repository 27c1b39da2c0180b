"""Charts as a reader gets them, in real headless Chromium at 320 px and 1280 px, in
Finnish and Swedish: text big enough and dark enough, one keyboard stop per chart whose
arrow keys show each value as the data table gives it, and nothing from other hosts.
Made from the fixture site (tests/fixtures/site/)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from test_browser import browser, server  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast

SVG = "{http://www.w3.org/2000/svg}"
GOAL_PAGE = "{lang}/jarvilaakso/jl-lnhs-2024-2027/jl-t1/"  # three charts, feedback and an NPS trend


def chart_pages(site, lang):
    """Every page of the fixture site with a chart on it, as paths under the site."""
    return sorted(str(p.parent.relative_to(site)) + "/" for p in (site / lang).rglob("index.html")
                  if 'class="sr-chart"' in p.read_text(encoding="utf-8"))


def texts(svg_file):
    """(font size in px, fill, opacity) of every text the drawing shows."""
    out = []
    for t in ET.parse(svg_file).iter(f"{SVG}text"):
        if float(t.get("opacity", "1")) == 0:  # drawn invisible (the axis break when the axis starts at 0)
            continue
        out.append((float(t.get("font-size", "11px").removesuffix("px")), t.get("fill", "#000"), t))
    return out


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_chart_text_is_at_least_11_px_as_shown(browser, server, fixture_site, lang, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    pages = chart_pages(fixture_site, lang)
    assert len(pages) >= 4
    seen = 0
    for path in pages:
        page.goto(server + path, wait_until="load")
        for src, shown in page.locator("figure.sr-chart img").evaluate_all(
                "imgs => imgs.map(i => [i.getAttribute('src'), i.getBoundingClientRect().width])"):
            svg_file = (fixture_site / path / src).resolve()
            drawn = float(ET.parse(svg_file).getroot().get("width"))
            sizes = [size * shown / drawn for size, _, _ in texts(svg_file)]
            assert min(sizes) >= 11, (path, src, min(sizes))
            assert max(sizes) <= 24, (path, src, max(sizes))  # and not huge on a wide screen
            seen += 1
    assert seen >= 8
    context.close()


def _luminance(colour):
    named = {"white": "#ffffff", "black": "#000000"}
    colour = named.get(colour, colour).lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b="#ffffff"):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_text_and_marks_stand_out_from_their_background(fixture_site):
    """Text 4.5:1 (WCAG 1.4.3), lines, points and bars 3:1 (1.4.11), against the white
    drawing, or for white text against the bars it is written on. Translucent marks
    (a period's span, a target band) only repeat what an opaque mark shows."""
    files = sorted((fixture_site / "charts").glob("*/*.svg"))
    assert len(files) >= 20
    for svg_file in files:
        root = ET.parse(svg_file).getroot()
        bars = [e.get("fill") for g in root.iter(f"{SVG}g") if "role-mark" in g.get("class", "")
                and "mark-rect" in g.get("class", "") for e in g if e.get("fill") not in (None, "none")
                and float(e.get("fill-opacity", e.get("opacity", "1"))) == 1]
        for _, fill, _ in texts(svg_file):
            backgrounds = bars if fill in ("white", "#fff", "#ffffff") else ["#ffffff"]
            assert backgrounds, svg_file.name
            for background in backgrounds:
                assert contrast(fill, background) >= 4.5, (svg_file.name, fill, background)
        for g in root.iter(f"{SVG}g"):
            kind = g.get("class", "")
            if "role-mark" not in kind or "mark-text" in kind:
                continue
            for e in g:
                if float(e.get("opacity", "1")) < 1:
                    continue
                for paint, alpha in (("stroke", "stroke-opacity"), ("fill", "fill-opacity")):
                    colour = e.get(paint)
                    if colour in (None, "none", "transparent", "white", "#fff", "#ffffff") or \
                            float(e.get(alpha, "1")) < 1:
                        continue
                    assert contrast(colour) >= 3, (svg_file.name, kind, colour)


def _table_rows(page, figure):
    """The data table of the figure's indicator: (area, period, value) as shown."""
    return figure.locator("xpath=ancestor::section[1]").locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => [r.querySelector('th').textContent.trim(),"
        " r.querySelectorAll('td')[0].textContent.trim(), r.querySelectorAll('td')[1].textContent.trim()])")


def _active_tip(page):
    tip = page.locator(".sr-chart__spot--active .sr-chart__tip")
    assert tip.count() == 1 and tip.is_visible()
    return dict(row.split(": ", 1) for row in tip.inner_text().split("\n"))


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_one_keyboard_stop_per_chart_and_arrows_go_through_the_values(browser, server, lang, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + GOAL_PAGE.format(lang=lang), wait_until="load")
    layers = page.locator(".sr-chart__spots")
    assert layers.count() >= 4
    # Tab through the page: each chart's hotspots are one stop, and no single hotspot is one.
    stops = []
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        assert "sr-chart__spot " not in f"{focused} " and not str(focused).startswith("sr-chart__spot--")
        if "sr-chart__spots" in str(focused):
            n = page.evaluate("() => [...document.querySelectorAll('.sr-chart__spots')]"
                              ".indexOf(document.activeElement)")
            if n in stops:  # round the page once
                break
            stops.append(n)
            if len(stops) == 1:
                first_tip = _active_tip(page)  # the first value shows as the chart is reached
    assert stops == list(range(layers.count()))
    # The first indicator chart: every value, one arrow press after another, is a row of its table.
    figure = page.locator("section.sr-indicator figure.sr-chart").first
    rows = _table_rows(page, figure)
    layer = figure.locator(".sr-chart__spots")
    layer.focus()
    spots = layer.locator(".sr-chart__spot").count()
    assert spots >= 2
    facts = figure.locator("xpath=ancestor::section[1]").locator("dd").all_text_contents()
    matched = set()
    tip = _active_tip(page)
    assert tip == first_tip
    for n in range(spots):
        if n:
            page.keyboard.press("ArrowRight")
            tip = _active_tip(page)
        shown = list(tip.values())
        if len(shown) == 1:  # the baseline's marker: the baseline as the facts above the chart give it
            assert any(fact.split(" (")[0] in shown[0] for fact in facts), tip
        else:
            area, period, value = shown[:3]
            # (the table adds an area's short name in brackets)
            found = [r for r in rows if r[0].startswith(area) and r[1] == period and r[2].startswith(value)]
            assert found, (tip, rows)
            matched.add(tuple(found[0]))
        # A screen reader is told what the tip shows.
        live = page.locator(".sr-chart__live").first.text_content()
        assert all(text in live for text in shown)
    assert matched == {tuple(r) for r in rows}  # every row of the table is reachable
    page.keyboard.press("ArrowRight")  # past the last value: stays on it
    assert _active_tip(page) == tip
    page.keyboard.press("Home")
    assert _active_tip(page) == first_tip
    page.keyboard.press("Escape")
    assert page.locator(".sr-chart__spot--active").count() == 0
    # Scripts fetch nothing: every request is for this site's own files, and no Vega.
    host = urlparse(server).netloc
    assert {urlparse(u).netloc for u in requests} == {host}
    assert not [u for u in requests if "vega" in u.lower()]
    context.close()


def test_without_javascript_values_show_on_hover_and_take_no_keyboard_stop(browser, server):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + GOAL_PAGE.format(lang="fi"), wait_until="load")
    layer = page.locator(".sr-chart__spots").first
    assert layer.get_attribute("aria-hidden") == "true" and layer.get_attribute("tabindex") is None
    for _ in range(80):
        page.keyboard.press("Tab")
        assert "sr-chart__spot" not in str(page.evaluate("() => document.activeElement.className"))
    spot = layer.locator(".sr-chart__spot").first
    spot.scroll_into_view_if_needed()
    assert not spot.locator(".sr-chart__tip").is_visible()
    spot.hover()
    assert spot.locator(".sr-chart__tip").is_visible()
    assert re.search(r"\d", spot.locator(".sr-chart__tip").inner_text())
    context.close()

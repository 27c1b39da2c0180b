"""Charts as a reader gets them, in real headless Chromium at 320 px and 1280 px, in
Finnish and Swedish: text big enough and dark enough, one keyboard stop per chart whose
arrow keys show each value as the data table gives it, and nothing from other hosts.
Made from the fixture site (tests/fixtures/site/)."""

from __future__ import annotations

import html
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


GAPS_PAGE = "{lang}/harjumaa/hm-lnhs-2025-2028/hm-t1/"  # a value not available, a suppressed value
GAPS_EMBED = "{lang}/mittarit/hm-kiireelliset-alle-3/embed/"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_an_embed_page_shows_no_tooltip_text(browser, server, lang):  # noqa: F811
    """An embed page has neither the site's style sheet nor its script: the chart's
    tooltips must not stand there as loose text (the table below gives every value)."""
    page = browser.new_page(viewport={"width": 320, "height": 900})
    page.goto(server + GAPS_EMBED.format(lang=lang), wait_until="load")
    figure = page.locator("figure.sr-chart")
    assert figure.count() == 1 and figure.locator("img").is_visible()
    shown = figure.inner_text().strip()
    assert shown == figure.locator("figcaption").inner_text().strip(), shown
    assert page.locator(".sr-chart__tip:visible").count() == 0
    page.close()


def _inside(box, width, height):
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5 \
        and box["y"] + box["height"] <= height + 0.5


@pytest.mark.parametrize("width", [320, 640, 1280])
def test_every_tip_chosen_with_the_keyboard_is_whole_on_the_screen(browser, server, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(server + GOAL_PAGE.format(lang="fi"), wait_until="load")
    layers = page.locator(".sr-chart__spots")
    seen = 0
    for n in range(layers.count()):
        layers.nth(n).focus()
        page.keyboard.press("Home")
        for k in range(layers.nth(n).locator(".sr-chart__spot").count()):
            if k:
                page.keyboard.press("ArrowRight")
            tip = page.locator(".sr-chart__spot--active .sr-chart__tip")
            box = tip.bounding_box()
            view = page.evaluate("() => [document.documentElement.clientWidth, window.innerHeight]")
            assert _inside(box, *view), (n, k, box, view, tip.inner_text())
            seen += 1
    assert seen >= 10
    context.close()


@pytest.mark.parametrize("width", [320, 640, 1280])
def test_every_tip_shown_on_hover_is_whole_on_the_screen_or_page(browser, server, width):  # noqa: F811
    """Hover is CSS alone (no script): on a phone the tip is whole in the viewport, on a
    wide screen whole in the page (beside its point, which may be near the viewport's top)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(server + GOAL_PAGE.format(lang="fi"), wait_until="load")
    spots = page.locator(".sr-chart__spot")
    assert spots.count() >= 10
    for n in range(spots.count()):
        spots.nth(n).hover()
        tip = spots.nth(n).locator(".sr-chart__tip")
        assert tip.is_visible()
        box = tip.bounding_box()
        width_, height, scroll_y, page_height = page.evaluate(
            "() => [document.documentElement.clientWidth, window.innerHeight, window.scrollY,"
            " document.documentElement.scrollHeight]")
        if width < 600:
            assert _inside(box, width_, height), (n, box)
        else:
            assert _inside({**box, "y": box["y"] + scroll_y}, width_, page_height), (n, box)
    context.close()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_screen_reader_hears_the_tips_rows_apart(browser, server, lang):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + GOAL_PAGE.format(lang=lang), wait_until="load")
    page.locator("section.sr-indicator .sr-chart__spots").first.focus()
    page.keyboard.press("ArrowRight")
    rows = page.locator(".sr-chart__spot--active .sr-chart__row").all_inner_texts()
    assert len(rows) >= 3
    live = page.locator(".sr-chart__live").first.text_content()
    assert live == ", ".join(r.strip() for r in rows)  # "Alue: …, Ajanjakso: …, Arvo: …"
    page.close()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_gaps_tip_says_what_the_table_says(browser, server, lang):  # noqa: F811
    """A value not available and a suppressed one: the tip's value and note are the
    table's value and note (the observation's own note, which the table shows first)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + GAPS_PAGE.format(lang=lang), wait_until="load")
    section = page.locator("section.sr-indicator", has=page.locator("#mittari-hm-kiireelliset-alle-3"))
    rows = section.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => [r.querySelector('th').textContent.trim()]"
        ".concat([...r.querySelectorAll('td')].map(d => d.textContent.trim())))")
    notes = {"fi": ["Tietoa ei tilastoitu.", "Alle 5"], "sv": ["Uppgiften statistikfördes inte.", "Under 5"]}[lang]
    gaps = [r for r in rows if any(r[3].startswith(note) for note in notes)]
    assert len(gaps) == 2, rows
    section.locator(".sr-chart__spots").focus()
    tips = []
    for k in range(section.locator(".sr-chart__spot").count()):
        if k:
            page.keyboard.press("ArrowRight")
        tips.append(list(_active_tip(page).values()))
    for area, period, value, note in gaps:
        found = [tip for tip in tips if area.startswith(tip[0]) and tip[1] == period]
        assert len(found) == 1, (area, period, tips)
        assert found[0][2] == value and note.startswith(found[0][3]) and found[0][3] in notes, (found, value, note)
    page.close()


def test_a_charts_caption_explains_only_the_marks_it_has(fixture_site):
    """The × of a gap and the hollow point of a preliminary value are explained under
    the charts that have them; the feedback bars and the NPS trend have no time-axis
    gaps or hollow points, so no caption."""
    gap, hollow = "× aika-akselilla", "Ontto piste"
    captions = {}
    for path in chart_pages(fixture_site, "fi"):
        text = (fixture_site / path / "index.html").read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="sr-chart">.*?</figure>', text, re.S):
            img = re.search(r'src="[^"]*/charts/([^"]+)"', figure).group(1)
            caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
            captions[img] = html.unescape(caption.group(1)) if caption else ""
    feedback = {k: v for k, v in captions.items() if "feedback" in k or "nps" in k}
    assert feedback and set(feedback.values()) == {""}, feedback
    gaps = [k for k, v in captions.items() if "hm-kiireelliset-alle-3" in k]
    assert gaps and all(gap in captions[k] and hollow not in captions[k] for k in gaps)
    preliminary = [k for k in captions if "jl-lasu-asiakkaat" in k]
    assert preliminary and all(hollow in captions[k] and gap not in captions[k] for k in preliminary)

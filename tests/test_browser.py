"""Real headless Chromium (Debian's `chromium`): charts with and without JavaScript."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest
from conftest import ROOT as CONFTEST_ROOT
from playwright.sync_api import expect

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The fixture site's goal with the most on it: three charts, feedback and an NPS trend.
GOAL_PAGE = "fi/jarvilaakso/jl-lnhs-2024-2027/jl-t1/"


@pytest.fixture(scope="module")
def server(fixture_site, fixture_server):
    """The fixture site's address (conftest.fixture_server serves it there)."""
    return fixture_server[1]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert shutil.which("chromium"), "Debian chromium is needed: apt-get install chromium (.ci/run does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, url, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    log = {"console": [], "hosts": set()}
    page.on("console", lambda m: m.type in ("error", "warning") and log["console"].append(m.text))
    page.on("pageerror", lambda e: log["console"].append(str(e)))
    page.on("request", lambda r: log["hosts"].add(urlparse(r.url).netloc))
    page.goto(url, wait_until="load")
    return context, page, log


def test_charts_load_without_errors_or_other_hosts(browser, server):
    context, page, log = open_page(browser, server + GOAL_PAGE)
    figures = page.locator("figure.sr-chart")
    assert figures.count() >= 3
    # charts.js has made each chart's values one keyboard stop (test_chart_browser.py tests the keys).
    expect(page.locator('.sr-chart__spots[tabindex="0"]')).to_have_count(figures.count())
    img = page.locator("figure.sr-chart img").first
    img.scroll_into_view_if_needed()
    expect(img).to_have_js_property("complete", True)
    page.locator(".sr-chart__spot").first.hover()  # a tooltip, from this page alone
    expect(page.locator(".sr-chart__spot .sr-chart__tip").first).to_be_visible()
    assert log["console"] == []
    assert log["hosts"] == {urlparse(server).netloc}
    assert context.cookies() == []
    context.close()


def test_without_javascript_the_static_svg_is_the_chart(browser, server):
    context, page, log = open_page(browser, server + GOAL_PAGE, javascript=False)
    img = page.locator("figure.sr-chart img").first
    img.scroll_into_view_if_needed()
    assert img.is_visible()
    expect(img).to_have_js_property("complete", True)
    assert img.evaluate("i => i.naturalWidth") > 100
    assert log["hosts"] == {urlparse(server).netloc}
    context.close()


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("fi", "laskuun", "jl-t1/"),  # goals.csv: "Lastensuojelun tarve kääntyy laskuun"
    ("sv", "vänder", "jl-t1/"),  # goals.csv: "Behovet av barnskydd vänder nedåt"
])
def test_search_finds_a_goal_page(browser, server, lang, query, expected):
    """Generated pages' search entries are Seuranta's own (seuranta/search.py):
    the theme's search must accept them and lead to the page."""
    context, page, log = open_page(browser, server + f"{lang}/haku/")  # the search page
    # Type as a person does: the theme reads the query on keyup. fill() sets the
    # value without key events, and the theme then saw the query only when its
    # focus handler happened to run after the value was set (a flaky race in CI).
    page.locator("input.md-search__input").press_sequentially(query)  # header, desktop width
    expect(page.locator(".md-search-result__item a").first).to_be_visible(timeout=20000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    assert any(expected in href for href in hrefs), hrefs
    assert log["console"] == []
    context.close()


def test_only_the_search_page_loads_the_search_index(browser, server):
    """The index grows with the data (hundreds of KB at national scale): a goal page must
    not fetch it; the header's search link leads to the page that does."""
    for path, wanted in ((GOAL_PAGE, False), ("sv/haku/", True)):
        context = browser.new_context()
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r, seen=fetched: seen.append(r.url))
        page.goto(server + path, wait_until="networkidle")
        assert any(u.endswith("search/search_index.json") for u in fetched) == wanted, (path, fetched)
        if not wanted:
            link = page.locator("a.sr-search-link")
            assert link.get_attribute("href").endswith("haku/") and link.get_attribute("aria-label")
        context.close()


def test_a_sortable_table_sorts_numbers_as_numbers(browser):
    """The plan overview sorts its values by data-sort, which Python writes as
    6390.0: as text, 10000.0 would come before 950.5."""
    context = browser.new_context()
    page = context.new_page()
    rows = "".join(f'<tr><th scope="row">{name}</th><td data-sort="{value}">{value}</td></tr>'
                   for name, value in (("a", "6390.0"), ("b", "10000.0"), ("c", "950.5"), ("d", ""), ("e", "-2")))
    page.set_content('<table class="sr-sortable"><thead><tr><th>Nimi</th><th>Arvo</th></tr></thead>'
                     f"<tbody>{rows}</tbody></table>")
    script = (CONFTEST_ROOT / "overrides" / "assets" / "javascripts" / "sortable.js").read_text(encoding="utf-8")
    page.add_script_tag(content=script)
    page.locator("th button").nth(1).click()
    assert page.locator("tbody th").all_inner_texts() == ["e", "c", "a", "b", "d"]  # empty last
    page.locator("th button").nth(1).click()
    assert page.locator("tbody th").all_inner_texts()[:4] == ["d", "b", "a", "c"]
    context.close()

"""Full builds with real MkDocs, read back with an HTML parser."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, assemble

from seuranta.build import BuildFailed, build_site

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast

HOSTILE_TITLE = "{{ 7*7 }} <script>alert('x')</script> *tähti* [linkki](http://example.com)"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def goal_pages(site: Path, lang: str) -> list[Path]:
    return sorted(p for p in (site / lang).glob("*/*/*/index.html")
                  if p.parent.parent.parent.name != "tietoa")


def test_every_goal_of_the_data_has_a_page_in_both_languages(shipped_site):
    import csv

    goals = list(csv.DictReader(open(ROOT / "data" / "goals.csv", encoding="utf-8")))
    plans = {p["id"]: p for p in csv.DictReader(open(ROOT / "data" / "plans.csv", encoding="utf-8"))}
    for lang in ("fi", "sv"):
        for g in goals:
            org = plans[g["plan_id"]]["organisation_id"]
            page = shipped_site / lang / org / g["plan_id"] / g["id"] / "index.html"
            assert page.is_file(), page
        assert len(goal_pages(shipped_site, lang)) == len(goals)


def test_lang_attribute_and_language_switch_land_on_the_same_page(shipped_site):
    for lang, other in (("fi", "sv"), ("sv", "fi")):
        for page in goal_pages(shipped_site, lang)[:5]:
            html = soup(page)
            assert html.html["lang"] == lang
            link = html.select_one(".sr-languages a")
            assert link["hreflang"] == other
            target = (page.parent / link["href"]).resolve() / "index.html"
            assert target == (shipped_site / other / page.parent.relative_to(
                shipped_site / lang) / "index.html").resolve()
            assert target.is_file()
            hreflangs = {a["hreflang"] for a in html.select('link[rel="alternate"][hreflang]')}
            assert hreflangs == {"fi", "sv"}


def test_no_external_urls_in_src_or_href(shipped_site):
    external = re.compile(r"^(https?:)?//")
    allowed_links = ("https://creativecommons.org/", "https://www.siunsote.fi",
                     "https://www.saavutettavuusvaatimukset.fi/", "https://www.tillganglighetskrav.fi/")
    for page in shipped_site.rglob("*.html"):
        html = soup(page)
        for el in html.select("[src]"):
            assert not external.match(el["src"]), (page, el["src"])
        for el in html.select("link[href]"):
            assert not external.match(el["href"]), (page, el["href"])
        for el in html.select("a[href]"):  # plain links the reader chooses to follow
            if external.match(el["href"]):
                assert el["href"].startswith(allowed_links), (page, el["href"])


def test_finland_style_numbers_on_pages(shipped_site):
    fi = soup(shipped_site / "fi" / "pohjois-karjala" / "pk-lnhs-2020-2025" / "index.html").text
    assert "1\u00a0133" in fi  # client count 8.10.2024, grouped with a no-break space
    assert "8.10.2024" in fi
    sv = soup(shipped_site / "sv" / "pohjois-karjala" / "pk-lnhs-2020-2025" / "index.html").text
    assert "8.10.2024" in sv and "2024-10-08" not in sv


def test_every_page_has_title_description_and_skip_link(shipped_site):
    for page in shipped_site.glob("[fs][iv]/**/index.html"):
        html = soup(page)
        assert html.title and html.title.text.strip()
        assert html.select_one('meta[name="description"]')["content"].strip()
        assert html.select_one("a.md-skip")
        assert len(html.select("h1")) == 1, page
        assert html.select_one('meta[http-equiv="Content-Security-Policy"]')


def test_accessibility_statement_linked_from_every_page(shipped_site):
    for lang in ("fi", "sv"):
        statement = shipped_site / lang / "tietoa" / "saavutettavuus" / "index.html"
        assert statement.is_file()
        for page in list((shipped_site / lang).rglob("index.html"))[:40]:
            hrefs = [a["href"] for a in soup(page).select(".md-footer a[href]")]
            targets = {(page.parent / h).resolve() for h in hrefs}
            assert statement.parent.resolve() in targets, page


def test_downloads_are_published(shipped_site):
    for name in ("datapackage.json", "observations.csv", "observations.json", "seuranta.xlsx"):
        assert (shipped_site / "data" / name).is_file()
    assert (shipped_site / "data" / "goals" / "pk-lnhs-t1.csv").is_file()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    data = assemble("valid-minimal", tmp / "data")
    goals = (data / "goals.csv").read_text(encoding="utf-8")
    goals = goals.replace("Ensimmäinen tavoite,Första målet",
                          '"' + HOSTILE_TITLE.replace('"', '""') + '",')
    (data / "goals.csv").write_text(goals, encoding="utf-8")
    out = tmp / "site"
    build_site(data, out)
    return out


def test_hostile_text_is_shown_literally(hostile_site):
    for lang in ("fi", "sv"):
        page = hostile_site / lang / "testi-alue" / "testi-suunnitelma" / "testi-t1" / "index.html"
        html = soup(page)
        h1 = html.select_one("article h1")
        assert HOSTILE_TITLE in h1.get_text()
        assert "49" not in h1.get_text()
        assert not [s for s in html.select("script") if "alert" in s.text]
        assert not html.select("article em") and not html.select('article a[href="http://example.com"]')
        assert "alert('x')" in html.title.text


def test_hostile_text_is_escaped_in_the_search_index(hostile_site):
    """The theme shows search results as HTML, so data text must arrive there escaped."""
    import json

    index = json.loads((hostile_site / "fi" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if "alert" in d["title"] + d["text"]]
    assert entries
    for d in entries:
        assert "<script>" not in d["title"] + d["text"]
        assert "&lt;script&gt;" in d["title"] + d["text"]


def test_missing_swedish_text_falls_back_to_finnish_marked(hostile_site):
    page = hostile_site / "sv" / "testi-alue" / "testi-suunnitelma" / "testi-t1" / "index.html"
    h1 = soup(page).select_one("article h1")
    fallback = h1.select_one('span[lang="fi"]')
    assert fallback is not None and HOSTILE_TITLE in fallback.get_text()
    assert h1.select_one(".sr-untranslated")


def _digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path, package_dir):
    data = package_dir()
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(data, first)
    build_site(data, second)
    assert _digest(first) == _digest(second)


def test_failed_build_leaves_previous_site_untouched(tmp_path, package_dir):
    out = tmp_path / "site"
    build_site(package_dir(), out)
    before = _digest(out)
    with pytest.raises(BuildFailed) as failure:
        build_site(package_dir("decimal-comma"), out)
    assert [p.code for p in failure.value.report.errors] == ["decimal-comma"]
    assert _digest(out) == before


def test_every_internal_link_and_anchor_resolves(shipped_site):
    """No broken links: every relative href points at a file, every #anchor at an id."""
    ids_cache: dict[Path, set[str]] = {}

    def ids(page: Path) -> set[str]:
        if page not in ids_cache:
            ids_cache[page] = {el["id"] for el in soup(page).select("[id]")}
        return ids_cache[page]

    checked = 0
    for page in sorted(shipped_site.rglob("*.html")):
        if page.name == "404.html":  # absolute links by design, see write_root_pages
            continue
        for a in soup(page).select("a[href], link[href]"):
            href = a["href"]
            if re.match(r"^([a-z]+:|//)", href):
                continue
            path, _, anchor = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (page, href)
            if anchor and target.suffix == ".html":
                assert anchor in ids(target), (page, href)
            checked += 1
    assert checked > 1000


def test_search_index_per_language(shipped_site):
    import json

    for lang in ("fi", "sv"):
        index = json.loads((shipped_site / lang / "search" / "search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [lang]
        titles = " ".join(d["title"] for d in index["docs"])
        assert ("Tavoite 1" in titles) == (lang == "fi") and ("Mål 1" in titles) == (lang == "sv")


def test_build_command_refuses_invalid_data(tmp_path, package_dir):
    import subprocess
    import sys

    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "seuranta.cli", "build", "--data",
                             str(package_dir("small-count-published")), "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "observations.csv:4: value:" in result.stderr
    assert not out.exists()


def test_published_status_csv_matches_the_pages(shipped_site):
    """Every indicator's status in status.csv is the one its goal or plan page shows."""
    import csv

    statuses = {r["indicator_id"]: r["status"] for r in
                csv.DictReader(open(shipped_site / "data" / "status.csv", encoding="utf-8"))}
    indicators = list(csv.DictReader(open(ROOT / "data" / "indicators.csv", encoding="utf-8")))
    assert set(statuses) == {i["id"] for i in indicators}
    shown = {}
    for lang in ("fi", "sv"):
        for page in (shipped_site / lang).rglob("index.html"):
            for section in soup(page).select("section.sr-indicator"):
                ind_id = section.h3["id"].removeprefix("mittari-")
                badge = section.select_one(".sr-badge")
                code = next(c.removeprefix("sr-badge--") for c in badge["class"] if c.startswith("sr-badge--"))
                shown.setdefault(ind_id, set()).add(code)
                assert badge.select_one(".sr-icon") and badge.get_text(strip=True)[1:].strip()
    assert {k: {v} for k, v in statuses.items()} == shown


def test_status_is_never_colour_alone_and_has_a_reason(shipped_site):
    page = shipped_site / "fi" / "pohjois-savo" / "ps-perhe-ja-vammaispalvelut-2025" / "ps-pv-t8" / "index.html"
    section = soup(page).select_one("section.sr-indicator")
    assert "Tavoite saavutettu" in section.select_one(".sr-badge").text
    why = section.select_one(".sr-why").text
    assert "vuositasolle" in why and "652" in why  # a projected partial-year value says so


def test_plan_overview_counts_and_sortable_table(shipped_site):
    page = soup(shipped_site / "sv" / "pohjois-savo" / "ps-perhe-ja-vammaispalvelut-2025" / "index.html")
    table = page.select_one("table.sr-sortable")
    rows = table.select("tbody tr")
    total = sum(int(li.text.rsplit(":", 1)[1]) for li in page.select("h3 + ul.sr-counts")[1].select("li"))
    assert len(rows) == total > 0
    assert all(row.select_one(".sr-badge") for row in rows)


def test_methodology_page_in_both_languages(shipped_site):
    for lang, word in (("fi", "Tavoite saavutettu"), ("sv", "Målet uppnått")):
        page = soup(shipped_site / lang / "tietoa" / "menetelma" / "index.html")
        assert len(page.select("section.sr-method-status")) == 6
        assert word in page.text


@pytest.fixture(scope="module")
def comparison_site(tmp_path_factory):
    """Two counties that both follow Sotkanet indicator 1077 as a share."""
    tmp = tmp_path_factory.mktemp("comparison")
    data = assemble("valid-minimal", tmp / "data")

    def append(name, line):
        with open(data / name, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    append("organisations.csv", "toinen-alue,wellbeing_area,Toisen hyvinvointialue,Andra välfärdsområdet,,false,,13")
    append("plans.csv", "toinen-suunnitelma,toinen-alue,Toinen suunnitelma,Andra planen,2025,2028,,,,,,")
    append("indicators.csv", "toinen-osuus,toinen-suunnitelma,,Huostassa olleet,Omhändertagna,percent,,,none,none,"
                             ",,,,,,,,,THL,THL,,1077,")
    append("observations.csv", "toinen-osuus,toinen-alue,2023-01-01,2023-12-31,1.2,final,,")
    out = tmp / "site"
    build_site(data, out)
    return out


def test_shared_sotkanet_indicator_gets_a_comparison_page(comparison_site):
    for lang in ("fi", "sv"):
        page = soup(comparison_site / lang / "vertailu" / "sotkanet-1077-percent" / "index.html")
        areas = [th.get_text(strip=True) for th in page.select("table.sr-table tbody th")]
        assert any(a.startswith("Koko maa") or a.startswith("Hela landet") for a in areas)
        assert any("Testi" in a for a in areas) and any("Toisen" in a or "Andra" in a for a in areas)
        assert len(areas) == 4  # testi 2023 (97.7), koko maa 2023, toinen 2023, testi 2024 (not available)
        assert (comparison_site / lang / "vertailu" / "index.html").is_file()


def test_no_comparison_pages_without_a_shared_indicator(shipped_site):
    # Only Kanta-Häme carries Sotkanet ids in the shipped data.
    assert not (shipped_site / "fi" / "vertailu").exists()

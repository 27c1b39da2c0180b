"""What goes around charts and tables, and the status arrow, without building a site:
absolute addresses from a base URL, the citation line, Sotkanet's page, the licence."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from conftest import ROOT

from seuranta.model.package import Text
from seuranta.site.render import absolute_url, citation, data_licence, indicator_links, sotkanet_url, status_icon
from seuranta.status.evaluate import Status


def test_absolute_url_joins_a_base_url_and_a_path_from_the_site_root():
    assert absolute_url("https://example.fi/seuranta/", "fi/a/b/#mittari-x") == \
        "https://example.fi/seuranta/fi/a/b/#mittari-x"
    assert absolute_url("https://example.fi/seuranta", "/fi/") == "https://example.fi/seuranta/fi/"
    assert absolute_url("", "fi/a/") == "/fi/a/"  # no site address set: the path from the root


def test_the_citation_line_says_what_where_and_as_of_when_in_the_pages_language():
    url = "https://example.fi/fi/a/#mittari-x"
    fi = citation("Asiakkaat", "Testin hyvinvointialue", url, dt.date(2025, 4, 30), "fi")
    sv = citation("Klienter", "Testets välfärdsområde", url, dt.date(2025, 4, 30), "sv")
    assert fi == f"Asiakkaat – Testin hyvinvointialue. Seuranta, tilanne 30.4.2025. {url}"
    assert sv == f"Klienter – Testets välfärdsområde. Seuranta, uppgifter per 30.4.2025. {url}"
    assert citation("Asiakkaat", "Alue", url, None, "fi") == f"Asiakkaat – Alue. Seuranta. {url}"


def test_a_finnish_name_in_a_swedish_citation_is_marked_finnish_and_data_text_escaped(fixture_package):
    """Text without a Swedish version is shown in Finnish with lang="fi" (WCAG 3.1.2), in
    the citation line too; and data text there is text, never markup."""
    from dataclasses import replace

    from bs4 import BeautifulSoup

    i = replace(fixture_package.indicators[0], name=Text(fi='Asiakkaat <b>"lihava"</b> & {{ 7*7 }}', sv=None))
    html = indicator_links(fixture_package, i, "sv", None, "../", "https://example.fi/")
    cite = BeautifulSoup(html, "html.parser").select_one(".sr-cite")
    finnish = cite.select_one('span[lang="fi"]')
    assert finnish is not None and finnish.get_text() == 'Asiakkaat <b>"lihava"</b> & {{ 7*7 }}'
    assert not cite.select("b") and "https://example.fi/sv/" in cite.get_text()


def test_sotkanet_page_and_licence(fixture_package):
    assert sotkanet_url(1077, "sv") == "https://sotkanet.fi/sotkanet/sv/metadata/indicators/1077"
    # The fixture's own descriptor names no licence: the portal's (the repository's) applies.
    assert "licenses" not in json.loads((ROOT / "tests/fixtures/site/datapackage.json").read_text(encoding="utf-8"))
    licence = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]
    assert data_licence(fixture_package) == ("CC BY 4.0", licence["path"]) and licence["name"] == "CC-BY-4.0"
    # A package that names its own licence is published under it.
    own = replace(fixture_package, described={"licenses": [{"name": "CC0-1.0", "path": "https://example.org/cc0"}]})
    assert data_licence(own) == ("CC0 1.0", "https://example.org/cc0")


def test_the_arrow_follows_the_numbers_and_the_word_says_better_or_worse():
    def status(code: str, latest: float | None, reference: float | None) -> Status:
        return Status("m", "a", code, latest_value=latest, reference_value=reference)

    assert status_icon("improving", status("improving", 1064, 1133)) == "↓"  # fewer clients: better
    assert status_icon("improving", status("improving", 3.9, 3.8)) == "↑"
    assert status_icon("worsening", status("worsening", 31.9, 29)) == "↑"
    assert status_icon("worsening", status("worsening", 55, 67.5)) == "↓"
    # Without numbers beside it (a count of statuses), no direction to show.
    assert status_icon("improving") == "+" and status_icon("worsening") == "−"
    assert status_icon("met", status("met", 95, 100)) == "✓"

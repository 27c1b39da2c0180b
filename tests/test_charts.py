"""Charts: golden Vega-Lite specs, accessible SVGs on every page, suppressed values absent."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from seuranta.charts.specs import feedback_spec, indicator_spec
from seuranta.model.load import load_package

GOLDEN = ROOT / "tests" / "golden"
# Representative shapes: whole-country comparison (yearly), snapshots with a direction,
# a cumulative partial-year value against an annual target with a baseline-free target line,
# a baseline, a not-available value.
REPRESENTATIVE = ["kh-ls-huostassa-osuus", "pk-lnhs-lasu-asiakkaat", "ps-pv-t10-laitoshoidon-hoitopaivat",
                  "ps-pv-t6-sijoitettujen-osuus", "ps-pv-t1-perhesosiaalityon-asiakkaat"]


@pytest.fixture(scope="module")
def package():
    return load_package(ROOT / "data")


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("indicator_id", REPRESENTATIVE)
def test_golden_specs(package, indicator_id, lang, regenerate_golden):
    indicator = next(i for i in package.indicators if i.id == indicator_id)
    spec = indicator_spec(package, indicator, lang)
    path = GOLDEN / f"{indicator_id}.{lang}.vl.json"
    text = json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if regenerate_golden:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, "spec changed: review, then --regenerate-golden"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_golden_feedback_spec(package, lang, regenerate_golden):
    record = package.feedback[0]
    text = json.dumps(feedback_spec(record, lang), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path = GOLDEN / f"feedback-{record.id}.{lang}.vl.json"
    if regenerate_golden:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, "spec changed: review, then --regenerate-golden"


def test_suppressed_and_unavailable_values_are_not_in_the_specs(package):
    for i in package.indicators:
        hidden = {(o.area_id, o.period_start.isoformat(), o.period_end.isoformat())
                  for o in package.observations_of(i.id) if o.value_status in ("suppressed", "not_available")}
        if not hidden:
            continue
        spec = indicator_spec(package, i, "fi")
        rows = [r for r in spec["datasets"]["values"] if r["value"] is None]
        assert len(rows) == len(hidden)
        assert all(r["shown"] in ("alle 5, salattu tietosuojasyistä", "tietoa ei saatavilla") for r in rows)


def test_value_colours_are_never_the_only_difference(package):
    i = next(i for i in package.indicators if i.id == "kh-ls-huostassa-osuus")
    spec = indicator_spec(package, i, "fi")
    encodings = [layer.get("encoding", {}) for layer in spec["layer"]]
    assert any("shape" in e for e in encodings) and any("strokeDash" in e for e in encodings)


def test_feedback_needs_ten_respondents(package):
    f = package.feedback[0]
    assert feedback_spec(f, "fi") is not None
    few = type(f)(**{**f.__dict__, "respondents": 9})
    assert feedback_spec(few, "fi") is None


def test_every_indicator_with_observations_has_an_accessible_chart_on_both_pages(shipped_site, package):
    with_values = {i.id for i in package.indicators if package.observations_of(i.id)}
    for lang in ("fi", "sv"):
        charted = set()
        for page in (shipped_site / lang).rglob("index.html"):
            html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            for section in html.select("section.sr-indicator"):
                img = section.select_one("figure.sr-chart img")
                if img is None:
                    continue
                assert len(img["alt"]) > 40 and img["alt"].startswith(("Kaavio:", "Diagram:"))
                svg_file = (page.parent / img["src"]).resolve()
                svg = svg_file.read_text(encoding="utf-8")
                assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
                # No other names for assistive technology: Vega's are in English.
                assert "aria-label=" not in svg and "aria-roledescription=" not in svg
                for a in section.select(".sr-chart-downloads a"):
                    assert (page.parent / a["href"]).resolve().is_file(), a["href"]
                charted.add(section.h3["id"].removeprefix("mittari-"))
        assert charted == with_values


def test_finnish_and_swedish_axis_labels(shipped_site):
    fi = (shipped_site / "charts" / "fi" / "indicator-kh-lsilm-lkm.svg").read_text(encoding="utf-8")
    sv = (shipped_site / "charts" / "sv" / "indicator-kh-lsilm-lkm.svg").read_text(encoding="utf-8")
    assert "200\u00a0000" in fi and "200\u00a0000" in sv  # no-break space thousands on the value axis
    assert "Aika" in fi and "Tid" in sv


def test_nps_over_time_needs_two_shown_periods(package):
    import datetime as dt

    from seuranta.charts.specs import nps_trend_spec

    f = package.feedback[0]
    earlier = type(f)(**{**f.__dict__, "id": "earlier", "period_start": dt.date(2023, 1, 1),
                         "period_end": dt.date(2023, 12, 31), "nps": 31})
    tiny = type(f)(**{**f.__dict__, "id": "tiny", "period_start": dt.date(2022, 1, 1),
                      "period_end": dt.date(2022, 12, 31), "respondents": 4, "nps": 90})
    assert nps_trend_spec([f], "fi") is None
    spec = nps_trend_spec([f, earlier, tiny], "fi")
    assert [r["nps"] for r in spec["datasets"]["values"]] == [31, 38]  # fewer than 10: not shown
    assert "2023: 31" in spec["description"] and "2024: 38" in spec["description"]


def test_target_reaches_the_target_year(package):
    i = next(i for i in package.indicators if i.id == "ps-pv-t10-laitoshoidon-hoitopaivat")
    spec = indicator_spec(package, i, "fi")
    assert spec["datasets"]["target"][0]["to"] == "2025-12-31"
    assert any(layer.get("encoding", {}).get("x2", {}).get("field") == "to" for layer in spec["layer"])

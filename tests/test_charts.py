"""Charts: golden Vega-Lite specs, accessible SVGs on every page, suppressed values absent.
Made from the fixture site (tests/fixtures/site/, see its README)."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, fixture_rows

from seuranta.charts.specs import feedback_spec, indicator_spec, nps_trend_spec
from seuranta.site.render import observation_value, suppressed_below

GOLDEN = ROOT / "tests" / "golden"
# Representative shapes of the fixture: a whole-country comparison (yearly) with a not-available
# year; snapshots with a baseline, a target year and a preliminary value; a cumulative
# partial-year value against an annual target; a range against a target; a target band over
# partial-year periods; a count with nothing but gaps (suppressed, not available).
REPRESENTATIVE = ["jl-huostassa-osuus", "jl-lasu-asiakkaat", "hm-laitoshoidon-hoitopaivat",
                  "jl-asiakasmitoitus", "hm-suunnitelmien-ajantasaisuus", "hm-kiireelliset-alle-3"]


@pytest.fixture(scope="module")
def package(fixture_package):
    return fixture_package


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
    with_gaps = {o["indicator_id"] for o in fixture_rows("observations")
                 if o["value_status"] in ("suppressed", "not_available")}
    checked = set()
    for i in package.indicators:
        hidden = {(o.area_id, o.period_start.isoformat(), o.period_end.isoformat())
                  for o in package.observations_of(i.id) if o.value_status in ("suppressed", "not_available")}
        if not hidden:
            continue
        spec = indicator_spec(package, i, "fi")
        rows = [r for r in spec["datasets"]["values"] if r["value"] is None]
        assert len(rows) == len(hidden)
        # The tooltip says what the data table says ("< 5" for a suppressed count of clients).
        table = {(o.area_id, o.period_start.isoformat()): BeautifulSoup(observation_value(
            o, i.unit, "fi", suppressed_below(package, i)), "lxml").get_text()
            for o in package.observations_of(i.id) if o.value_status in ("suppressed", "not_available")}
        assert sorted(r["shown"] for r in rows) == sorted(table.values())
        # and the note is the observation's own, as in the table's note column (fixture text)
        notes = {o.note.fi for o in package.observations_of(i.id) if o.value_status in ("suppressed", "not_available")}
        assert {r["status"] for r in rows} == notes and "" not in notes
        checked.add(i.id)
    assert checked == with_gaps == {"jl-huostassa-osuus", "hm-kiireelliset-alle-3"}


def test_value_colours_are_never_the_only_difference(package):
    i = next(i for i in package.indicators if i.id == "jl-huostassa-osuus")  # the county and the whole country
    spec = indicator_spec(package, i, "fi")
    encodings = [layer.get("encoding", {}) for layer in spec["layer"]]
    assert any("shape" in e for e in encodings) and any("strokeDash" in e for e in encodings)


def test_feedback_needs_ten_respondents(package):
    respondents = {r["id"]: int(r["respondents"]) for r in fixture_rows("feedback")}
    assert min(respondents.values()) < 10 <= max(respondents.values())  # the fixture has both
    for f in package.feedback:
        assert (feedback_spec(f, "fi") is None) == (respondents[f.id] < 10), f.id
    f = package.feedback[0]
    assert feedback_spec(f, "fi") is not None
    few = type(f)(**{**f.__dict__, "respondents": 9})
    assert feedback_spec(few, "fi") is None


@pytest.mark.slow  # builds the fixture site
def test_every_indicator_with_observations_has_an_accessible_chart_on_both_pages(fixture_site):
    with_values = {o["indicator_id"] for o in fixture_rows("observations")}
    for lang in ("fi", "sv"):
        charted = set()
        for page in (fixture_site / lang).rglob("index.html"):
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
                for a in section.select(".sr-around dd:first-of-type a"):  # its downloads
                    assert (page.parent / a["href"]).resolve().is_file(), a["href"]
                charted.add(section.h3["id"].removeprefix("mittari-"))
        assert charted == with_values


@pytest.mark.slow  # builds the fixture site
def test_finnish_and_swedish_axis_labels(fixture_site):
    # Costs in the tens of millions of euros (observations.csv) on an axis from zero.
    for lang, time in (("fi", "Aika"), ("sv", "Tid")):
        svg = (fixture_site / "charts" / lang / "indicator-jl-sijoitusten-kustannukset.svg").read_text("utf-8")
        texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
        numbers = [t for t in texts if t[:1].isdigit() and not re.fullmatch(r"\d{4}", t)]  # years are not grouped
        assert all(re.fullmatch(r"\d{1,3}(\u00a0\d{3})*", t) for t in numbers), numbers  # no-break space thousands
        assert "10\u00a0000\u00a0000" in numbers
        assert time in texts


def test_nps_over_time_needs_two_shown_periods(package):
    import datetime as dt

    from seuranta.charts.specs import nps_trend_spec

    # feedback.csv: Perhetyö in 2023 (NPS 25) and 2024 (NPS 38), both with 10 respondents or more.
    latest = next(f for f in package.feedback if f.id == "jl-nps-perhetyo-2024")
    series = package.feedback_series(latest)
    assert sorted(f.id for f in series) == ["jl-nps-perhetyo-2023", "jl-nps-perhetyo-2024"]
    tiny = type(latest)(**{**latest.__dict__, "id": "tiny", "period_start": dt.date(2022, 1, 1),
                           "period_end": dt.date(2022, 12, 31), "respondents": 4, "nps": 90})
    assert nps_trend_spec([latest], "fi") is None
    assert nps_trend_spec([latest, tiny], "fi") is None  # fewer than 10: not a period shown
    spec = nps_trend_spec([*series, tiny], "fi")
    assert [r["nps"] for r in spec["datasets"]["values"]] == [25, 38]
    assert "2023: 25" in spec["description"] and "2024: 38" in spec["description"]


def test_target_reaches_the_target_year(package):
    # indicators.csv: at most 17 000 care days by 2025; the values cover 1–3/2025 and 1–6/2025.
    i = next(i for i in package.indicators if i.id == "hm-laitoshoidon-hoitopaivat")
    spec = indicator_spec(package, i, "fi")
    assert spec["datasets"]["target"][0]["to"] == "2025-12-31"
    assert any(layer.get("encoding", {}).get("x2", {}).get("field") == "to" for layer in spec["layer"])


def test_a_spec_names_each_key_once(package):
    """The .vl.json download is the spec as text: a key given twice (a template's own
    "datasets" and the chart's data, say) would leave readers with only one of them."""
    from seuranta.charts.specs import indicator_chart

    def once(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    for i in package.indicators:
        for lang in ("fi", "sv"):
            chart = indicator_chart(package, i, lang)
            if chart is not None:
                json.loads(chart.text, object_pairs_hook=once)


def test_hotspots_escape_data_text_and_take_no_keyboard_stop_by_themselves():
    from seuranta.site.chartpoints import spots

    html = spots([{"x": 12.5, "y": 80.0, "tip": [["Alue", '<script>x</script> "A" {{ 7*7 }}'], ["Arvo", "< 5"]]},
                  {"x": 75.0, "y": 10.0, "tip": [["Alue", "B"], ["Arvo", "tietoa ei saatavilla"],
                                                ["Huomautus", "tietoa ei saatavilla"]]}], "fi")
    page = BeautifulSoup(html, "lxml")
    layer = page.select_one(".sr-chart__spots")
    assert layer["aria-hidden"] == "true" and not page.select("[tabindex]")  # charts.js adds the one stop
    first, second = page.select(".sr-chart__spot")
    assert first.get_text(" ", strip=True) == 'Alue: <script>x</script> "A" {{ 7*7 }} Arvo: < 5'
    assert "<script>" not in html and "{{" not in html
    assert "left:12.5%" in first["style"] and "top:80.0%" in first["style"]
    # every row as given (the note is the observation's own, even when it repeats the value)
    assert second.get_text(" ", strip=True) == "Alue: B Arvo: tietoa ei saatavilla Huomautus: tietoa ei saatavilla"
    assert spots([], "fi") == ""


def _layers(spec):
    for part in spec.get("layer", []) + spec.get("vconcat", []):
        yield part
        yield from _layers(part)


def test_labels_in_the_plot_are_the_layers_the_renderer_places(package):
    """The renderer moves only text layers named sr_label_… off other labels, points and
    the axes' texts (charts/svg/labels.mjs): every text layer of an indicator chart or an
    NPS trend that writes data (a name, a value, the target, the baseline) is one.
    (A feedback bar's shares are written inside their bars.)"""
    specs = [indicator_spec(package, i, lang) for i in package.indicators for lang in ("fi", "sv")]
    specs += [nps_trend_spec(package.feedback_series(f), lang) for f in package.feedback for lang in ("fi", "sv")]
    texts = [layer for spec in specs if spec for layer in _layers(spec)
             if layer.get("mark", {}).get("type") == "text" and "field" in layer.get("encoding", {}).get("text", {})]
    names = {layer.get("name") for layer in texts}
    assert names == {"sr_label_series_right", "sr_label_series_left", "sr_label_target", "sr_label_baseline",
                     "sr_label_value"}

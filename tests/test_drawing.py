"""The chart renderer (Vega in Node): drawings equal to a new Vega view's, text measured
like the real font, and plain answers when Node or Vega is missing. The charts are the
fixture site's (tests/fixtures/site/): every unit, ranges, gaps, feedback and NPS trends."""

from __future__ import annotations

import html
import random
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, SITE_DATA, assemble

from seuranta.charts import drawing, output
from seuranta.charts import specs as charts
from seuranta.charts.specs import TITLE, Y_TITLE, Chart

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast


@pytest.fixture(scope="module")
def site_charts(fixture_package):
    package = fixture_package
    made = [(charts.indicator_chart(package, i, lang), lang) for i in package.indicators for lang in ("fi", "sv")]
    made += [(charts.feedback_chart(f, lang), lang) for f in package.feedback for lang in ("fi", "sv")]
    made += [(charts.nps_trend_chart(package.feedback_series(f), lang), lang)
             for f in package.feedback for lang in ("fi", "sv")]
    return [(chart, lang) for chart, lang in made if chart is not None]


def whole(charts_and_languages):
    """Each chart as a whole Vega-Lite spec: compiled and drawn by a new Vega view."""
    return drawing.draw([{"lang": lang, "spec": chart.spec} for chart, lang in charts_and_languages],
                        charts.locales(), workers=1)


def test_every_chart_is_drawn_as_a_new_view_of_its_whole_spec_draws_it(site_charts):
    # At least three times over in a shuffled order (enough copies that two workers share
    # them, and each chart follows charts of other sizes, series and areas): no drawing
    # depends on another.
    copies = max(3, -(-drawing.PARALLEL_FROM // len(site_charts)))
    mixed = site_charts * copies
    random.Random(7).shuffle(mixed)
    assert len(mixed) >= drawing.PARALLEL_FROM
    drawn = drawing.draw([chart.job(lang) for chart, lang in mixed], charts.locales(), workers=2)
    expected = dict(zip(map(id, (c for c, _ in site_charts)), whole(site_charts), strict=True))
    assert [expected[id(chart)] for chart, _ in mixed] == drawn


def _variant(chart: Chart, **change) -> Chart:
    rows = [{**row, **{k: f(row) for k, f in change.items()}} for row in chart.datasets["values"]]
    return Chart(chart.template, chart.values, {**chart.datasets, "values": rows})


def test_a_drawing_does_not_depend_on_the_chart_drawn_before_it(site_charts):
    """Areas swapping places (the own area's colour), values below zero (ticks), long texts."""
    chart, lang = next((c, lang) for c, lang in site_charts
                       if len({r["area"] for r in c.datasets["values"]}) == 2 and Y_TITLE in c.values)
    swapped = _variant(chart, order=lambda r: 1 - r["order"])
    negative = _variant(chart, value=lambda r: None if r["value"] is None else -r["value"])
    long_title = Chart(chart.template, {**chart.values, Y_TITLE: "pitkä " * 12}, chart.datasets)
    sequence = [chart, swapped, negative, chart, long_title, swapped, chart]
    drawn = drawing.draw([c.job(lang) for c in sequence], charts.locales(), workers=1)
    assert drawn == whole([(c, lang) for c in sequence])
    assert drawn[0] != drawn[1] and drawn[1] != drawn[2]  # the variants do differ


def test_texts_with_quotes_and_markup_reach_the_drawing_as_they_are(site_charts):
    chart, lang = next((c, lang) for c, lang in site_charts if Y_TITLE in c.values)
    tricky = 'a "quoted" it\'s {{ 7*7 }} <script>x</script> @title'
    odd = Chart(chart.template, {**chart.values, TITLE: tricky, Y_TITLE: tricky}, chart.datasets)
    svg = drawing.draw([odd.job(lang)], charts.locales(), workers=1)[0]
    assert svg == whole([(odd, lang)])[0]
    assert "&lt;script&gt;" in svg and "<script>" not in svg
    assert "a &quot;quoted&quot; it's {{ 7*7 }} &lt;script&gt;x&lt;/script&gt; @title" in svg


def test_a_backslash_in_a_text_is_drawn(site_charts):
    # Vega-Lite itself drops it from the texts it writes into expressions (so a new
    # view is no oracle here); the reused view reads the text from a signal.
    chart, lang = next((c, lang) for c, lang in site_charts if Y_TITLE in c.values)
    odd = Chart(chart.template, {**chart.values, Y_TITLE: "C:\\kansio \\n"}, chart.datasets)
    svg = drawing.draw([odd.job(lang)], charts.locales(), workers=1)[0]
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    assert "C:\\kansio \\n" in texts


def test_labels_are_measured_as_the_browser_measures_them_with_the_font(site_charts):
    """The renderer lays text out from a table of Liberation Sans's glyph widths (the
    widths of Arial, the sans-serif most readers' browsers draw the labels in): the
    table must give what real Chromium measures with the font itself, to a pixel."""
    from playwright.sync_api import sync_playwright

    svgs = drawing.draw([chart.job(lang) for chart, lang in site_charts], charts.locales(), workers=1)
    labels = set()
    for svg in svgs:
        for attrs, text in re.findall(r"<text\b([^>]*)>([^<]+)</text>", svg):
            size = float(re.search(r'font-size="([\d.]+)px"', attrs).group(1))
            bold = 'font-weight="bold"' in attrs
            labels.add((html.unescape(text), size, bold))
    assert len(labels) > 50
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        measured = page.evaluate("""labels => {
            const ctx = document.createElement('canvas').getContext('2d');
            return labels.map(([text, size, bold]) => {
                ctx.font = `${bold ? 'bold ' : ''}${size}px "Liberation Sans"`;
                return ctx.measureText(text).width;
            });
        }""", [list(label) for label in sorted(labels)])
        browser.close()
    for (text, size, bold), width in zip(sorted(labels), measured, strict=True):
        assert charts.text_width(text, size, bold) == pytest.approx(width, abs=1), text


def test_a_chart_that_cannot_be_drawn_is_named(site_charts):
    broken = {"lang": "fi", "spec": {"title": "Rikki", "mark": "line",
                                     "encoding": {"x": {"field": "a", "type": "no-such-type"}}}}
    with pytest.raises(drawing.DrawingFailed, match="Rikki"):
        drawing.draw([site_charts[0][0].job("fi"), broken], charts.locales(), workers=1)


def test_without_node_the_build_says_what_to_install_and_keeps_the_site(tmp_path):
    data = assemble("valid-minimal", tmp_path / "data")
    out = tmp_path / "site"
    build = [sys.executable, "-m", "seuranta.cli", "build", "--data", str(data), "--out", str(out)]
    subprocess.run(build, check=True, capture_output=True, cwd=ROOT)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A feedback result's chart must be drawn again (by Vega: an indicator's chart is
    # drawn without Node, by charts/plot.py).
    feedback = data / "feedback.csv"
    feedback.write_text(feedback.read_text(encoding="utf-8").replace(",Palvelu,", ",Toinen palvelu,"), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "SEURANTA_NODE": str(tmp_path / "no-node-here")}
    done = subprocess.run(build, capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 1
    assert "Kaavioita ei voitu piirtää" in done.stderr and "Node.js" in done.stderr and "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_without_vega_installed_the_answer_says_npm_ci(tmp_path, monkeypatch, site_charts):
    alone = tmp_path / "svg"
    shutil.copytree(drawing.SCRIPT.parent, alone)  # the renderer without the project's node_modules
    monkeypatch.setattr(drawing, "SCRIPT", alone / drawing.SCRIPT.name)
    monkeypatch.setattr(drawing, "ROOT", tmp_path)
    with pytest.raises(drawing.DrawingFailed, match="npm ci"):
        drawing.draw([site_charts[0][0].job("fi")], charts.locales(), workers=1)


def test_a_renderer_that_stops_mid_answer_gives_a_plain_error(tmp_path, monkeypatch, site_charts):
    stops = tmp_path / "stops"  # stands in for a node killed while answering (out of memory, say)
    stops.write_text("#!/bin/sh\nprintf '{\"svg\": \"<svg wid'\necho Killed >&2\nexit 137\n")
    stops.chmod(0o755)
    monkeypatch.setenv("SEURANTA_NODE", str(stops))
    with pytest.raises(drawing.DrawingFailed, match="stopped .*137.*Killed"):
        drawing.draw([site_charts[0][0].job("fi")], charts.locales(), workers=1)


def test_a_charts_spec_text_is_its_spec_as_json(site_charts):
    # Made by filling the template's text (no parsing): the same bytes json.dumps
    # writes, so the .vl.json files and the drawings' cache keys stay as before.
    import json

    for chart, _ in site_charts:
        assert json.dumps(json.loads(chart.text), ensure_ascii=False) == chart.text


def test_a_chart_file_that_cannot_be_written_stops_the_drawing_at_once(tmp_path):
    # Node must not be left writing into a full pipe nobody reads (the build would hang):
    # run in a child process with a time limit, so a regression fails instead of hanging.
    script = tmp_path / "full_disk.py"
    script.write_text(
        "import errno, sys\n"
        "from pathlib import Path\n"
        "from seuranta.charts import drawing\n"
        "from seuranta.charts import specs as charts\n"
        "from seuranta.model.load import load_package\n"
        f"package = load_package(Path({str(SITE_DATA)!r}))\n"
        "jobs = [charts.indicator_chart(package, i, 'fi') for i in package.indicators]\n"
        "jobs = [c.job('fi') for c in jobs if c] * 2\n"
        "def full(n, svg):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "try:\n"
        "    drawing.draw(jobs, charts.locales(), workers=1, done=full)\n"
        "except OSError as e:\n"
        "    print('stopped:', e.strerror)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "stopped: No space left on device" in done.stdout, done.stderr


def test_data_text_that_looks_like_markup_is_drawn_whole(site_charts):
    from xml.dom import minidom

    chart, lang = next((c, lang) for c, lang in site_charts if Y_TITLE in c.values)
    odd = Chart(chart.template, {**chart.values, TITLE: 'Asiakkaat role="x" yhteensä',
                                 Y_TITLE: 'Osuus aria-label="y (%)'}, chart.datasets)
    svg = output.render_svgs([(odd, lang)], workers=1)[0]
    minidom.parseString(svg.encode())  # well-formed
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    assert 'Asiakkaat role="x" yhteensä' in texts and 'Osuus aria-label="y (%)' in texts


def test_nps_over_whole_years_is_drawn_one_year_a_place(fixture_package):
    """feedback.csv: Perhetyö in 2023 (NPS 25) and 2024 (NPS 38), each a calendar year:
    the axis names the years, with no month ticks such as "10/2023"."""
    latest = next(f for f in fixture_package.feedback if f.id == "jl-nps-perhetyo-2024")
    chart = charts.nps_trend_chart(fixture_package.feedback_series(latest), "fi")
    (svg,) = output.render_svgs([(chart, "fi")], workers=1)
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "2023" in texts and "2024" in texts
    assert not [t for t in texts if re.fullmatch(r"\d{1,2}/\d{4}", t)], texts


def test_no_two_ticks_of_a_time_axis_have_the_same_label(fixture_package):
    """A value for one June had weekly ticks, each labelled "6/2024": ticks fall on whole
    months (or years), so each label names another time. The fixture's charts, and each
    indicator redrawn with one value over a month, over a day and over two months."""
    import dataclasses
    import datetime as dt

    package = fixture_package
    made = [(charts.indicator_chart(package, i, lang), lang) for i in package.indicators for lang in ("fi", "sv")]
    i = next(i for i in package.indicators if package.observations_of(i.id))
    first = package.observations_of(i.id)[0]
    i = dataclasses.replace(i, target_year=None, baseline_date=None)  # the time axis: the value's own time
    for start, end in ((dt.date(2024, 6, 1), dt.date(2024, 6, 30)), (dt.date(2024, 6, 15), dt.date(2024, 6, 15)),
                       (dt.date(2024, 5, 1), dt.date(2024, 6, 30))):
        one = dataclasses.replace(first, period_start=start, period_end=end, value=10.0, value_status="final")
        variant = dataclasses.replace(package, observations=(*[o for o in package.observations
                                                              if o.indicator_id != i.id], one))
        made.append((charts.indicator_chart(variant, i, "fi"), "fi"))
    drawn = [(c, lang) for c, lang in made if c is not None]
    for (chart, _), svg in zip(drawn, output.render_svgs(drawn, workers=1), strict=True):
        labels = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
                  if re.fullmatch(r"(\d{1,2}/)?\d{4}", html.unescape(t))]
        assert labels, chart.title
        assert len(labels) == len(set(labels)), (chart.title, labels)

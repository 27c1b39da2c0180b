"""Indicator charts drawn in Python (seuranta/charts/plot.py) show what Vega draws from
the same chart's Vega-Lite spec: the same texts (tick labels in order, titles, series
names, the target's and baseline's labels, gap marks), each value at the same place in
its plot, and the same tooltips. Vega in Node stays the reference: the charts are drawn
both ways here. The scales' arithmetic is compared with d3's own (d3-array, d3-scale)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import random
import re
import subprocess

import pytest
from conftest import ROOT, assemble

from seuranta.charts import output, scales
from seuranta.charts.specs import indicator_chart
from seuranta.model.load import load_package


def _visible_texts(svg: str, role: str | None = None) -> list[str]:
    """The texts a drawing shows (those of one role, e.g. "axis-label"), in order."""
    groups = re.findall(r'<g class="mark-text role-([\w-]+)[^"]*"[^>]*>(.*?)</g>', svg)
    out = []
    for kind, body in groups:
        if role and kind != role:
            continue
        for attrs, text in re.findall(r"<text([^>]*)>(.*?)</text>", body):
            if 'opacity="0"' not in attrs:
                out.append(" ".join(html.unescape(t) for t in re.findall(r">?([^<>]+)<?", text) if t.strip()))
    return out


def _panels(svg: str) -> tuple[float, float, list[tuple[float, float, float]], float, float]:
    """Where the plots are: the root group's origin, each plot's (top, width, height), the drawing's size."""
    ox, oy = map(float, re.search(r'stroke-miterlimit="10" transform="translate\(([-\d.]+),([-\d.]+)\)"',
                                  svg).groups())
    plots = [tuple(map(float, m)) for m in re.findall(
        r'<g transform="translate\(0,([\d.]+)\)"><path class="background" aria-hidden="true" '
        r'd="M0\.5,0\.5h([\d.]+)v([\d.]+)h', svg)]
    width, height = map(float, re.search(r'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg).groups())
    return ox, oy, plots, width, height


def _in_plot(svg: str) -> list[tuple[float, float]]:
    """Each tooltip mark's place in its plot, as fractions of the plot's width and height."""
    ox, oy, plots, width, height = _panels(svg)
    out = []
    for x, y, _ in json.loads(output.take_points(svg)[1]):
        cx, cy = x * width / 100 - ox, y * height / 100 - oy
        top, w, h = [p for p in plots if p[0] <= cy + 10][-1]
        out.append((cx / w, (cy - top) / h))
    return out


def _compare(charts):
    """Each (chart, language) drawn by plot and by Vega: what they show must agree."""
    mine = [output.drawn_directly(chart, lang) for chart, lang in charts]
    vega = output.render_svgs(charts, workers=2, vega=True)
    for (chart, _), a, b in zip(charts, mine, vega, strict=True):
        name = chart.title
        assert _visible_texts(a, "axis-label") == _visible_texts(b, "axis-label"), name
        assert sorted(_visible_texts(a)) == sorted(_visible_texts(b)), name
        assert [t for _, _, t in json.loads(output.take_points(a)[1])] == \
            [t for _, _, t in json.loads(output.take_points(b)[1])], name
        for p, q in zip(_in_plot(a), _in_plot(b), strict=True):
            assert p == pytest.approx(q, abs=0.005), name  # half a per cent of the plot
    return mine


@pytest.mark.slow  # draws every chart with Vega too
def test_every_fixture_chart_shows_what_vega_draws(fixture_package, tmp_path):
    crafted = load_package(assemble("chart-labels", tmp_path / "chart-labels"))
    charts = [(indicator_chart(package, i, lang), lang) for package in (fixture_package, crafted)
              for i in package.indicators for lang in ("fi", "sv")]
    # Each indicator with a comparison area again, its own values ten times as big: the
    # own area and the comparison areas then get a panel each.
    package = fixture_package
    for i in package.indicators:
        if len({o.area_id for o in package.observations_of(i.id)}) > 1:
            own = package.plan(i.plan_id).organisation_id
            bigger = tuple(dataclasses.replace(o, value=o.value * 10) if o.indicator_id == i.id and
                           o.area_id == own and o.value is not None and o.value_max is None else o
                           for o in package.observations)
            charts += [(indicator_chart(dataclasses.replace(package, observations=bigger), i, lang), lang)
                       for lang in ("fi", "sv")]
    charts = [(chart, lang) for chart, lang in charts if chart is not None]
    shapes = {chart.shape for chart, _ in charts}
    # Every kind of layer and axis the fixtures have: split panels, ranges, targets with
    # and without a year, a band, the baseline, axes from zero and not, years and months.
    assert {s.split for s in shapes} == {True, False} and any(s.ranges for s in shapes)
    assert {s.target for s in shapes} >= {None, "at_most", "at_least", "between"}
    assert any(s.baseline for s in shapes) and {s.zero for s in shapes} == {True, False}
    assert {s.yearly for s in shapes} == {True, False} and {s.target_year for s in shapes} == {True, False}
    _compare(charts)


@pytest.mark.slow
def test_odd_values_are_drawn_as_vega_draws_them(fixture_package):
    """Values below zero, tiny and huge ones, one value alone, values within one month or
    one day, a gap at either end: redrawn from each fixture indicator with a time series of
    its own, seeded."""
    package = fixture_package
    rnd = random.Random(14)
    charts = []
    with_values = [i for i in package.indicators if package.observations_of(i.id)]
    # Every scale with one, two and five values, over spans that put ticks on every month
    # (up to four months), every year (up to four years), and the longest steps.
    for n in range(18):
        scale = [-50, 0.004, 1, 3.5, 120, 10_000_000][n % 6]
        days = [9, 40, 900, 2000, 9000, 400][n // 3]
        count = [2, 5, 1][n % 3]
        i = with_values[n % len(with_values)]
        first = package.observations_of(i.id)[0]
        start = dt.date(2023, 1 + n % 12, 1)
        made = []
        for k in range(count):
            day = start + dt.timedelta(days=k * days // max(1, count - 1))
            value = round(scale * (1 + rnd.random()), 4) if rnd.random() > 0.15 else None
            status = "final" if value is not None else "not_available"
            made.append(dataclasses.replace(first, period_start=day, period_end=day, value=value,
                                            value_max=None, value_status=status))
        variant = dataclasses.replace(package, observations=(*[o for o in package.observations
                                                              if o.indicator_id != i.id], *made))
        odd = dataclasses.replace(i, target_year=None, baseline_date=None, baseline_value=None)
        for lang in ("fi", "sv"):
            chart = indicator_chart(variant, odd, lang)
            if chart is not None:
                charts.append((chart, lang))
    assert len(charts) >= 20
    assert {chart.shape.month_step for chart, _ in charts} >= {0, 1, 6, 12, 24, 60}
    _compare(charts)


D3 = """
import { ticks } from "d3-array";
import { scaleLinear } from "d3-scale";
const domains = JSON.parse(process.argv[1]);
console.log(JSON.stringify(domains.map(([a, b]) => [ticks(a, b, 5), scaleLinear().domain([a, b]).nice().domain()])));
"""


def test_ticks_and_nice_domains_are_d3s():
    rnd = random.Random(5)
    domains = [[0, 35], [0, 0], [3.6, 3.9], [7, 7], [-7.8, -1], [0, 10_000_000], [0.001, 0.0047], [-3, 2.5]]
    for _ in range(300):
        size = 10 ** rnd.uniform(-4, 8)
        a = rnd.uniform(-size, size)
        b = a + rnd.random() * size
        domains.append(sorted([round(a, rnd.choice([0, 1, 2, 4])), round(b, rnd.choice([0, 2, 6]))]))
    done = subprocess.run(["node", "--input-type=module", "-e", D3, json.dumps(domains)], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    for (a, b), (d3_ticks, d3_nice) in zip(domains, json.loads(done.stdout), strict=True):
        assert scales.ticks(a, b, 5) == d3_ticks, (a, b)
        assert list(scales.nice(a, b)) == d3_nice, (a, b)


def test_numbers_on_the_axis_are_written_as_d3_writes_them_in_finnish():
    rnd = random.Random(8)
    values = [0, -0.0, 0.125, -0.125, 1.005, 2.675, 1050, -1234567.891, 0.004, -0.004, 10_000_000, 3.85,
              1e21, -1.5e21, 1e300, -9.99e307, 123456789012345678901.5]
    values += [round(rnd.uniform(-1e7, 1e7), rnd.choice([0, 1, 2, 3, 5])) for _ in range(200)]
    script = ("import { formatLocale } from 'd3-format'; import { readFileSync } from 'node:fs';"
              "const fi = JSON.parse(readFileSync('node_modules/d3-format/locale/fi-FI.json', 'utf8'));"
              "const f = formatLocale(fi).format(',.2~f');"
              "console.log(JSON.stringify(JSON.parse(process.argv[1]).map(f)));")
    done = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(values)], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    assert [scales.number(v) for v in values] == json.loads(done.stdout)

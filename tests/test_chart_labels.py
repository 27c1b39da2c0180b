"""Labels in a chart's plot keep clear of each other, of the points and of the axes'
texts, and stay inside the drawing (WCAG 1.4.10: at 320 px they ran into each other),
as real headless Chromium lays the drawings out.

The charts of tests/fixtures/chart-labels/ (see its README) put labels where, at the
positions the spec gives them, they collide: the target's label under a series' name,
the baseline's label on a value, two series' names at values close together. The same
charts drawn with their label placement left out show each of those collisions, so the
check does catch them. Indicator charts are drawn by `plot` (its port of labels.mjs);
the fixture site's NPS trends by Vega, placed by labels.mjs itself."""

from __future__ import annotations

import re

import pytest
from conftest import assemble
from test_browser import browser  # noqa: F401  (shared fixture)

from seuranta.charts import output
from seuranta.charts.output import take_points
from seuranta.charts.specs import indicator_chart
from seuranta.model.load import load_package

pytestmark = pytest.mark.slow  # drives a browser: not in make test-fast

# Every label (a text of a mark named sr_label_<kind>...) that overlaps another label, a
# point (a symbol mark) or any other text (axis labels and titles, the chart's title, the
# marks on the axes), or leaves the drawing: [label kind, label text, what it meets].
COLLISIONS = """() => {
  const svg = document.querySelector('svg');
  const width = +svg.getAttribute('width'), height = +svg.getAttribute('height');
  const origin = svg.getBoundingClientRect();
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
  };
  const shown = (e) => +(e.getAttribute('opacity') ?? 1) !== 0 && (e.tagName !== 'text' || e.textContent.trim());
  const labels = [], others = [];
  for (const g of svg.querySelectorAll('g.mark-text, g.mark-symbol')) {
    const kind = [...g.classList].find((c) => c.startsWith('sr_label_'));
    for (const e of [...g.children].filter(shown)) {
      const what = g.classList.contains('mark-symbol') ? 'point' : e.textContent;
      (kind ? labels : others).push({ kind: kind && kind.split('_')[2], what, box: box(e) });
    }
  }
  const meet = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const found = [];
  labels.forEach((label, n) => {
    const [x1, y1, x2, y2] = label.box;
    if (x1 < 0 || y1 < 0 || x2 > width || y2 > height) found.push([label.kind, label.what, 'outside']);
    for (const other of [...labels.slice(n + 1), ...others]) {
      const what = other.kind ? `${other.kind} label` : other.what;
      if (meet(label.box, other.box)) found.push([label.kind, label.what, what]);
    }
  });
  return { kinds: labels.map((l) => l.kind), found };
}"""


def collisions(browser, svgs):  # noqa: F811
    """Each drawing's labels and collisions, the drawing shown at its own size (320 px wide)."""
    page = browser.new_page(viewport={"width": 320, "height": 900})
    out = []
    for svg in svgs:
        page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
        out.append(page.evaluate(COLLISIONS))
    page.close()
    return out


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    package = load_package(assemble("chart-labels", tmp_path_factory.mktemp("chart-labels")))
    return [(i.id, lang, indicator_chart(package, i, lang)) for i in package.indicators for lang in ("fi", "sv")]


@pytest.fixture(scope="module")
def unplaced(crafted):
    """The crafted charts drawn with their labels where the spec first puts them."""
    return [output.drawn_directly(chart, lang, place_labels=False) for _, lang, chart in crafted]


@pytest.fixture(scope="module")
def placed(crafted):
    return output.render_svgs([(chart, lang) for _, lang, chart in crafted], workers=1)


def test_the_crafted_charts_collide_where_the_spec_puts_their_labels(browser, crafted, unplaced):  # noqa: F811
    expected = {"lbl-tavoite": ("target", "series label"), "lbl-lahtotaso": ("baseline", "point"),
                "lbl-kaksi-sarjaa": ("series", "series label")}
    for (indicator, lang, _), seen in zip(crafted, collisions(browser, unplaced), strict=True):
        met = set()
        for kind, _, other in seen["found"]:
            met.add((kind, other))
            if other.endswith(" label"):  # two labels: either one may be listed first
                met.add((other.removesuffix(" label"), f"{kind} label"))
        assert expected[indicator] in met, (indicator, lang, seen["found"])


def test_no_label_covers_another_label_a_point_or_the_axes_texts(browser, crafted, placed,  # noqa: F811
                                                                  fixture_site):
    files = sorted((fixture_site / "charts").glob("*/*.svg"))
    assert len(files) >= 20
    svgs = placed + [f.read_text(encoding="utf-8") for f in files]
    names = [f"{indicator} ({lang})" for indicator, lang, _ in crafted] + [f.name for f in files]
    kinds = set()
    for name, seen in zip(names, collisions(browser, svgs), strict=True):
        assert seen["found"] == [], (name, seen["found"])
        kinds.update(seen["kinds"])
    assert kinds == {"series", "target", "baseline", "value"}  # every kind of label was seen


def test_placing_the_labels_moves_no_point_or_hotspot(placed, unplaced):
    for moved, drawn in zip(placed, unplaced, strict=True):
        assert moved != drawn  # the labels did move
        assert take_points(moved)[1] == take_points(drawn)[1]
        symbols = re.compile(r'<g class="mark-symbol[^"]*">.*?</g>')
        assert symbols.findall(moved) and symbols.findall(moved) == symbols.findall(drawn)

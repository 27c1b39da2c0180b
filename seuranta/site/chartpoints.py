"""A chart's tooltips as HTML: a hotspot over each value in the pre-rendered image.

Each hotspot sits where its mark is (per cent of the image, so it follows the image's
size) and holds its tooltip, shown on hover by CSS alone. The layer is hidden from
assistive technology: the image's text alternative and the data table say it all;
charts.js makes the layer one keyboard stop whose arrow keys move from value to value
and announce each (overrides/assets/javascripts/charts.js).
"""

from __future__ import annotations

from seuranta.charts.manifest import ChartPoint
from seuranta.i18n import gettext
from seuranta.site.html import esc


def spots(points: list[ChartPoint], lang: str) -> str:
    if not points:
        return ""
    out = []
    for p in points:
        # Wide screens: the tip opens away from the nearer edges (seuranta.css).
        side = " sr-chart__spot--start" if p["x"] < 50 else " sr-chart__spot--end"
        side += " sr-chart__spot--below" if p["y"] < 30 else ""
        rows = []
        for title, value in p["tip"]:
            rows.append(f'<span class="sr-chart__row"><span class="sr-chart__key">{esc(title)}:</span> '
                        f"{esc(value)}</span>")
        out.append(f'<span class="sr-chart__spot{side}" style="left:{p["x"]}%;top:{p["y"]}%">'
                   f'<span class="sr-chart__tip">{"".join(rows)}</span></span>')
    return (f'<div class="sr-chart__spots" aria-hidden="true" data-label="{esc(gettext("chart.points", lang))}">'
            f'{"".join(out)}</div>')

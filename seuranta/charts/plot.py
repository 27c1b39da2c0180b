"""Draws an indicator's chart as SVG straight from its data, in Python: no Vega.

Vega drew each of these charts in about 3.5 ms of Node's time (plus the round trip),
a third of a large site's cold build; drawing one here takes about 1.5 ms. The
drawing is laid out as Vega lays out the chart's Vega-Lite spec
(`specs._indicator_template`, still published as the chart's .vl.json): the same
scales (`scales`: d3's "nice" domains and ticks, time ticks on whole months or
years), the same axes, marks, colours, shapes and dashes (`marks`: text measured from
the glyph-width table), and the labels in the plot moved off each other as
`svg/labels.mjs` moves them (`placement`, a port of its search). tests/test_plot.py
draws every fixture chart both ways and compares what they show: every text, the
ticks' labels, each value's place in its plot and its tooltip.

The SVG keeps the class names Vega gives its parts ("mark-symbol role-mark", "sr_label_…"),
so the checks that read drawings read both.
"""

from __future__ import annotations

import json
import math
from html import escape
from typing import Any

from seuranta.charts.marks import Line, Mark, Panel, Rect, Rule, Rules, Symbol, Text, box_of, coord, lines_of
from seuranta.charts.placement import place_labels as placed_apart
from seuranta.charts.scales import (
    Linear,
    Time,
    date_of,
    fraction,
    iso_day,
    month_ceil,
    month_floor,
    number,
    ticks,
    time_ticks,
    y_domain,
)
from seuranta.charts.specs import (
    DASHES,
    DESCRIPTION,
    FONT_SIZE,
    HEIGHT,
    OTHER_COLOURS,
    OWN_COLOUR,
    SHAPES,
    SPLIT_WIDTH,
    SUBTITLE,
    TARGET_COLOUR,
    TITLE,
    TITLE_SIZE,
    WIDTH,
    X_FORMAT,
    Y_TITLE,
    IndicatorShape,
    text_width,
)
from seuranta.i18n import gettext

PADDING = 5
TICK, LABEL_PADDING, TITLE_PADDING = 5, 2, 4  # an axis's tick length and the gaps after it
Y_MIN_EXTENT = 56  # specs.py's axisY minExtent: stacked panels' plots line up
X_AXIS_EXTENT = 37  # ticks, labels (13 px) and title under the plot
GRID, AXIS = "#ddd", "#767676"
SPLIT_SPACING = 16
TITLE_OFFSET = 4  # at least this much room between the title and the plot


COLOURS = [OWN_COLOUR, *OTHER_COLOURS]


def indicator_svg(values: dict[str, str | list[str]], datasets: dict[str, list[dict[str, Any]]],
                  shape: IndicatorShape, lang: str, place_labels: bool = True) -> str:
    """The chart's SVG, with its tooltip marks' positions in <metadata id="sr-points"> as the
    Vega renderer gives them (output.take_points). Without `place_labels`, the labels in
    the plot stay where the spec first puts them (tests/test_chart_labels.py)."""
    rows = datasets.get("values", [])
    target = datasets["target"][0] if shape.target and datasets.get("target") else None
    baseline = datasets["baseline"][0] if shape.baseline and datasets.get("baseline") else None
    t = {k: gettext(f"chart.{k}", lang) for k in ("area", "period", "value", "note", "time")}

    # The time axis: every date a mark is placed at (values' middles, spans, the target's
    # years, the baseline), as Vega-Lite unions its layers' fields.
    days = [iso_day(r["mid"]) for r in rows]
    days += [iso_day(r[k]) for r in rows if r["span"] and r["value"] is not None for k in ("start", "end")]
    if target is not None and shape.target_year:
        days += [iso_day(target["from"]), iso_day(target["to"])]
    if baseline is not None:
        days.append(iso_day(baseline["mid"]))
    lo, hi = min(days), max(days)
    if not shape.yearly and not shape.month_step:  # all within one month: that month's first day to the next's
        lo, hi = month_floor(lo), month_ceil(hi)
    x_ticks = time_ticks(lo, hi, shape.yearly, shape.month_step)
    x_format = values.get(X_FORMAT, "%Y")

    def x_label(day: float) -> str:
        d = date_of(day)
        return str(d.year) if x_format == "%Y" else f"{d.month}/{d.year}"

    groups = ([[r for r in rows if r["order"] == 0], [r for r in rows if r["order"] > 0]] if shape.split else [rows])
    plot_height = HEIGHT * 3 // 4 if shape.split else HEIGHT
    y_title = lines_of(values.get(Y_TITLE, ""))
    panels: list[Panel] = []
    for n, mine in enumerate(groups):
        with_target = n == 0
        ys = [r["value"] for r in mine if r["value"] is not None]
        ys += [r["high"] for r in mine if r.get("high") is not None]
        if with_target and target is not None:
            ys.append(target["low"])
            if shape.target == "between" and target.get("high") is not None:
                ys.append(target["high"])
        if with_target and baseline is not None:
            ys.append(baseline["value"])
        if not ys:
            ys = [0.0]
        y_lo, y_hi = y_domain(ys, shape.zero)
        panels.append(Panel(0, plot_height, mine, with_target, Time(lo, hi, 0), Linear(y_lo, y_hi, plot_height),
                            ticks(y_lo, y_hi, 5)))

    # The y axes' width: the widest tick label, at least Y_MIN_EXTENT; the title beside it.
    y_extent = max(max([Y_MIN_EXTENT, *(TICK + LABEL_PADDING + text_width(number(v)) for v in p.y_ticks)])
                   for p in panels)
    title_x = -(y_extent + TITLE_PADDING + (FONT_SIZE + 2) * (len(y_title) - 1))
    left = -title_x + FONT_SIZE

    # Points and the time axis's last label may reach out of the plot on the right (labels
    # in the plot are placed later, inside the drawing); a single plot fits the drawing
    # WIDTH wide, less what reaches out at about that width.
    reach = [(fraction(lo, hi, iso_day(r["mid"])), math.sqrt(60) / 2 + 1) for r in rows if r["value"] is not None]
    if baseline is not None:
        reach.append((fraction(lo, hi, iso_day(baseline["mid"])), 5.0))

    def right_of(width: float) -> float:
        edges = [f * width + e - width for f, e in reach]
        if x_ticks and (1 - (f := fraction(lo, hi, x_ticks[-1]))) * width > 1:  # a label not flush with the end
            edges.append(f * width + 0.5 + text_width(x_label(x_ticks[-1])) / 2 - width)
        return max([1.0, *edges])

    width = (SPLIT_WIDTH if shape.split
             else math.floor(WIDTH - 2 * PADDING - left - right_of(WIDTH - 2 * PADDING - left - 1)))
    right = right_of(width)
    for p in panels:
        p.width = width
        p.x = Time(lo, hi, width)
        p.marks = _panel_marks(p, shape, target, baseline, t, lang)
        p.axes = _axes(p, x_ticks, x_label, t["time"], y_title, title_x)

    # Each plot's top: room for what sits above it (labels as first placed, points at its top).
    title_lines = lines_of(values.get(TITLE, ""))
    subtitle = lines_of(values[SUBTITLE]) if SUBTITLE in values else []
    title_height = TITLE_SIZE + (TITLE_SIZE + 2) * (len(title_lines) - 1)
    if subtitle:
        title_height += 3 + FONT_SIZE + (FONT_SIZE + 2) * (len(subtitle) - 1)
    y = 0.0
    for n, p in enumerate(panels):
        y += math.ceil(_room_above(p)) if n else 0
        p.top = y
        y += p.height + X_AXIS_EXTENT + SPLIT_SPACING
    top = max(TITLE_OFFSET, _room_above(panels[0])) + title_height
    origin_x, origin_y = math.ceil(PADDING + left), math.ceil(PADDING + top)
    width = round(origin_x + SPLIT_WIDTH + right + PADDING) if shape.split else WIDTH
    height = round(origin_y + panels[-1].top + panels[-1].height + X_AXIS_EXTENT + PADDING)

    title_marks = [Mark("text", "title-text", items=[Text(-left, -top, title_lines, TITLE_SIZE, True, baseline="top",
                                                          line_height=TITLE_SIZE + 2, opacity=1)])]
    if subtitle:
        title_marks.append(Mark("text", "title-subtitle", items=[Text(
            -left, -top + TITLE_SIZE + (TITLE_SIZE + 2) * (len(title_lines) - 1) + 3, subtitle, FONT_SIZE, True,
            baseline="top", fill=TARGET_COLOUR, opacity=1)]))

    drawing = [-origin_x, -origin_y, width - origin_x, height - origin_y]
    if place_labels:
        placed_apart(panels, title_marks, drawing)

    # role="img" with a <title> and <desc>, so the file alone is accessible too (as
    # output._accessible_svg makes Vega's drawings).
    title, description = " ".join(title_lines), " ".join(lines_of(values.get(DESCRIPTION, "")))
    parts = [f'<svg role="img" aria-labelledby="sr-title sr-desc" xmlns="http://www.w3.org/2000/svg" '
             f'xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" class="marks" width="{coord(width)}" '
             f'height="{coord(height)}" viewBox="0 0 {coord(width)} {coord(height)}">',
             f'<title id="sr-title">{escape(title)}</title><desc id="sr-desc">{escape(description)}</desc>',
             f'<rect width="{coord(width)}" height="{coord(height)}" fill="white"/>',
             f'<g fill="none" stroke-miterlimit="10" transform="translate({coord(origin_x)},{coord(origin_y)})">',
             '<g class="mark-group role-frame root">']
    for p in panels:
        parts.append(f'<g class="mark-group role-scope"><g transform="translate(0,{coord(p.top)})">')
        parts.append(f'<path class="background" aria-hidden="true" d="M0.5,0.5h{coord(p.width)}v{coord(p.height)}'
                     f'h-{coord(p.width)}Z" stroke="{GRID}"/>')
        parts += [m.svg(0, 0) for m in p.axes]
        parts += [m.svg(0, 0) for m in p.marks]
        parts.append("</g></g>")
    parts.append('<g class="mark-group role-title">' + "".join(m.svg(0, 0) for m in title_marks) + "</g>")
    parts.append("</g></g>")
    points = _points(panels, origin_x, origin_y, width, height)
    parts.append(f'<metadata id="sr-points">{escape(json.dumps(points, ensure_ascii=False), quote=False)}</metadata>')
    parts.append("</svg>")
    return "".join(parts)


def _room_above(p: Panel) -> float:
    """How far above the plot its marks (labels as first placed, points) and axis labels reach."""
    tops = [b[1] for m in [*p.marks, *p.axes] for it in m.items if (b := box_of(it)) is not None]
    return max([0.0, *(-t for t in tops)])


def _tooltip(row: dict[str, Any], t: dict[str, str]) -> list[list[str]]:
    pairs = [(t["area"], row["area"]), (t["period"], row["period"]), (t["value"], row["shown"]),
             (t["note"], row["status"])]
    return [[k, str(v)] for k, v in pairs if v not in ("", None)]


def _panel_marks(p: Panel, shape: IndicatorShape, target: dict[str, Any] | None, baseline: dict[str, Any] | None,
                 t: dict[str, str], lang: str) -> list[Mark]:
    x, y = p.x, p.y
    rows = p.rows
    orders = sorted({r["order"] for r in rows})
    line = Mark("line", "mark")
    for order in orders:
        mine = sorted((r for r in rows if r["order"] == order), key=lambda r: r["mid"])
        path = [(x(iso_day(r["mid"])), y(r["value"])) if r["value"] is not None else None for r in mine]
        line.items.append(Line(path, COLOURS[order % len(COLOURS)], DASHES[order % len(DASHES)]))
    spans = Mark("rule", "mark", items=[
        Rule(x(iso_day(r["start"])), y(r["value"]), x(iso_day(r["end"])), y(r["value"]), COLOURS[r["order"] % 6], 4,
             0.5)
        for r in rows if r["span"] and r["value"] is not None])
    marks = [line, spans]
    if shape.ranges:
        marks.append(Mark("rule", "mark", items=[
            Rule(x(iso_day(r["mid"])), y(r["value"]), x(iso_day(r["mid"])), y(r["high"]), COLOURS[r["order"] % 6], 3)
            for r in rows if r.get("high") is not None]))
    points = Mark("symbol", "mark")
    for r in rows:
        if r["value"] is None:
            continue
        colour = COLOURS[r["order"] % len(COLOURS)]
        points.items.append(Symbol(x(iso_day(r["mid"])), y(r["value"]), SHAPES[r["order"] % len(SHAPES)], 60,
                                   "white" if r["preliminary"] else colour, colour, 2, 0.7, _tooltip(r, t)))
    marks.append(points)
    for side in ("right", "left"):
        labels = Mark("text", "mark", f"sr_label_series_{side}_marks")
        for r in rows:
            if r["last"] == side and r["value"] is not None:
                labels.items.append(Text(x(iso_day(r["mid"])), y(r["value"]), list(r["name"]), bold=True, align=side,
                                         dx=-6 if side == "right" else 6, dy=-28, line_height=16,
                                         fill=COLOURS[r["order"] % len(COLOURS)], datum=r))
        marks.append(labels)
    marks.append(Mark("text", "mark", items=[
        Text(x(iso_day(r["mid"])), p.height, ["×"], 16, align="center", baseline="middle", dy=-6,
             fill=COLOURS[r["order"] % len(COLOURS)], tooltip=_tooltip(r, t))
        for r in rows if r["value"] is None]))
    if not shape.zero and y.lo > 0:  # the axis does not start at zero: a break mark at its foot
        marks.append(Mark("text", "mark", items=[Text(0, p.height - 8, ["//"], bold=True, align="center",
                                                      baseline="middle", opacity=1)]))
    if p.with_target and target is not None:
        x1, x2 = (x(iso_day(target["from"])), x(iso_day(target["to"]))) if shape.target_year else (0.0, p.width)
        if shape.target == "between" and target.get("high") is not None:
            marks.append(Mark("rect", "mark", items=[Rect(x1, y(target["low"]), x2, y(target["high"]),
                                                          TARGET_COLOUR, 0.12)]))
        marks.append(Mark("rule", "mark", "sr_target_line_marks", [
            Rule(x1, y(target["low"]), x2, y(target["low"]), TARGET_COLOUR, 2, dash="4,4")]))
        marks.append(Mark("text", "mark", "sr_label_target_marks", [
            Text(0, y(target["low"]), [target["label"]], bold=True, dx=4, dy=-6, fill=TARGET_COLOUR,
                 datum={"line": (x1, x2)})]))
    if p.with_target and baseline is not None:
        bx, by = x(iso_day(baseline["mid"])), y(baseline["value"])
        # (No hotspot: Vega gives a one-field tooltip as text, which the page's hotspots leave out.)
        marks.append(Mark("symbol", "mark", items=[Symbol(bx, by, "diamond", 100, "#000000", None)]))
        marks.append(Mark("text", "mark", "sr_label_baseline_marks", [
            Text(bx, by, [baseline["label"]], dx=-4, dy=-12, fill="#000000")]))
    return marks


def _axes(p: Panel, x_ticks: list[float], x_label: Any, x_title: str, y_title: list[str],
          title_x: float) -> list[Mark]:
    w, h = p.width, p.height
    xs = [p.x(d) for d in x_ticks]
    ys = [p.y(v) for v in p.y_ticks]
    # (Grid lines and ticks, dozens of them, each set one path.)
    grid = Mark("rule", "axis-grid", items=[Rules([(x + 0.5, 0.5, x + 0.5, h + 0.5) for x in xs]
                                                  + [(0.5, y + 0.5, w + 0.5, y + 0.5) for y in ys], GRID)])
    x_tick_marks = Mark("rule", "axis-tick", items=[Rules([(x + 0.5, h + 0.5, x + 0.5, h + 5.5) for x in xs], AXIS)])
    labels = []
    for day, x in zip(x_ticks, xs, strict=True):
        left, right = abs(x), abs(w - x)
        align = "left" if left < right and left <= 1 else "right" if right <= 1 else "center"
        labels.append(Text(x + 0.5, h + 0.5 + TICK + LABEL_PADDING, [x_label(day)], align=align, baseline="top",
                           opacity=1))
    x_labels = Mark("text", "axis-label", items=_parity(labels))
    x_domain = Mark("rule", "axis-domain", items=[Rule(0.5, h + 0.5, w + 0.5, h + 0.5, AXIS, 1, 1)])
    x_title_mark = Mark("text", "axis-title", items=[Text(w / 2 + 0.5, h + 0.5 + 24, [x_title], align="center",
                                                      baseline="top", opacity=1)])
    y_tick_marks = Mark("rule", "axis-tick", items=[Rules([(0.5, y + 0.5, -4.5, y + 0.5) for y in ys], AXIS)])
    y_labels = Mark("text", "axis-label", items=_parity(
        [Text(0.5 - TICK - LABEL_PADDING, y + 0.5, [number(v)], align="right", baseline="middle", opacity=1)
         for v, y in zip(p.y_ticks, ys, strict=True)], vertical=True))
    y_domain = Mark("rule", "axis-domain", items=[Rule(0.5, h + 0.5, 0.5, 0.5, AXIS, 1, 1)])
    y_title_mark = Mark("text", "axis-title", items=[Text(title_x + 0.5, h / 2 + 0.5, y_title, align="center",
                                                          baseline="bottom", angle=-90, opacity=1)])
    return [grid, x_tick_marks, x_labels, x_domain, x_title_mark, y_tick_marks, y_labels, y_domain, y_title_mark]


def _parity(labels: list[Text], vertical: bool = False) -> list[Text]:
    """Vega's labelOverlap "parity": every other label left out until none overlap."""
    if vertical:
        labels = sorted(labels, key=lambda t: -t.y)

    def overlap(items: list[Text]) -> bool:
        boxes = [t.box() for t in items]
        pairs = zip(boxes, boxes[1:], strict=False)
        return any(0 > max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3]) for a, b in pairs)

    source, items = labels, labels
    if len(items) >= 3 and overlap(items):
        while len(items) >= 3 and overlap(items):
            items = items[::2]
        if len(items) < 3 and source[-1] not in items:
            items = [*items[:-1], source[-1]] if len(items) > 1 else [*items, source[-1]]
    return items


# --- tooltips -------------------------------------------------------------------------------

def _points(panels: list[Panel], ox: float, oy: float, width: float, height: float) -> list[Any]:
    out = []
    for p in panels:
        for m in p.marks:
            for it in m.items:
                tip = getattr(it, "tooltip", None)
                if tip is None or m.kind == "rule":
                    continue
                cx, cy = ox + it.x, oy + p.top + it.y
                out.append([round(100 * cx / width, 2), round(100 * cy / height, 2), tip])
    return sorted(out, key=lambda a: (a[0], a[1]))

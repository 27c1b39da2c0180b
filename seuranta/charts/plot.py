"""Draws an indicator's chart as SVG straight from its data, in Python: no Vega.

Vega drew each of these charts in about 3.5 ms of Node's time, a third of a large
site's cold build; drawing them here takes a small fraction of that. The drawing is
laid out as Vega lays out the chart's Vega-Lite spec (`specs._indicator_template`,
still published as the chart's .vl.json): the same scales (d3's linear "nice" and
ticks, time ticks on whole months or years), the same axes, marks, colours, shapes
and dashes, the same text measured from the glyph-width table, and the labels in the
plot moved off each other as `svg/labels.mjs` moves them (a port of its search).
tests/test_plot.py draws every fixture chart both ways and compares what they show:
the ticks and their labels, each value's place in the plot and its tooltip.

The SVG keeps the class names Vega gives its parts ("mark-symbol role-mark", "sr_label_…"),
so the checks that read drawings read both.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from html import escape
from typing import Any, NamedTuple

import numpy as np

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
    TEXT_COLOUR,
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
ASCENT, DESCENT, GAP = 0.93, 0.24, 2  # as in labels.mjs
TRIES = 20000
E10, E5, E2 = math.sqrt(50), math.sqrt(10), math.sqrt(2)
_EXACT = Context(prec=40)  # digits enough for any number below 1e21 with two decimals
DAY = 1.0  # the time scale counts days (dates as ordinals)


# --- numbers and scales, as d3 makes them -------------------------------------------------

def _tick_spec(start: float, stop: float, count: float) -> tuple[float, float, float]:
    """d3-array's tickSpec: the first and last tick's index and the step (negative: its inverse)."""
    step = (stop - start) / max(0, count)
    if not math.isfinite(step):  # a span too wide for a float (1e308 to −1e308): no ticks
        return math.nan, math.nan, math.nan
    power = math.floor(math.log10(step)) if step > 0 else -math.inf
    error = step / 10 ** power if power != -math.inf else math.nan
    factor = 10 if error >= E10 else 5 if error >= E5 else 2 if error >= E2 else 1
    if power == -math.inf:
        return math.nan, math.nan, math.nan
    if power < 0:
        inc = 10 ** -power / factor
        i1, i2 = _js_round(start * inc), _js_round(stop * inc)
        if i1 / inc < start:
            i1 += 1
        if i2 / inc > stop:
            i2 -= 1
        inc = -inc
    else:
        inc = 10 ** power * factor
        i1, i2 = _js_round(start / inc), _js_round(stop / inc)
        if i1 * inc < start:
            i1 += 1
        if i2 * inc > stop:
            i2 -= 1
    if i2 < i1 and 0.5 <= count < 2:
        return _tick_spec(start, stop, count * 2)
    return i1, i2, inc


def _js_round(x: float) -> float:
    return math.floor(x + 0.5)


def ticks(start: float, stop: float, count: int) -> list[float]:
    """d3.ticks for start <= stop."""
    if start == stop:
        return [start]
    i1, i2, inc = _tick_spec(start, stop, count)
    if not i2 >= i1:
        return []
    n = int(i2 - i1) + 1
    return [(i1 + i) / -inc for i in range(n)] if inc < 0 else [(i1 + i) * inc for i in range(n)]


def nice(start: float, stop: float, count: int = 10) -> tuple[float, float]:
    """d3's linear.nice(count) for start <= stop (Vega's `nice: true` gives count 10)."""
    prestep = None
    lo, hi = start, stop
    for _ in range(10):
        step = _tick_spec(lo, hi, count)[2]
        if step == prestep:
            return lo, hi
        if step > 0:
            lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
        elif step < 0:
            lo, hi = math.ceil(lo * step) / step, math.floor(hi * step) / step
        else:  # no step (one value): d3 leaves the domain as it was
            break
        prestep = step
    return start, stop


def number(value: float) -> str:
    """d3-format ",.2~f" in the fi-FI locale (sv-FI writes numbers the same): two decimals at
    most, trailing zeros dropped, no-break-space thousands, decimal comma, "−" for minus."""
    if abs(value) >= 1e21:  # JavaScript's toFixed writes these as it writes any number: 1.5e+21
        whole, _, rest = repr(abs(value)).partition(".")
        text = whole.partition("e")[0] + ("," + rest if rest else "e" + whole.partition("e")[2])
    else:
        text = str(Decimal(abs(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=_EXACT))
        whole, _, decimals = text.partition(".")
        decimals = decimals.rstrip("0")
        text = f"{int(whole):,}".replace(",", "\u00a0") + ("," + decimals if decimals else "")
    negative = value < 0 and text.strip("0,\u00a0") != ""
    return ("\u2212" if negative else "") + text


@lru_cache(maxsize=1 << 14)  # a chart's dates recur in its rows and across charts
def _day(iso: str) -> float:
    return float(dt.date.fromisoformat(iso).toordinal())


def _date(day: float) -> dt.date:
    return dt.date.fromordinal(int(day))


def _month_floor(day: float) -> float:
    d = _date(day)
    return float(d.replace(day=1).toordinal())


def _month_ceil(day: float) -> float:
    d = _date(day)
    if d.day == 1 and day == int(day):
        return day
    if (d.year, d.month) == (dt.MAXYEAR, 12):  # the month after the last a date can name
        return float(dt.date.max.toordinal() + 1)
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return float(nxt.toordinal())


def time_ticks(start: float, stop: float, yearly: bool, month_step: int) -> list[float]:
    """The first days of the years, or of every `month_step`th month (January first), from
    start to stop, both included (d3's interval.every(step).range(start, stop + 1))."""
    first, last = _date(math.ceil(start)), _date(min(stop, dt.date.max.toordinal()))
    out = []
    if yearly:
        for year in range(first.year, last.year + 1):
            day = float(dt.date(year, 1, 1).toordinal())
            if start <= day <= stop:
                out.append(day)
        return out
    # d3's timeMonth.every(step) keeps the months whose number in the year (0–11) divides
    # by step: for steps longer than a year (24, 60), every January.
    stride = month_step if month_step and 12 % month_step == 0 else 12 if month_step else 1
    months = range(-(-(first.year * 12 + first.month - 1) // stride) * stride, last.year * 12 + last.month, stride)
    for m in months:
        day = float(dt.date(m // 12, m % 12 + 1, 1).toordinal())
        if start <= day <= stop:
            out.append(day)
    return out


class Linear(NamedTuple):
    lo: float
    hi: float
    size: float  # pixels: lo is drawn at `size`, hi at 0

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return self.size / 2
        return self.size - (value - self.lo) / (self.hi - self.lo) * self.size


class Time(NamedTuple):
    lo: float
    hi: float
    size: float

    def __call__(self, day: float) -> float:
        if self.hi == self.lo:
            return self.size / 2
        return (day - self.lo) / (self.hi - self.lo) * self.size


def y_domain(values: Sequence[float], zero: bool) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    return nice(lo, hi)


# --- text -------------------------------------------------------------------------------------

def _offset(baseline: str, size: float) -> int:
    """Vega's own baseline offset (vega-scenegraph's text offset)."""
    factor = {"top": 0.79, "middle": 0.30, "bottom": -0.21}.get(baseline, 0.0)
    return _js_int(factor * size)


def _js_int(x: float) -> int:
    return math.floor(x + 0.5)


@dataclass
class Text:
    """A text as Vega draws it: anchored at (x, y), moved by (dx, dy), lines below the first."""

    x: float
    y: float
    lines: list[str]
    size: float = FONT_SIZE
    bold: bool = False
    align: str = "left"  # left, center or right
    baseline: str = "alphabetic"
    dx: float = 0
    dy: float = 0
    fill: str = TEXT_COLOUR
    line_height: float | None = None
    opacity: float | None = None
    angle: float = 0  # -90: a y axis's title
    tooltip: list[list[str]] | None = None
    datum: dict[str, Any] = field(default_factory=dict)
    _box: list[float] | None = field(default=None, repr=False, compare=False)  # box(), until the text moves

    @property
    def step(self) -> float:
        return self.line_height if self.line_height is not None else self.size + 2

    def box(self) -> list[float]:
        """Vega's bounds of the text (its `bound`), before any rotation."""
        if self._box is None:
            self._box = self._bounds()
        return self._box

    def _bounds(self) -> list[float]:
        h = self.size + self.step * (len(self.lines) - 1)
        w = max((text_width(t, self.size, self.bold) for t in self.lines), default=0.0)
        x = self.x + self.dx - (w / 2 if self.align == "center" else w if self.align == "right" else 0)
        y = self.y + self.dy + _offset(self.baseline, self.size) - _js_int(0.8 * self.size)
        if self.angle == -90:  # turned about its anchor: (x, y) -> (X + (y - Y), Y - (x - X))
            return [self.x + (y - self.y), self.y - (x + w - self.x), self.x + (y + h - self.y), self.y - (x - self.x)]
        return [x, y, x + w, y + h]

    def svg(self, dx: float = 0, dy: float = 0) -> str:
        attrs = [f'text-anchor="{_ANCHOR[self.align]}"']
        ox, oy = self.dx, self.dy + _offset(self.baseline, self.size)
        if self.angle:
            move = f"translate({_n(self.x + dx)},{_n(self.y + dy)}) rotate({_n(self.angle)})"
            if ox or oy:
                move += f" translate({_n(ox)},{_n(oy)})"
        else:
            move = f"translate({_n(self.x + dx + ox)},{_n(self.y + dy + oy)})"
        attrs.append(f'transform="{move}"')
        attrs.append(f'font-family="sans-serif" font-size="{_n(self.size)}px"')
        if self.bold:
            attrs.append('font-weight="bold"')
        attrs.append(f'fill="{self.fill}"')
        if self.opacity is not None:
            attrs.append(f'opacity="{_n(self.opacity)}"')
        if len(self.lines) == 1:
            body = escape(self.lines[0].strip(), quote=False)
        else:
            body = "".join(f"<tspan>{escape(t.strip(), quote=False)}</tspan>" if not n else
                           f'<tspan x="0" dy="{_n(self.step)}">{escape(t.strip(), quote=False)}</tspan>'
                           for n, t in enumerate(self.lines))
        return f"<text {' '.join(attrs)}>{body}</text>"


_ANCHOR = {"left": "start", "center": "middle", "right": "end"}


def _n(x: float) -> str:
    """A number in the SVG: six significant digits (three decimals for the drawing's
    coordinates, as Vega writes paths), whole numbers bare."""
    return f"{x:.6g}"


_p = _n


def _lines(text: str | list[str]) -> list[str]:
    return [text] if isinstance(text, str) else list(text)


# --- the drawing ------------------------------------------------------------------------------

@dataclass
class Symbol:
    x: float
    y: float
    shape: str
    size: float
    fill: str
    stroke: str | None
    stroke_width: float = 0
    opacity: float | None = None
    tooltip: list[list[str]] | None = None

    def box(self) -> list[float]:
        r = math.sqrt(self.size) / 2
        h = math.sqrt(3) / 2 * r if self.shape.startswith("triangle") else r
        extra = self.stroke_width / 2 if self.stroke else 0
        return [self.x - r - extra, self.y - h - extra, self.x + r + extra, self.y + h + extra]

    def path(self) -> str:
        r = math.sqrt(self.size) / 2
        if self.shape == "circle":
            return f"M{_p(r)},0A{_p(r)},{_p(r)},0,1,1,{_p(-r)},0A{_p(r)},{_p(r)},0,1,1,{_p(r)},0"
        if self.shape == "square":
            return f"M{_p(-r)},{_p(-r)}h{_p(2 * r)}v{_p(2 * r)}h{_p(-2 * r)}Z"
        if self.shape == "diamond":
            return f"M{_p(-r)},0L0,{_p(-r)}L{_p(r)},0L0,{_p(r)}Z"
        h = math.sqrt(3) / 2 * r
        if self.shape == "triangle-up":
            return f"M0,{_p(-h)}L{_p(-r)},{_p(h)}L{_p(r)},{_p(h)}Z"
        if self.shape == "triangle-down":
            return f"M0,{_p(h)}L{_p(-r)},{_p(-h)}L{_p(r)},{_p(-h)}Z"
        s = r / 2.5  # cross
        points = [(-r, -s), (-r, s), (-s, s), (-s, r), (s, r), (s, s), (r, s), (r, -s), (s, -s), (s, -r),
                  (-s, -r), (-s, -s)]
        return "M" + "L".join(f"{_p(a)},{_p(b)}" for a, b in points) + "Z"

    def svg(self, dx: float, dy: float) -> str:
        stroke = _paint(self.stroke, self.stroke_width) if self.stroke else ""
        return (f'<path transform="translate({_n(self.x + dx)},{_n(self.y + dy)})" d="{self.path()}" '
                f'fill="{self.fill}"{stroke}{_paint(opacity=self.opacity)}/>')


@dataclass
class Rule:
    x: float
    y: float
    x2: float
    y2: float
    stroke: str
    width: float
    opacity: float | None = None
    dash: str | None = None

    def svg(self, dx: float, dy: float) -> str:
        return (f'<line transform="translate({_n(self.x + dx)},{_n(self.y + dy)})" x2="{_n(self.x2 - self.x)}" '
                f'y2="{_n(self.y2 - self.y)}"{_paint(self.stroke, self.width, self.dash, self.opacity)}/>')


def _paint(stroke: str | None = None, width: float = 1, dash: str | None = None, opacity: float | None = None) -> str:
    """A mark's stroke, dashes and opacity as SVG attributes (each left out when not given)."""
    out = f' stroke="{stroke}" stroke-width="{_n(width)}"' if stroke else ""
    out += f' stroke-dasharray="{dash}"' if dash else ""
    return out + (f' opacity="{_n(opacity)}"' if opacity is not None else "")


@dataclass
class Rules:
    """Lines of one colour, 1 px wide (an axis's grid or ticks), drawn as one path."""

    segments: list[tuple[float, float, float, float]]
    stroke: str

    def svg(self, dx: float, dy: float) -> str:
        d = "".join(f"M{_n(x1 + dx)},{_n(y1 + dy)}L{_n(x2 + dx)},{_n(y2 + dy)}" for x1, y1, x2, y2 in self.segments)
        return f'<path d="{d}" stroke="{self.stroke}" stroke-width="1"/>' if d else ""


@dataclass
class Mark:
    """A group of items, as Vega's "mark-<type> role-<role> <name>" group."""

    kind: str  # symbol, text, rule, line, rect
    role: str
    name: str = ""
    items: list[Any] = field(default_factory=list)

    def svg(self, dx: float, dy: float) -> str:
        cls = f"mark-{self.kind} role-{self.role}" + (f" {self.name}" if self.name else "")
        events = ' pointer-events="none"' if self.role.startswith(("axis", "title")) else ""
        return f'<g class="{cls}"{events}>' + "".join(it.svg(dx, dy) for it in self.items) + "</g>"


@dataclass
class Line:
    points: list[tuple[float, float] | None]  # None: a gap
    stroke: str
    dash: list[int]

    def segments(self) -> list[list[tuple[float, float]]]:
        runs: list[list[tuple[float, float]]] = [[]]
        for p in self.points:
            if p is None:
                runs.append([])
            else:
                runs[-1].append(p)
        return [r for r in runs if r]

    def svg(self, dx: float, dy: float) -> str:
        d = ""
        for run in self.segments():
            d += "M" + "L".join(f"{_p(x + dx)},{_p(y + dy)}" for x, y in run)
            if len(run) == 1:
                d += "Z"
        return (f'<path d="{d}" stroke="{self.stroke}" stroke-width="2" '
                f'stroke-dasharray="{",".join(map(str, self.dash))}"/>')


@dataclass
class Rect:
    x: float
    y: float
    x2: float
    y2: float
    fill: str
    opacity: float

    def svg(self, dx: float, dy: float) -> str:
        x, y = min(self.x, self.x2) + dx, min(self.y, self.y2) + dy
        w, h = abs(self.x2 - self.x), abs(self.y2 - self.y)
        return f'<path d="M{_p(x)},{_p(y)}h{_p(w)}v{_p(h)}h{_p(-w)}Z" fill="{self.fill}" opacity="{_n(self.opacity)}"/>'


@dataclass
class Panel:
    """One plot: its marks, axes and where it sits (in the drawing's root coordinates)."""

    width: float
    height: float
    rows: list[dict[str, Any]]
    with_target: bool
    x: Time
    y: Linear
    y_ticks: list[float]
    top: float = 0.0  # the plot's top, from the root group's origin
    marks: list[Mark] = field(default_factory=list)
    axes: list[Mark] = field(default_factory=list)


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
    days = [_day(r["mid"]) for r in rows]
    days += [_day(r[k]) for r in rows if r["span"] and r["value"] is not None for k in ("start", "end")]
    if target is not None and shape.target_year:
        days += [_day(target["from"]), _day(target["to"])]
    if baseline is not None:
        days.append(_day(baseline["mid"]))
    lo, hi = min(days), max(days)
    if not shape.yearly and not shape.month_step:  # all within one month: that month's first day to the next's
        lo, hi = _month_floor(lo), _month_ceil(hi)
    x_ticks = time_ticks(lo, hi, shape.yearly, shape.month_step)
    x_format = values.get(X_FORMAT, "%Y")

    def x_label(day: float) -> str:
        d = _date(day)
        return str(d.year) if x_format == "%Y" else f"{d.month}/{d.year}"

    groups = ([[r for r in rows if r["order"] == 0], [r for r in rows if r["order"] > 0]] if shape.split else [rows])
    plot_height = HEIGHT * 3 // 4 if shape.split else HEIGHT
    y_title = _lines(values.get(Y_TITLE, ""))
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
    reach = [(_fraction(lo, hi, _day(r["mid"])), math.sqrt(60) / 2 + 1) for r in rows if r["value"] is not None]
    if baseline is not None:
        reach.append((_fraction(lo, hi, _day(baseline["mid"])), 5.0))

    def right_of(width: float) -> float:
        edges = [f * width + e - width for f, e in reach]
        if x_ticks and (1 - (f := _fraction(lo, hi, x_ticks[-1]))) * width > 1:  # a label not flush with the end
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
    title_lines = _lines(values.get(TITLE, ""))
    subtitle = _lines(values[SUBTITLE]) if SUBTITLE in values else []
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
        _place_labels(panels, title_marks, drawing)

    # role="img" with a <title> and <desc>, so the file alone is accessible too (as
    # output._accessible_svg makes Vega's drawings).
    title, description = " ".join(title_lines), " ".join(_lines(values.get(DESCRIPTION, "")))
    parts = [f'<svg role="img" aria-labelledby="sr-title sr-desc" xmlns="http://www.w3.org/2000/svg" '
             f'xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" class="marks" width="{_n(width)}" '
             f'height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}">',
             f'<title id="sr-title">{escape(title)}</title><desc id="sr-desc">{escape(description)}</desc>',
             f'<rect width="{_n(width)}" height="{_n(height)}" fill="white"/>',
             f'<g fill="none" stroke-miterlimit="10" transform="translate({_n(origin_x)},{_n(origin_y)})">',
             '<g class="mark-group role-frame root">']
    for p in panels:
        parts.append(f'<g class="mark-group role-scope"><g transform="translate(0,{_n(p.top)})">')
        parts.append(f'<path class="background" aria-hidden="true" d="M0.5,0.5h{_n(p.width)}v{_n(p.height)}'
                     f'h-{_n(p.width)}Z" stroke="{GRID}"/>')
        parts += [m.svg(0, 0) for m in p.axes]
        parts += [m.svg(0, 0) for m in p.marks]
        parts.append("</g></g>")
    parts.append('<g class="mark-group role-title">' + "".join(m.svg(0, 0) for m in title_marks) + "</g>")
    parts.append("</g></g>")
    points = _points(panels, origin_x, origin_y, width, height)
    parts.append(f'<metadata id="sr-points">{escape(json.dumps(points, ensure_ascii=False), quote=False)}</metadata>')
    parts.append("</svg>")
    return "".join(parts)


def _box_of(item: Any) -> list[float] | None:
    if isinstance(item, Text):
        return item.box()
    if isinstance(item, Symbol):
        return item.box()
    return None


def _room_above(p: Panel) -> float:
    """How far above the plot its marks (labels as first placed, points) and axis labels reach."""
    tops = [b[1] for m in [*p.marks, *p.axes] for it in m.items if (b := _box_of(it)) is not None]
    return max([0.0, *(-t for t in tops)])


def _fraction(lo: float, hi: float, day: float) -> float:
    return 0.5 if hi == lo else (day - lo) / (hi - lo)


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
        line.items.append(Line([(x(_day(r["mid"])), y(r["value"])) if r["value"] is not None else None for r in mine],
                               COLOURS[order % len(COLOURS)], DASHES[order % len(DASHES)]))
    spans = Mark("rule", "mark", items=[
        Rule(x(_day(r["start"])), y(r["value"]), x(_day(r["end"])), y(r["value"]), COLOURS[r["order"] % 6], 4, 0.5)
        for r in rows if r["span"] and r["value"] is not None])
    marks = [line, spans]
    if shape.ranges:
        marks.append(Mark("rule", "mark", items=[
            Rule(x(_day(r["mid"])), y(r["value"]), x(_day(r["mid"])), y(r["high"]), COLOURS[r["order"] % 6], 3)
            for r in rows if r.get("high") is not None]))
    points = Mark("symbol", "mark")
    for r in rows:
        if r["value"] is None:
            continue
        colour = COLOURS[r["order"] % len(COLOURS)]
        points.items.append(Symbol(x(_day(r["mid"])), y(r["value"]), SHAPES[r["order"] % len(SHAPES)], 60,
                                   "white" if r["preliminary"] else colour, colour, 2, 0.7, _tooltip(r, t)))
    marks.append(points)
    for side in ("right", "left"):
        labels = Mark("text", "mark", f"sr_label_series_{side}_marks")
        for r in rows:
            if r["last"] == side and r["value"] is not None:
                labels.items.append(Text(x(_day(r["mid"])), y(r["value"]), list(r["name"]), bold=True, align=side,
                                         dx=-6 if side == "right" else 6, dy=-28, line_height=16,
                                         fill=COLOURS[r["order"] % len(COLOURS)], datum=r))
        marks.append(labels)
    marks.append(Mark("text", "mark", items=[
        Text(x(_day(r["mid"])), p.height, ["×"], 16, align="center", baseline="middle", dy=-6,
             fill=COLOURS[r["order"] % len(COLOURS)], tooltip=_tooltip(r, t))
        for r in rows if r["value"] is None]))
    if not shape.zero and y.lo > 0:  # the axis does not start at zero: a break mark at its foot
        marks.append(Mark("text", "mark", items=[Text(0, p.height - 8, ["//"], bold=True, align="center",
                                                      baseline="middle", opacity=1)]))
    if p.with_target and target is not None:
        x1, x2 = (x(_day(target["from"])), x(_day(target["to"]))) if shape.target_year else (0.0, p.width)
        if shape.target == "between" and target.get("high") is not None:
            marks.append(Mark("rect", "mark", items=[Rect(x1, y(target["low"]), x2, y(target["high"]),
                                                          TARGET_COLOUR, 0.12)]))
        marks.append(Mark("rule", "mark", "sr_target_line_marks", [
            Rule(x1, y(target["low"]), x2, y(target["low"]), TARGET_COLOUR, 2, dash="4,4")]))
        marks.append(Mark("text", "mark", "sr_label_target_marks", [
            Text(0, y(target["low"]), [target["label"]], bold=True, dx=4, dy=-6, fill=TARGET_COLOUR,
                 datum={"line": (x1, x2)})]))
    if p.with_target and baseline is not None:
        bx, by = x(_day(baseline["mid"])), y(baseline["value"])
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


# --- labels off each other (a port of svg/labels.mjs) ---------------------------------------

ORDER = {"series": 0, "value": 1, "baseline": 2, "target": 3}


class _Label(NamedTuple):
    item: Text
    kind: str
    dy: float  # the panel's offset
    plot: list[float]
    line: tuple[float, float] | None


def _text_box(item: Text, dy: float) -> list[float]:
    b = item.box()
    return [b[0], b[1] + dy - (ASCENT - 0.8) * item.size, b[2], b[3] + dy + (DESCENT - 0.2) * item.size]


def _overlap(a: Sequence[float], b: Sequence[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _area(a: Sequence[float]) -> float:
    return max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])


def _crosses(box: Sequence[float], seg: Sequence[float]) -> bool:
    x1, y1, x2, y2 = seg
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return False
    return True


def _padded(b: Sequence[float]) -> list[float]:
    return [b[0] - GAP, b[1] - GAP, b[2] + GAP, b[3] + GAP]


def _candidates(label: _Label, width: float) -> list[_Position]:
    it = label.item
    if label.kind == "target":
        start, end = label.line or (it.x, width)
        return [("left", 4, "on", start, 0), ("right", -4, "on", end, 0), ("left", 4, "under", start, 0),
                ("right", -4, "under", end, 0), ("center", 0, "on", (start + end) / 2, 0),
                ("center", 0, "under", (start + end) / 2, 0)]
    x = it.x
    if label.kind == "series":
        first, second = (("left", 6), ("right", -6)) if it.datum.get("last") == "left" else (("right", -6), ("left", 6))
    else:
        first, second = ("left", -4), ("right", 4)
    near = [(*first, "above", x, 0), (*second, "above", x, 0), (*first, "below", x, 0), (*second, "below", x, 0),
            ("left", 10, "beside", x, 0), ("center", 0, "above", x, 0), ("center", 0, "below", x, 0),
            ("right", -10, "beside", x, 0)]
    far = [(*first, "below", x, 22), (*first, "above", x, -22), (*first, "below", x, 44),
           (*second, "below", x, 22), (*second, "above", x, -22), (*second, "below", x, 44)]
    return [*near, *far]


def _put(label: _Label, position: _Position) -> list[float]:
    align, dx, vertical, x, shift = position
    it = label.item
    size, count = it.size, len(it.lines)
    block = (count - 1) * it.step
    it.x, it.align, it.baseline, it.dx, it._box = x, align, "alphabetic", dx, None
    it.dy = (-12 - block if vertical == "above" else 8 + math.ceil(ASCENT * size) if vertical == "below"
             else -6 if vertical == "on" else 4 + math.ceil(ASCENT * size) if vertical == "under"
             else _js_int((ASCENT - DESCENT) * size / 2 - block / 2)) + shift
    return _text_box(it, label.dy)


def _place_labels(panels: list[Panel], title_marks: list[Mark], drawing: Sequence[float]) -> None:
    labels: list[_Label] = []
    solid: list[list[float]] = []
    strokes: list[list[float]] = []
    for m in title_marks:
        solid += [_text_box(it, 0) for it in m.items]
    for p in panels:
        dy = p.top
        plot = [0.0, dy, p.width, dy + p.height]
        for m in p.axes:
            if m.kind == "text":
                solid += [_text_box(it, dy) for it in m.items if any(s.strip() for s in it.lines)]
        for m in p.marks:
            if m.kind == "line":
                for line in m.items:
                    for run in line.segments():
                        strokes += [[a[0], a[1] + dy, b[0], b[1] + dy] for a, b in zip(run, run[1:], strict=False)]
            elif m.kind == "text" and m.name.startswith("sr_label_"):
                kind = m.name.removeprefix("sr_label_").split("_")[0]
                for it in m.items:
                    it.lines, it._box = [s for s in it.lines if s.strip()], None
                    if it.lines:
                        labels.append(_Label(it, kind, dy, plot, it.datum.get("line") if kind == "target" else None))
            elif m.kind == "text":
                solid += [_text_box(it, dy) for it in m.items if any(s.strip() for s in it.lines)]
            elif m.kind == "symbol":
                solid += [[b[0], b[1] + dy, b[2], b[3] + dy] for it in m.items for b in [it.box()]]
            elif m.kind == "rule":
                strokes += [[it.x, it.y + dy, it.x2, it.y2 + dy] for it in m.items]
    if not labels:
        return
    labels.sort(key=lambda lb: (ORDER.get(lb.kind, 9), lb.item.datum.get("order", 0) if lb.kind == "series" else 0))
    widths = {p.top: p.width for p in panels}
    candidates = [_candidates(label, widths[label.dy]) for label in labels]
    picks = _first_free(labels, candidates, solid, strokes, drawing)
    if picks is None:  # some label has no free place: the whole search, every position's cost at once
        solids = np.array(solid, dtype=float).reshape(-1, 4)
        segments = np.array(strokes, dtype=float).reshape(-1, 4)
        boxes = [np.array([_put(label, position) for position in positions])
                 for label, positions in zip(labels, candidates, strict=True)]
        own = [list(zip(*(c.tolist() for c in _costs(b, solids, segments, np.array(drawing), np.array(label.plot))),
                        strict=True)) for label, b in zip(labels, boxes, strict=True)]
        # How much each position of an earlier label (with GAP around it) covers of each of a later one's.
        between = {(j, k): _overlaps(boxes[j] + [-GAP, -GAP, GAP, GAP], boxes[k]).tolist()
                   for k in range(len(labels)) for j in range(k)}
        picks = [positions[c] for positions, c in zip(candidates, _choose(own, between), strict=True)]
    for label, position in zip(labels, picks, strict=True):
        _put(label, position)


def _first_free(labels: list[_Label], candidates: list[list[_Position]], solid: list[list[float]],
                strokes: list[list[float]], drawing: Sequence[float]) -> list[_Position] | None:
    """The usual chart, cheaply: each label in turn at its first position that costs nothing
    and meets no label placed before it. When every label finds one, that is what the whole
    search (_choose) would pick: the earliest of the placings that cost nothing at all.
    None when some label finds none."""
    picks: list[_Position] = []
    taken: list[list[float]] = []
    for label, positions in zip(labels, candidates, strict=True):
        for position in positions:
            box = _put(label, position)
            x0, y0, x1, y1 = box
            if (x0 < drawing[0] or y0 < drawing[1] or x1 > drawing[2] or y1 > drawing[3]
                    or x0 < label.plot[0] or y0 < label.plot[1] or x1 > label.plot[2] or y1 > label.plot[3]):
                continue  # out of the drawing, or of the plot
            a0, b0, a1, b1 = x0 - GAP, y0 - GAP, x1 + GAP, y1 + GAP
            if any(a0 < s[2] and s[0] < a1 and b0 < s[3] and s[1] < b1 for s in solid):
                continue
            if any(t[0] - GAP < x1 and x0 < t[2] + GAP and t[1] - GAP < y1 and y0 < t[3] + GAP for t in taken):
                continue
            if any(min(s[0], s[2]) <= x1 and max(s[0], s[2]) >= x0 and min(s[1], s[3]) <= y1
                   and max(s[1], s[3]) >= y0 and _crosses(box, s) for s in strokes):
                continue
            picks.append(position)
            taken.append(box)
            break
        else:
            return None
    return picks


def _costs(boxes: Any, solids: Any, segments: Any, drawing: Any, plot: Any) -> tuple[Any, Any]:
    """What each of a label's positions (boxes, an array k × 4) costs on its own, as
    labels.mjs's cost: "hard", the area it covers of points and texts (with GAP around it)
    and lies out of the drawing; "soft", the lines it crosses, and 1 when it leaves the
    plot. In numpy: a chart has dozens of texts and segments, a label a dozen positions."""
    x0, y0, x1, y1 = (boxes[:, i:i + 1] for i in range(4))
    area = (x1 - x0).clip(0) * (y1 - y0).clip(0)
    hard = area[:, 0] - _overlaps(boxes, drawing[None, :])[:, 0]
    if len(solids):
        hard += _overlaps(boxes + [-GAP, -GAP, GAP, GAP], solids).sum(axis=1)
    soft = (area[:, 0] - _overlaps(boxes, plot[None, :])[:, 0] > 0).astype(int)
    if len(segments):
        # Liang–Barsky: whether each segment passes through each box.
        sx1, sy1, sx2, sy2 = (segments[None, :, i] for i in range(4))
        dx, dy = sx2 - sx1, sy2 - sy1
        p = np.stack([-dx, dx, -dy, dy])  # 4 × 1 × m
        q = np.stack([sx1 - x0, x1 - sx1, sy1 - y0, y1 - sy1])  # 4 × k × m
        with np.errstate(divide="ignore", invalid="ignore"):
            r = q / p
        t0 = np.where(p < 0, r, 0.0).max(axis=0)
        t1 = np.where(p > 0, r, 1.0).min(axis=0)
        missed = ((p == 0) & (q < 0)).any(axis=0)
        soft += (~missed & (t0 <= t1)).sum(axis=1)
    return hard, soft


def _overlaps(a: Any, b: Any) -> Any:
    """The area each box of `a` (k × 4) shares with each of `b` (n × 4): k × n."""
    w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return np.where((w > 0) & (h > 0), w * h, 0.0)


_Position = tuple[str, float, str, float, float]  # align, dx, where, anchor x, shift


def _choose(own: list[list[tuple[float, int]]], between: dict[tuple[int, int], list[list[float]]]) -> list[int]:
    """The position of each label (an index into its options) with the least hard cost in
    all, then the least soft cost, then the earliest preferred: a depth-first search in a
    fixed order, cut where it cannot do better than the best found (labels.mjs's choose).
    `own` gives each position's own (hard, soft) cost; `between`, what two labels' positions
    cover of each other."""
    chosen = [0] * len(own)
    best: list[Any] = [None]  # hard, soft, picks
    tries = 0

    def go(k: int, hard: float, soft: float) -> None:
        nonlocal tries
        b = best[0]
        if b and (hard > b[0] or (hard == b[0] and soft >= b[1])):
            return
        if k == len(own):
            best[0] = (hard, soft, chosen[:])
            return
        for c, (own_hard, own_soft) in enumerate(own[k]):
            tries += 1
            if tries > TRIES:
                break
            more = own_hard + sum(between[j, k][chosen[j]][c] for j in range(k))
            chosen[k] = c
            go(k + 1, hard + more, soft + own_soft)

    go(0, 0.0, 0.0)
    picks: list[int] = best[0][2]
    return picks


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

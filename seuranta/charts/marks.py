"""The parts of a chart's drawing, as Vega draws them: texts (with Vega's own bounds:
its baseline offsets and measuring from the glyph-width table), symbols, rules, lines and
areas, each writing its SVG, in groups named as Vega names them; and a plot (Panel)
holding its marks and axes (charts/plot.py lays them out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Any

from seuranta.charts.scales import Linear, Time, js_round
from seuranta.charts.specs import FONT_SIZE, TEXT_COLOUR, text_width

_OFFSET_FACTORS = {"top": 0.79, "middle": 0.30, "bottom": -0.21}


def _offset(baseline: str, size: float) -> int:
    """Vega's own baseline offset (vega-scenegraph's text offset)."""
    return js_round(_OFFSET_FACTORS.get(baseline, 0.0) * size)


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
        y = self.y + self.dy + _offset(self.baseline, self.size) - js_round(0.8 * self.size)
        if self.angle == -90:  # turned about its anchor: (x, y) -> (X + (y - Y), Y - (x - X))
            return [self.x + (y - self.y), self.y - (x + w - self.x), self.x + (y + h - self.y), self.y - (x - self.x)]
        return [x, y, x + w, y + h]

    def svg(self, dx: float = 0, dy: float = 0) -> str:
        attrs = [f'text-anchor="{_ANCHOR[self.align]}"']
        ox, oy = self.dx, self.dy + _offset(self.baseline, self.size)
        if self.angle:
            move = f"translate({self.x + dx:.6g},{self.y + dy:.6g}) rotate({self.angle:.6g})"
            if ox or oy:
                move += f" translate({ox:.6g},{oy:.6g})"
        else:
            move = f"translate({self.x + dx + ox:.6g},{self.y + dy + oy:.6g})"
        attrs.append(f'transform="{move}"')
        attrs.append(f'font-family="sans-serif" font-size="{coord(self.size)}px"')
        if self.bold:
            attrs.append('font-weight="bold"')
        attrs.append(f'fill="{self.fill}"')
        if self.opacity is not None:
            attrs.append(f'opacity="{coord(self.opacity)}"')
        if len(self.lines) == 1:
            body = escape(self.lines[0].strip(), quote=False)
        else:
            body = "".join(f"<tspan>{escape(t.strip(), quote=False)}</tspan>" if not n else
                           f'<tspan x="0" dy="{coord(self.step)}">{escape(t.strip(), quote=False)}</tspan>'
                           for n, t in enumerate(self.lines))
        return f"<text {' '.join(attrs)}>{body}</text>"


_ANCHOR = {"left": "start", "center": "middle", "right": "end"}


def coord(x: float) -> str:
    """A number in the SVG: six significant digits (three decimals for the drawing's
    coordinates, as Vega writes paths), whole numbers bare."""
    return f"{x:.6g}"


def lines_of(text: str | list[str]) -> list[str]:
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
        return _symbol_path(self.shape, self.size)

    def svg(self, dx: float, dy: float) -> str:
        stroke = _paint(self.stroke, self.stroke_width) if self.stroke else ""
        return (f'<path transform="translate({self.x + dx:.6g},{self.y + dy:.6g})" d="{self.path()}" '
                f'fill="{self.fill}"{stroke}{_paint(opacity=self.opacity)}/>')


@cache  # a few shapes and sizes, in thousands of charts
def _symbol_path(shape: str, size: float) -> str:
    r = math.sqrt(size) / 2
    if shape == "circle":
        return f"M{coord(r)},0A{coord(r)},{coord(r)},0,1,1,{coord(-r)},0A{coord(r)},{coord(r)},0,1,1,{coord(r)},0"
    if shape == "square":
        return f"M{coord(-r)},{coord(-r)}h{coord(2 * r)}v{coord(2 * r)}h{coord(-2 * r)}Z"
    if shape == "diamond":
        return f"M{coord(-r)},0L0,{coord(-r)}L{coord(r)},0L0,{coord(r)}Z"
    h = math.sqrt(3) / 2 * r
    if shape == "triangle-up":
        return f"M0,{coord(-h)}L{coord(-r)},{coord(h)}L{coord(r)},{coord(h)}Z"
    if shape == "triangle-down":
        return f"M0,{coord(h)}L{coord(-r)},{coord(-h)}L{coord(r)},{coord(-h)}Z"
    s = r / 2.5  # cross
    points = [(-r, -s), (-r, s), (-s, s), (-s, r), (s, r), (s, s), (r, s), (r, -s), (s, -s), (s, -r),
              (-s, -r), (-s, -s)]
    return "M" + "L".join(f"{coord(a)},{coord(b)}" for a, b in points) + "Z"


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
        return (f'<line transform="translate({self.x + dx:.6g},{self.y + dy:.6g})" x2="{self.x2 - self.x:.6g}" '
                f'y2="{self.y2 - self.y:.6g}"{_paint(self.stroke, self.width, self.dash, self.opacity)}/>')


@cache  # a few paints, in thousands of marks
def _paint(stroke: str | None = None, width: float = 1, dash: str | None = None, opacity: float | None = None) -> str:
    """A mark's stroke, dashes and opacity as SVG attributes (each left out when not given)."""
    out = f' stroke="{stroke}" stroke-width="{coord(width)}"' if stroke else ""
    out += f' stroke-dasharray="{dash}"' if dash else ""
    return out + (f' opacity="{coord(opacity)}"' if opacity is not None else "")


@dataclass
class Rules:
    """Lines of one colour, 1 px wide (an axis's grid or ticks), drawn as one path."""

    segments: list[tuple[float, float, float, float]]
    stroke: str

    def svg(self, dx: float, dy: float) -> str:
        # (coord() written out: thousands of numbers a chart)
        d = "".join(f"M{x1 + dx:.6g},{y1 + dy:.6g}L{x2 + dx:.6g},{y2 + dy:.6g}" for x1, y1, x2, y2 in self.segments)
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
            d += "M" + "L".join(f"{x + dx:.6g},{y + dy:.6g}" for x, y in run)  # (coord() written out)
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
        return (f'<path d="M{coord(x)},{coord(y)}h{coord(w)}v{coord(h)}h{coord(-w)}Z" fill="{self.fill}" '
                f'opacity="{coord(self.opacity)}"/>')


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



def box_of(item: Any) -> list[float] | None:
    if isinstance(item, Text):
        return item.box()
    if isinstance(item, Symbol):
        return item.box()
    return None

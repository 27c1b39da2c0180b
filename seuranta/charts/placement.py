"""The labels in an indicator chart's plot moved off each other, the points and the
axes' texts, and kept in the drawing: a port of svg/labels.mjs (which says why and how)
for the charts drawn by charts/plot.py. Every position's cost is computed in one numpy
pass per chart; each label then takes its first free position (the usual chart), and
when some label has none, the whole search runs on the same costs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from seuranta.charts.marks import Mark, Panel, Text
from seuranta.charts.scales import js_round
from seuranta.charts.specs import text_width

ASCENT, DESCENT, GAP = 0.93, 0.24, 2  # as in labels.mjs
TRIES = 20000
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


def _put(label: _Label, position: _Position) -> None:
    """Moves the label's text to the position."""
    align, dx, vertical, x, shift = position
    it = label.item
    it.x, it.align, it.baseline, it.dx, it._box = x, align, "alphabetic", dx, None
    it.dy = _dy(it, vertical) + shift


def _dy(it: Text, vertical: str) -> float:
    size, block = it.size, (len(it.lines) - 1) * it.step
    return (-12 - block if vertical == "above" else 8 + math.ceil(ASCENT * size) if vertical == "below"
            else -6 if vertical == "on" else 4 + math.ceil(ASCENT * size) if vertical == "under"
            else js_round((ASCENT - DESCENT) * size / 2 - block / 2))


def _boxes(label: _Label, positions: list[_Position]) -> list[list[float]]:
    """The label's box (as _text_box gives it) at each position, without moving it: the
    text's bounds (marks.Text._bounds, "alphabetic" baseline, no rotation) worked out
    once and moved, in the same operations, so each box is the one _put would give."""
    it = label.item
    size = it.size
    w = max((text_width(t, size, it.bold) for t in it.lines), default=0.0)
    h = size + it.step * (len(it.lines) - 1)
    up, down = js_round(0.8 * size), (ASCENT - 0.8) * size
    extra = (DESCENT - 0.2) * size
    dys = {vertical: _dy(it, vertical) for vertical in {p[2] for p in positions}}
    out = []
    for align, dx, vertical, x, shift in positions:
        left = x + dx - (w / 2 if align == "center" else w if align == "right" else 0)
        y = it.y + (dys[vertical] + shift) + 0 - up  # (+ 0: the alphabetic baseline's offset, as _bounds adds it)
        out.append([left, y + label.dy - down, left + w, y + h + label.dy + extra])
    return out


def place_labels(panels: list[Panel], title_marks: list[Mark], drawing: Sequence[float]) -> None:
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
    # Every position's cost at once: its own (hard, soft), and what two labels' positions
    # cover of each other (an earlier label's with GAP around it).
    solids = np.array(solid, dtype=float).reshape(-1, 4)
    segments = np.array(strokes, dtype=float).reshape(-1, 4)
    boxes = [np.array(_boxes(label, positions)) for label, positions in zip(labels, candidates, strict=True)]
    plots = np.array([label.plot for label, positions in zip(labels, candidates, strict=True) for _ in positions])
    hard, soft = _costs(np.concatenate(boxes), solids, segments, np.array(drawing), plots)
    costs = list(zip(hard.tolist(), soft.tolist(), strict=True))
    ends = np.cumsum([0, *map(len, candidates)]).tolist()
    own = [costs[a:b] for a, b in zip(ends, ends[1:], strict=False)]
    between = {(j, k): _overlaps(boxes[j] + [-GAP, -GAP, GAP, GAP], boxes[k]).tolist()
               for k in range(len(labels)) for j in range(k)}
    picks = _first_free(own, between) or _choose(own, between)
    for label, positions, c in zip(labels, candidates, picks, strict=True):
        _put(label, positions[c])


def _first_free(own: list[list[tuple[float, int]]], between: dict[tuple[int, int], list[list[float]]]
                ) -> list[int] | None:
    """The usual chart, cheaply: each label in turn at its first position that costs nothing
    and meets no label placed before it. When every label finds one, that is what the whole
    search (_choose) picks: the earliest of the placings that cost nothing at all. None
    when some label finds none."""
    picks: list[int] = []
    for k, costs in enumerate(own):
        free = (c for c, (hard, soft) in enumerate(costs)
                if hard == 0 and soft == 0 and all(between[j, k][picks[j]][c] == 0 for j in range(k)))
        c = next(free, None)
        if c is None:
            return None
        picks.append(c)
    return picks


def _costs(boxes: Any, solids: Any, segments: Any, drawing: Any, plots: Any) -> tuple[Any, Any]:
    """What each label position (boxes, an array k × 4: every position of every label)
    costs on its own, as labels.mjs's cost: "hard", the area it covers of points and
    texts (with GAP around it) and lies out of the drawing; "soft", the lines it crosses,
    and 1 when it leaves its plot (plots: each position's plot, k × 4). In numpy, once
    for the chart: dozens of texts and segments, a few labels of a dozen positions."""
    x0, y0, x1, y1 = (boxes[:, i:i + 1] for i in range(4))
    area = (x1 - x0).clip(0) * (y1 - y0).clip(0)
    hard = area[:, 0] - _overlaps(boxes, drawing[None, :])[:, 0]
    if len(solids):
        hard += _overlaps(boxes + [-GAP, -GAP, GAP, GAP], solids).sum(axis=1)
    inside = boxes[:, :2] >= plots[:, :2]
    soft = (~(inside.all(axis=1) & (boxes[:, 2:] <= plots[:, 2:]).all(axis=1))).astype(int)
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

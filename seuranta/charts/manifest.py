"""The chart manifest: which files each drawn chart has, for the pages that show it."""

from __future__ import annotations

import json
from typing import TypedDict


class ChartPoint(TypedDict):
    """A mark with a tooltip (a value, a gap, the baseline, a bar): where it is, in per cent
    of the drawing's width and height from its top left corner, and its tooltip's
    (title, text) pairs in the chart's language."""

    x: float
    y: float
    tip: list[list[str]]  # lists, not tuples: the same after a trip through JSON (page digests)


class ChartEntry(TypedDict):
    """A chart in the manifest (`output.write_charts`)."""

    svg: str  # file names, relative to the charts folder
    spec: str
    inputs: str  # digest of what the chart is made from (output.chart_inputs)
    width: int  # the SVG's size
    height: int
    alt: str  # its text alternative
    # Its marks with tooltips, left to right, as JSON text: [[x, y, [[title, text], …]], …]
    # (read by chart_points; as text, thousands of charts' points take a tenth of the memory).
    points: str


def chart_points(entry: ChartEntry) -> list[ChartPoint]:
    return [ChartPoint(x=x, y=y, tip=tip) for x, y, tip in json.loads(entry.get("points", "[]"))]


Manifest = dict[str, ChartEntry]  # "<lang>/<kind>/<id>" -> its chart


def entry_json(key: str, entry: ChartEntry) -> str:
    """The chart `key`'s manifest entry as JSON (keys sorted, not ASCII-escaped), made
    once in this process while the entry is the same: pages quote it (site/views.py),
    and the build's state holds the whole manifest (build_state.py), some 15 MB of
    text at national scale."""
    known = _entry_texts.get(key)
    if known is None or (known[0] is not entry and known[0] != entry):
        known = _entry_texts[key] = (entry, json.dumps(entry, sort_keys=True, ensure_ascii=False))
    return known[1]


_entry_texts: dict[str, tuple[ChartEntry, str]] = {}  # by key: the entry and its JSON

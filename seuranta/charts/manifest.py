"""The chart manifest: which files each drawn chart has, for the pages that show it."""

from __future__ import annotations

from typing import TypedDict


class ChartEntry(TypedDict):
    """A chart in the manifest (`output.write_charts`)."""

    svg: str  # file names, relative to the charts folder
    spec: str
    inputs: str  # digest of what the chart is made from (output.chart_inputs)
    width: int  # the SVG's size
    height: int
    alt: str  # its text alternative


Manifest = dict[str, ChartEntry]  # "<lang>/<kind>/<id>" -> its chart

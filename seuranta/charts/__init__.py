"""Charts: a Vega-Lite spec per indicator and feedback record, drawn as SVG.

`specs` makes the specs with altair (one template per chart shape, filled with
each chart's texts and data); they are published as each chart's .vl.json. An
indicator's chart is drawn from its data in Python by `plot` (with `scales`,
`marks` and `placement`), laid out as Vega lays out its spec (tests/test_plot.py
compares the two); feedback bars and NPS
trends are drawn by Vega in Node (`drawing`, `svg/render.mjs`). `output` caches
Vega's drawings, adds their text alternatives and writes the chart files, listed
in the `manifest`.
"""

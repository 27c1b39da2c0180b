"""Charts: a Vega-Lite spec per indicator and feedback record, drawn as SVG.

`specs` makes the specs with altair (one template per chart shape, filled with
each chart's texts and data); `drawing` runs Vega in Node (`svg/render.mjs`) to
draw them; `output` caches the drawings, adds their text alternatives and
writes the chart files and the browser's Vega bundle, listed in the `manifest`.
"""

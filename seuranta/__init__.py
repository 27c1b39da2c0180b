"""Seuranta: a transparency portal for child and youth welfare plans.

The folders follow the flow of the data, in order:

    check/          read the CSV files and check them against the contract
    model/          the validated package as immutable objects
    status/         is each indicator on track, and why
    charts/         Vega-Lite specs and their SVG drawings
    site/           every page's HTML body, search entries, finishing touches
    opendata/       the published downloads (CSV, JSON, XLSX)
    mkdocs_adapter/ the one place that knows MkDocs (theme, navigation, search)

`build.py` runs the flow and swaps the new site in (`build_state.py`: what a
build leaves for the next); `cli.py` is the command line. Shared by every
stage: `settings` (thresholds, languages, paths), `i18n` (the fi/sv UI words),
`formatting` (numbers and dates the Finland way), `files` (writing files whole),
`digest` and `processes` (work in a process of its own).
Only `mkdocs_adapter` imports MkDocs.
"""

__version__ = "0.1.0"

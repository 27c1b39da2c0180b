"""Settings every stage shares: where the repository is, the site's languages,
and the privacy thresholds. One home, so a number is never written twice."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = REPO_ROOT / "datapackage.json"  # the tables' schemas: the data contract in machine form
HANDWRITTEN = REPO_ROOT / "docs"  # hand-written pages, per language

LANGUAGES = ("fi", "sv")
LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska"}  # in the language switch, in their own language

# Counts of clients from 1 to SMALL_COUNT_THRESHOLD - 1 are published only as
# suppressed (identifiable children); `seuranta validate/build --small-count N`.
SMALL_COUNT_THRESHOLD = 5
# Customer feedback from fewer respondents is not shown (privacy and reliability).
MIN_RESPONDENTS_SHOWN = 10

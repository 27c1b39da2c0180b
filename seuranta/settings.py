"""Settings every stage shares: where the repository is, the site's languages,
and the privacy thresholds. One home, so a number is never written twice."""

from __future__ import annotations

import os
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

# The address the site is published at, ending in "/". Canonical links, the hreflang
# alternates and the sitemaps are absolute URLs under it, and the Material theme's
# language switch fetches its sitemaps from there: a site served from another
# address works, but logs a blocked request. Set it for publishing with
# `seuranta build --site-url https://…/` or the SEURANTA_SITE_URL environment
# variable; the default is the address of the local preview (`make serve`).
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def site_url(given: str | None = None) -> str:
    """The site's address: `given` (build --site-url), else SEURANTA_SITE_URL, else the
    preview's; always with one trailing slash, as URLs under it are joined to it."""
    url = given or os.environ.get("SEURANTA_SITE_URL") or DEFAULT_SITE_URL
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"site URL must start with https:// or http://: {url!r}")
    return url.rstrip("/") + "/"

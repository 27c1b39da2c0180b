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

# --- Who publishes the site: FILL IN BEFORE PUBLISHING (README, "Ennen julkaisua") ---
# Named in the accessibility statement and the privacy notice (seuranta/site/statement.py).
# A value that is None is shown on those pages as "to be filled in before publishing",
# and `seuranta build` warns (unfilled_settings); never put a guessed address here.
#
# The accessibility feedback address: the law's feedback channel must work without
# a login, so it is an e-mail address (answered within 14 days).
FEEDBACK_EMAIL: str | None = None
# Optional: an issue form for the same feedback (e.g. the repository's
# "https://github.com/OWNER/REPO/issues/new"); it needs an account, so only beside the address.
FEEDBACK_FORM_URL: str | None = None
# Who maintains the site and answers the feedback, in each language.
OPERATOR: dict[str, str] | None = None  # e.g. {"fi": "Esimerkkiyhdistys ry", "sv": "Exempelföreningen rf"}
# The privacy notice's controller (rekisterinpitäjä / personuppgiftsansvarig): a legal
# person, its name in each language and a contact (an e-mail address or a postal address).
CONTROLLER: dict[str, str] | None = None  # e.g. {"fi": "…", "sv": "…"}
CONTROLLER_CONTACT: str | None = None
# The host and where it describes what its web servers log (the privacy notice says so):
# the deploy workflow (.github/workflows/deploy.yml) publishes with GitHub Pages.
HOST_NAME = "GitHub Pages (GitHub, Inc.)"
HOST_LOGS_URL = "https://docs.github.com/en/pages/getting-started-with-github-pages/about-github-pages#data-collection"
# The accessibility supervisory authority's e-mail address and telephone number, as
# its own website gives them (saavutettavuusvaatimukset.fi); the statement always
# links to that site, and adds these when they are filled in.
SUPERVISOR_EMAIL: str | None = None
SUPERVISOR_PHONE: str | None = None


def unfilled_settings() -> list[str]:
    """The names of the settings above that must be filled in before publishing and are not."""
    required = {"FEEDBACK_EMAIL": FEEDBACK_EMAIL, "OPERATOR": OPERATOR, "CONTROLLER": CONTROLLER,
                "CONTROLLER_CONTACT": CONTROLLER_CONTACT}
    return [name for name, value in required.items() if not value]

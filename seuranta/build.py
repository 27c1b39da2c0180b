"""Build the whole bilingual site: validate, generate pages, run MkDocs, swap in.

The new site is built beside the old one and only renamed into place when
every step succeeded, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .charts import ChartRenderer, write_browser_files, write_charts
from .downloads import write_downloads
from .html import esc
from .i18n import LANGUAGES, gettext
from .model import InvalidPackage, Package, load_package
from .pages import REPO_ROOT, nav, write_docs
from .status import all_statuses

BASE_CONFIG = REPO_ROOT / "mkdocs.yml"
LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska"}


class BuildFailed(Exception):
    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


def last_updated(package: Package) -> dt.date | None:
    """The newest date in the data: what a reader means by 'updated'."""
    dates = [o.period_end for o in package.observations]
    dates += [a.date for a in package.assessments if a.date]
    dates += [p.document_date for p in package.plans if p.document_date]
    return max(dates, default=None)


def language_config(package: Package, lang: str, work: Path, data_dir: Path) -> Path:
    config = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": gettext("site.name", lang),
        "site_description": gettext("home.description", lang),
        "docs_dir": str(work / "docs" / lang),
        "site_dir": str(work / "site" / lang),
        "theme": {"name": "material", "language": lang, "custom_dir": str(REPO_ROOT / "overrides")},
        "plugins": [
            {"search": {"lang": lang}},
            {"macros": {"modules": ["macros"], "on_error_fail": True,
                        "on_undefined": "strict", "render_by_default": True}},
        ],
        "extra": {
            "seuranta": {
                "data_dir": str(data_dir.resolve()),
                "lang": lang,
                "languages": [{"lang": code, "name": LANGUAGE_NAMES[code]} for code in LANGUAGES],
                "labels": {k: gettext(f"footer.{k}", lang) for k in
                           ("accessibility", "privacy", "data", "about", "licence")},
                "skip": gettext("nav.skip", lang),
                "charts": str(work / "charts.json"),
            },
            # `true`, not a list: Material then includes partials/alternate.html (our
            # per-page language switch) but prints no head links of its own, which
            # would point at the language roots; main.html prints per-page ones.
            "alternate": True,
        },
        "nav": nav(package, lang),
    }
    path = work / f"mkdocs.{lang}.yml"
    # JSON is valid YAML, and leaves no room for YAML's surprises in data text.
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run_mkdocs(config_file: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
    try:
        cfg = load_config(config_file=str(config_file), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as e:
        raise BuildFailed(f"MkDocs build failed ({config_file.name}): {e}") from e


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>",
                            re.S)


def add_content_security_policy(site: Path) -> None:
    """Allow exactly the theme's own inline scripts (by hash), nothing from data or elsewhere."""
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        hashes = sorted({
            "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
            for m in _INLINE_SCRIPT.finditer(html)})
        policy = ("default-src 'self'; script-src 'self' " + " ".join(hashes) +
                  "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                  "object-src 'none'; base-uri 'self'; form-action 'self'")
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        page.write_text(html.replace("<meta charset=\"utf-8\">", f'<meta charset="utf-8">{meta}', 1),
                        encoding="utf-8")


EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def write_alternate_sitemaps(site: Path) -> None:
    """Material's script fetches `sitemap.xml` beside every `<link rel="alternate">`
    target, expecting language roots; ours point at the same page in the other
    language (correct hreflang). An empty sitemap there answers that request
    instead of a 404 in every reader's console; the language switch needs no data.
    """
    for code in LANGUAGES:
        for page in (site / code).rglob("index.html"):
            if page.parent != site / code and not (page.parent / "sitemap.xml").exists():
                (page.parent / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")


def write_root_pages(site: Path) -> None:
    """The language chooser at /, and one bilingual 404 page.

    MkDocs writes a 404 page per language that assumes it is served from the
    site root, which ours are not; a single root 404 with absolute links is
    what a web server can serve for any missing URL.
    """
    for code in LANGUAGES:
        (site / code / "404.html").unlink(missing_ok=True)
    _write_simple_page(site / "index.html", "", "Seuranta – valitse kieli / välj språk",
                       "Valitse kieli.", "Välj språk.")
    _write_simple_page(site / "404.html", "/", "Sivua ei löydy / Sidan hittades inte",
                       "Sivua ei löydy. Valitse kieli ja jatka etusivulta.",
                       "Sidan hittades inte. Välj språk och fortsätt från startsidan.")


def _write_simple_page(path: Path, prefix: str, title: str, fi: str, sv: str) -> None:
    links = "".join(
        f'<li><a href="{prefix}{code}/" hreflang="{code}" lang="{code}">'
        f"{esc(LANGUAGE_NAMES[code])}</a></li>" for code in LANGUAGES)
    alternates = "".join(f'<link rel="alternate" hreflang="{c}" href="{prefix}{c}/">'
                         for c in LANGUAGES)
    path.write_text(
        "<!doctype html>\n"
        '<html lang="fi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        '<meta name="description" content="Lasten ja nuorten hyvinvointisuunnitelmien seuranta. '
        'Uppföljning av planerna för barns och ungas välfärd.">'
        f"{alternates}"
        "<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
        "padding:0 1rem;color:#1a1a1a}a{color:#0b4f8a}li{margin:.5rem 0}</style></head>"
        '<body><main><h1>Seuranta <span lang="sv">– Uppföljning</span></h1>'
        f'<p>{esc(fi)} <span lang="sv">{esc(sv)}</span></p>'
        f"<ul>{links}</ul></main></body></html>\n",
        encoding="utf-8")


@contextmanager
def _step(timings: dict | None, name: str):
    start = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def build_site(data_dir: Path, out: Path, lang: str = "fi", timings: dict | None = None) -> Path:
    """Build the site into `out`; `timings`, when given, receives seconds per step."""
    data_dir, out = Path(data_dir).resolve(), Path(out).resolve()
    try:
        with _step(timings, "validate and load"):
            package = load_package(data_dir)
    except InvalidPackage as e:
        raise BuildFailed("invalid data", e.report) from e
    updated = last_updated(package)
    if updated:  # timestamps MkDocs writes (sitemap) come from the data, not the clock
        os.environ["SOURCE_DATE_EPOCH"] = str(
            int(dt.datetime.combine(updated, dt.time(), dt.UTC).timestamp()))
    work = out.parent / f".{out.name}.work"
    staging = work / "site"
    if staging.exists():
        shutil.rmtree(staging)
    renderer = ChartRenderer(work / "chart-cache")
    with _step(timings, "charts (specs and SVG)"):
        manifest = write_charts(package, staging / "charts", renderer)
        write_browser_files(staging)
    if timings is not None:
        timings["charts rendered / reused"] = f"{renderer.rendered} / {renderer.reused}"
    (work / "charts.json").write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    for code in LANGUAGES:
        with _step(timings, "pages (MkDocs, both languages)"):
            write_docs(package, code, work / "docs" / code)
            run_mkdocs(language_config(package, code, work, data_dir))
    with _step(timings, "downloads, CSP, swap"):
        statuses = list(all_statuses(package).values())
        write_downloads(data_dir, staging / "data", [g.id for g in package.goals], statuses)
        write_root_pages(staging)
        write_alternate_sitemaps(staging)
        add_content_security_policy(staging)
        _swap(staging, out)
    return out


def _swap(new: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    new.rename(out)
    if old.exists():
        shutil.rmtree(old)

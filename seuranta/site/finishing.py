"""The site's last touches: a Content-Security-Policy for every page, the language
chooser and bilingual 404 page at the root, the sitemap index and robots.txt at the
root, and the small sitemaps the theme's language switch asks for."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from seuranta.files import put_text
from seuranta.settings import LANGUAGE_NAMES, LANGUAGES
from seuranta.site.html import esc


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>",
                            re.S)


def with_content_security_policy(html: str) -> str:
    """The page with a Content-Security-Policy after `<meta charset="utf-8">`: exactly
    its own inline scripts (the theme's) are allowed, by hash, nothing from data or
    elsewhere. MkDocs' pages get it as MkDocs writes them (mkdocs_adapter/hooks.py),
    Seuranta's own (embed pages, root pages) as they are written."""
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(html)})
    policy = ("default-src 'self'; script-src 'self' " + " ".join(hashes) +
              "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
              "object-src 'none'; base-uri 'self'; form-action 'self'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace('<meta charset="utf-8">', f'<meta charset="utf-8">{meta}', 1)


EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def write_alternate_sitemaps(site: Path, urls: Mapping[str, Iterable[str]]) -> None:
    """Material's script fetches `sitemap.xml` beside every `<link rel="alternate">`
    target, expecting language roots; ours point at the same page in the other
    language (correct hreflang). An empty sitemap there answers that request
    instead of a 404 in every reader's console; the language switch needs no data.
    Embed pages have neither the script nor alternates: none there.

    `urls`: by language, the pages rendered now (a rebuild keeps the other pages'
    sitemaps as they were).
    """
    for code in LANGUAGES:
        root = site / code
        for folder in (root / url for url in urls[code]):
            if folder.name == "embed" or folder == root or not (folder / "index.html").is_file():
                continue
            if not (folder / "sitemap.xml").exists():
                (folder / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")


def write_sitemap_index(site: Path, site_url: str) -> None:
    """One sitemap index at the root, naming each language's sitemap (MkDocs writes
    one per language sub-site) and one for the language chooser; robots.txt names it."""
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n'
    sitemaps = ["sitemap-root.xml"] + [f"{code}/sitemap.xml" for code in LANGUAGES]
    put_text(site / "sitemap.xml",
             xml + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             + "".join(f"<sitemap><loc>{esc(site_url + name)}</loc></sitemap>\n" for name in sitemaps)
             + "</sitemapindex>\n")
    alternates = "".join(f'<xhtml:link rel="alternate" hreflang="{code}" href="{esc(site_url)}{code}/"/>'
                         for code in LANGUAGES)
    put_text(site / "sitemap-root.xml",
             xml + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
             f"<url><loc>{esc(site_url)}</loc>{alternates}</url>\n</urlset>\n")
    put_text(site / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n")


def write_root_pages(site: Path, site_url: str) -> None:
    """The language chooser at /, and one bilingual 404 page.

    MkDocs writes a 404 page per language that assumes it is served from the
    site root, which ours are not; a single root 404 with absolute links is
    what a web server can serve for any missing URL.
    """
    for code in LANGUAGES:
        (site / code / "404.html").unlink(missing_ok=True)
    _write_simple_page(site / "index.html", "", site_url, "Seuranta – valitse kieli / välj språk",
                       "Valitse kieli.", "Välj språk.")
    _write_simple_page(site / "404.html", "/", None, "Sivua ei löydy / Sidan hittades inte",
                       "Sivua ei löydy. Valitse kieli ja jatka etusivulta.",
                       "Sidan hittades inte. Välj språk och fortsätt från startsidan.")


def _write_simple_page(path: Path, prefix: str, site_url: str | None, title: str, fi: str, sv: str) -> None:
    """`site_url`: the page's own address, for its canonical and alternate links
    (None for the 404 page, which has no address of its own)."""
    links = "".join(
        f'<li><a href="{prefix}{code}/" hreflang="{code}" lang="{code}">'
        f"{esc(LANGUAGE_NAMES[code])}</a></li>" for code in LANGUAGES)
    head_links = ""
    if site_url is not None:
        head_links = f'<link rel="canonical" href="{esc(site_url)}">' + "".join(
            f'<link rel="alternate" hreflang="{c}" href="{esc(site_url)}{c}/">' for c in LANGUAGES
        ) + f'<link rel="alternate" hreflang="x-default" href="{esc(site_url)}">'
    put_text(path, with_content_security_policy(
        "<!doctype html>\n"
        '<html lang="fi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        '<meta name="description" content="Lasten ja nuorten hyvinvointisuunnitelmien seuranta. '
        'Uppföljning av planerna för barns och ungas välfärd.">'
        f"{head_links}"
        "<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
        "padding:0 1rem;color:#1a1a1a}a{color:#0b4f8a}li{margin:.5rem 0}</style></head>"
        '<body><main><h1>Seuranta <span lang="sv">– Uppföljning</span></h1>'
        f'<p>{esc(fi)} <span lang="sv">{esc(sv)}</span></p>'
        f"<ul>{links}</ul></main></body></html>\n"))

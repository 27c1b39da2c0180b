"""The standalone HTML document of an indicator's embed page (pages.py, Page.embed).

Written into the built site by Seuranta, not by MkDocs: a page for an <iframe> in
another site needs none of the theme (navigation, header, footer, search, scripts),
and thousands of them would double MkDocs' work. It has a Content-Security-Policy,
as every page has (finishing.with_content_security_policy).
"""

from __future__ import annotations

from pathlib import Path

from seuranta.files import put_new
from seuranta.i18n import gettext
from seuranta.site.finishing import with_content_security_policy
from seuranta.site.html import esc

# Only what the chart, the table and the source line need; no web fonts, nothing from elsewhere.
_STYLE = (
    "body{margin:0;padding:.75rem;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:#1a1a1a;background:#fff}"
    "h1{font-size:1.15rem;line-height:1.3;margin:0 0 .5rem;font-weight:600}"
    "a{color:#0b4f8a}a:focus-visible,[tabindex]:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}"
    "figure{margin:0 0 .75rem}figure img{max-width:100%;height:auto}"
    "figcaption,p{font-size:.875rem;margin:.25rem 0}"
    ".sr-scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;font-size:.875rem;margin:.5rem 0}"
    "caption{text-align:left;font-weight:600;padding-bottom:.25rem}"
    "th,td{border-bottom:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    ".sr-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".sr-untranslated,.sr-preliminary{color:#4d4d4d}"
)


def embed_document(title: str, description: str, body: str, lang: str) -> str:
    """The whole page: `title` and `description` are plain text, `body` the rendered
    HTML (render.embed_page). Kept out of search engines: the page it comes from is
    the one to find."""
    return ("<!doctype html>\n"
            f'<html lang="{esc(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="robots" content="noindex">'
            f"<title>{esc(title)}</title>"
            f'<meta name="description" content="{esc(description)}">'
            '<link rel="icon" href="../../../assets/images/favicon.png">'  # the theme's, in the language's root
            f"<style>{_STYLE}</style></head>"
            f"<body><main>{body}</main>"
            # The statement is linked from every page of the site, this one too (306/2019).
            f'<footer><p><a href="../../../tietoa/saavutettavuus/" target="_blank" rel="noopener">'
            f'{esc(gettext("statement.title", lang))}</a></p></footer></body></html>\n')


def write_embed_page(path: Path, title: str, description: str, body: str, lang: str) -> None:
    """Write one embed page (the build moves it to {lang}/{url}/index.html: pages.move_embed_pages)
    into the folder write_docs made empty."""
    put_new(path, with_content_security_policy(embed_document(title, description, body, lang)).encode())

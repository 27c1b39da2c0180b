"""Search index entries for the generated pages, made from their HTML bodies.

The theme's search plugin would parse every page's full HTML (data tables
included), which at national scale costs more than rendering the pages. We
know the bodies' structure, so we index them here in the theme's format — one
entry for the page and one per h2/h3 section, text without data tables — and
the theme's plugin indexes only the hand-written pages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TypedDict

from seuranta.files import file_identity, put_text

_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
# Data tables and chart figures repeat what the text says; they would bloat the index.
_SKIPPED = re.compile(r"<(table|figure|details|script|style)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class SearchEntry(TypedDict):
    """An entry of the theme's search index: a page or one of its sections."""

    location: str  # URL relative to the language root, with #section
    title: str  # escaped HTML, like the theme's own
    text: str


def _plain(fragment: str) -> str:
    # Escaped like the theme's own entries: its search results are shown as HTML.
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()
    return html.escape(text, quote=False)


def page_entries(url: str, title: str, body: str) -> list[SearchEntry]:
    """Entries for one page: {"location", "title", "text"}, like the theme's own;
    `title` is plain text."""
    body = _SKIPPED.sub(" ", body)
    body = re.sub(r"<h1\b.*?</h1>", " ", body, count=1, flags=re.S)
    cuts = list(_HEADING.finditer(body))
    entries: list[SearchEntry] = [{"location": url, "title": html.escape(title, quote=False),
                "text": _plain(body[:cuts[0].start()] if cuts else body)}]
    for n, m in enumerate(cuts):
        end = cuts[n + 1].start() if n + 1 < len(cuts) else len(body)
        entries.append({"location": f"{url}#{m.group(2)}", "title": _plain(m.group(3)),
                        "text": _plain(body[m.end():end])})
    return entries


def page_url(path: str) -> str:
    """The URL (relative to the language root) of a docs page, with directory URLs."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def live_entries(index_file: Path, lang: str) -> list[SearchEntry]:
    """The entries of the language's search index file written by add_entries: kept
    from when this process wrote it, while the file is that one (a rebuild in
    seuranta serve), else read."""
    written = _written.get(lang)
    if written is not None and written[0] == file_identity(index_file):
        return written[1]
    docs: list[SearchEntry] = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    return docs


def add_entries(index_file: Path, entries: list[SearchEntry], lang: str) -> None:
    """Append our entries to the theme's search index file of the language (as
    json.dumps writes it, compactly; 3.6 MB a language at national scale)."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs: list[SearchEntry] = index["docs"] + entries
    parts = [f"{_json(key)}:{_json(value)}" for key, value in index.items() if key != "docs"]
    parts.append(f'"docs":{_json(docs)}')
    put_text(index_file, "{" + ",".join(parts) + "}")
    _written[lang] = (file_identity(index_file), docs)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# By language, the search index this process wrote last: the file's identity (the
# live site's is the staging site's, renamed) and its entries. (Not their JSON texts
# too: 13 MB at national scale, kept between the builds of seuranta serve, to save
# 0.03 s a language of writing the index again.)
_written: dict[str, tuple[tuple[int, ...] | None, list[SearchEntry]]] = {}

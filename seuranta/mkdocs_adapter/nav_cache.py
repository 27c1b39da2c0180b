"""The navigation's sections drawn once for many pages (overrides/partials/nav.html).

mkdocs-material draws the whole navigation on every page: with a section per
organisation, that was half of MkDocs' time at national scale (4.3–4.6 s a language
before, 2.2–2.4 s now), and most of it drew the same sections again. A
top-level section the page is not in is drawn the same on every page but for its
links, which MkDocs makes relative to the page (the `url` filter): when no link of
the section shares its first folder with the page's address, they differ only by
the page's depth ("../" once per folder). Such a section is drawn once per depth,
by the theme's own macro, and reused. (tests/test_nav_cache.py builds a site with
and without this and compares every page, byte for byte.)
"""

from __future__ import annotations

from typing import Any


class NavCache:
    """The drawings of the navigation's top-level items for one MkDocs build."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, int], str] = {}
        self._firsts: dict[str, set[str]] = {}  # item's path -> its links' first folders

    def key(self, item: Any, path: str, page: Any) -> tuple[str, int] | None:
        """The item's drawing's key on this page: its place in the navigation and the
        page's depth; None where it must be drawn for the page alone (the page is in
        it, or some link of it starts in the page's first folder)."""
        if page is None or getattr(item, "active", False):
            return None
        folders = _folders(page.url)
        if folders and folders[0] in self._first_folders(item, path):
            return None
        return path, len(folders)

    def get(self, key: tuple[str, int]) -> str | None:
        return self._made.get(key)

    def keep(self, key: tuple[str, int], drawn: str) -> str:
        """(`drawn` as the macro gives it: Markup when the theme escapes, kept so.)"""
        self._made[key] = drawn
        return drawn

    def _first_folders(self, item: Any, path: str) -> set[str]:
        if path not in self._firsts:
            found: set[str] = set()
            stack = [item]
            while stack:
                it = stack.pop()
                stack.extend(getattr(it, "children", None) or ())
                url = getattr(it, "url", None)
                if isinstance(url, str) and (folders := _folders(url)):
                    found.add(folders[0])
            self._firsts[path] = found
        return self._firsts[path]


def _folders(url: str) -> list[str]:
    """The folders of an address as mkdocs.utils.get_relative_url counts them (the last
    part dropped when it names a file)."""
    folder, _, last = url.rpartition("/")
    if "." in last:
        url = folder
    return [part for part in url.split("/") if part and part != "."]

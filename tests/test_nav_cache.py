"""The navigation's sections drawn once per depth of page (mkdocs_adapter/nav_cache.py,
overrides/partials/nav.html): the site is the one the theme's own navigation makes."""

from __future__ import annotations

import shutil

import pytest
from conftest import SITE_DATA

ADDRESS = "https://seuranta.example/"


def _files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow  # builds two sites
def test_the_navigation_drawn_once_a_depth_is_the_theme_s_own_byte_for_byte(tmp_path, monkeypatch):
    from seuranta.build import build_site
    from seuranta.mkdocs_adapter import config, nav_cache

    reused: list[tuple[str, int]] = []  # (the section's place, the page's depth) of each drawing used again
    get = nav_cache.NavCache.get

    def get_and_count(self, key):
        drawn = get(self, key)
        if drawn is not None:
            reused.append(key)
        return drawn

    monkeypatch.setattr(nav_cache.NavCache, "get", get_and_count)
    monkeypatch.setenv("SEURANTA_SITE_URL", ADDRESS)  # (a build sets it for its processes: put back after)
    build_site(SITE_DATA, tmp_path / "cached", site_url=ADDRESS)
    # The theme's own partials/nav.html: Seuranta's other overrides, without its nav.html.
    theirs = tmp_path / "overrides"
    shutil.copytree(config.OVERRIDES, theirs)
    (theirs / "partials" / "nav.html").unlink()
    monkeypatch.setattr(config, "OVERRIDES", theirs)
    build_site(SITE_DATA, tmp_path / "theme", site_url=ADDRESS)

    cached, theme = _files(tmp_path / "cached"), _files(tmp_path / "theme")
    assert sorted(cached) == sorted(theme)
    differing = [name for name in cached if cached[name] != theme[name]]
    assert differing == [], differing[:5]
    # (Sections were drawn once and shown again, on pages at several depths.)
    assert len({depth for _, depth in reused}) >= 3


def _navigation(tmp_path):
    """A real MkDocs navigation: a home page; sections S and T, each with a page in
    folder x/; section Y with pages one and two folders deep."""
    import io

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    docs = tmp_path / "docs"
    for name in ("index.md", "x/one.md", "x/two.md", "y/index.md", "y/deep/page.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# Otsikko\n", encoding="utf-8")
    config = load_config(config_file=io.StringIO(
        f"site_name: t\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        "nav:\n  - Home: index.md\n  - S: [x/one.md]\n  - T: [x/two.md]\n  - Y: [y/index.md, y/deep/page.md]\n"))
    files = get_files(config)
    return get_navigation(files, config), files


def test_a_section_is_drawn_for_the_page_alone_where_its_links_would_differ(tmp_path):
    from seuranta.mkdocs_adapter.nav_cache import NavCache

    nav, files = _navigation(tmp_path)
    home, s, t, y = nav.items
    one, two, deep = (files.get_file_from_path(name).page for name in ("x/one.md", "x/two.md", "y/deep/page.md"))
    cache = NavCache()

    def key(section, page):
        page.active = True  # as MkDocs marks the page it renders, and the page's sections
        try:
            return cache.key(section, f"__nav_{nav.items.index(section) + 1}", page)
        finally:
            page.active = False

    # The page's own section: drawn for it alone.
    assert key(t, two) is None
    # S's link (x/one/) starts in the page's first folder: relative to x/two/ it is
    # ../one/, not the ../../x/one/ it is on other pages two folders deep.
    assert key(s, two) is None
    # Y shares no folder with x/one/ or x/two/: drawn once for both (two folders deep).
    assert key(y, one) == key(y, two) is not None
    # S on a page three folders deep, and on the home page: other drawings.
    assert None is not key(s, deep) != key(s, home) is not None
    assert key(s, deep) != key(y, two)

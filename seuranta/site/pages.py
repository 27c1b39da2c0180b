"""The site's page tree per language: Markdown stubs plus pre-rendered bodies.

A stub is front matter only (an escaped title and description); the page's
HTML body is rendered here by `render`. MkDocs gets the stubs from memory and
the bodies from one file (mkdocs_adapter/hooks.py: no file per page, whose
thousands of files and folders cost more to create than to fill), and its
`on_page_context` hook puts each body in place after Markdown. So data text
never passes through Markdown or Jinja, and Python-Markdown does not re-parse
large HTML bodies. Each page's digest lets the build render again only the
pages that differ from the live site.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeAlias, TypedDict

from seuranta.charts.manifest import Manifest
from seuranta.site import render
from seuranta.model.comparison import comparisons
from seuranta.digest import digest
from seuranta.site.data_page import data_page
from seuranta.site.embed import write_embed_page
from seuranta.site.search import SearchEntry, page_entries, page_url
from seuranta.site.html import esc
from seuranta.site.views import PageView, embed_view, feedback_embed_view, goal_view, plan_view
from seuranta.i18n import gettext
from seuranta.model.package import Package, plain
from seuranta.site.render import goal_name, org_name_plain



@dataclass(frozen=True)
class Page:
    path: str  # relative to the language's docs dir, e.g. "pohjois-karjala/index.md"
    title: str  # plain text
    description: str
    body: Callable[[], str] | None = None  # renders the page's HTML body (a page without a view)
    view: Callable[[], PageView] | None = None  # makes the page's view: it renders the body, its digest
    #                                             says whether the body changed (views.py)
    # A page for embedding elsewhere (an indicator's or a feedback result's chart, or a
    # comparison, with its table, source and licence):
    # not given to MkDocs but written by embed.py, so it has none of the theme and is
    # in no navigation, search index or sitemap.
    embed: bool = False

    def render(self) -> str:
        """The page's HTML body."""
        if self.view:
            return self.view().render()
        assert self.body, f"{self.path}: a page has a body or a view"
        return self.body()


def _stub(page: Page) -> str:
    # JSON strings are valid YAML; titles are HTML-escaped because the theme
    # prints page titles into the navigation without escaping. The search index
    # entries of generated pages are made from their bodies (search.py), so the
    # theme's search plugin need not parse them.
    title = json.dumps(esc(page.title), ensure_ascii=False)
    description = json.dumps(esc(page.description), ensure_ascii=False)  # printed raw in <meta> too
    return f"---\ntitle: {title}\ndescription: {description}\nsearch:\n  exclude: true\n---\n"



SEARCH_PAGE = "haku.md"  # /{lang}/haku/: the only page with the search form (partials/header.html)


def site_pages(package: Package, lang: str, charts: Manifest, updated: dt.date | None) -> list[Page]:
    """Every generated page; `charts` is the chart manifest, `updated` the data's newest date."""
    pages = [Page("index.md", gettext("home.title", lang), gettext("home.description", lang),
                  partial(render.home_page, package, lang, updated)),
             Page(SEARCH_PAGE, gettext("searchpage.title", lang), gettext("searchpage.description", lang),
                  partial(render.search_page, lang))]
    for o in package.organisations:
        plans = package.plans_of(o.id)
        if not plans:
            continue
        name = org_name_plain(package, o.id, lang)
        pages.append(Page(f"{o.id}/index.md", name,
                          gettext("org.description", lang, name=name),
                          partial(render.organisation_page, package, o.id, lang)))
        for p in plans:
            title = plain(p.title, lang)
            pages.append(Page(f"{o.id}/{p.id}/index.md", title,
                              gettext("plan.description", lang, title=title, name=name),
                              view=partial(plan_view, package, p.id, lang, charts)))
            for g in package.goals_of(p.id):
                gt = goal_name(package, g, lang)
                pages.append(Page(f"{o.id}/{p.id}/{g.id}/index.md", gt,
                                  gettext("goal.description", lang, title=title),
                                  view=partial(goal_view, package, g.id, lang, charts)))
    for i in package.indicators:
        name = org_name_plain(package, package.plan(i.plan_id).organisation_id, lang)
        pages.append(Page(embed_page_path(i.id), f"{plain(i.name, lang)} – {name}",
                          gettext("embed.description", lang),
                          view=partial(embed_view, package, i, lang, charts), embed=True))
    for f in render.embeddable_feedback(package):
        name = org_name_plain(package, f.organisation_id, lang)
        pages.append(Page(feedback_embed_page_path(f.id), f"{plain(f.service, lang)} – {name}",
                          gettext("embed.description_feedback", lang),
                          view=partial(feedback_embed_view, package, f, lang, charts), embed=True))
    found = comparisons(package)
    if found:
        pages.append(Page("vertailu/index.md", gettext("compare.index_title", lang),
                          gettext("compare.index_intro", lang), partial(render.comparisons_index, package, lang)))
        for c in found:
            title = f"{gettext('compare.title', lang)}: {plain(c.indicators[0].name, lang)}"
            pages.append(Page(f"vertailu/{c.slug}/index.md", title,
                              gettext("compare.intro", lang, id=c.sotkanet_id),
                              partial(render.comparison_page, package, c.slug, lang)))
            pages.append(Page(comparison_embed_page_path(c.slug), title, gettext("embed.description_compare", lang),
                              partial(render.comparison_embed_page, package, c.slug, lang), embed=True))
    pages.append(Page("tietoa/menetelma.md", gettext("method.title", lang),
                      gettext("method.description", lang), partial(render.methodology_page, lang)))
    pages.append(Page("tietoa/data.md", gettext("datapage.title", lang), gettext("datapage.description", lang),
                      partial(data_page, package, lang)))  # made from the table schemas (site/data_page.py)
    return pages


def embed_page_path(indicator_id: str) -> str:
    """The indicator's embed page (render.embed_path is its URL)."""
    return f"mittarit/{indicator_id}/embed/index.md"


def feedback_embed_page_path(feedback_id: str) -> str:
    """A feedback result's embed page (render.feedback_embed_path is its URL)."""
    return f"palaute/{feedback_id}/embed/index.md"


def comparison_embed_page_path(slug: str) -> str:
    """A comparison table's embed page (render.comparison_embed_path is its URL)."""
    return f"vertailu/{slug}/embed/index.md"


def move_embed_pages(embed_dir: Path, embeds: dict[str, str], site_lang: Path) -> None:
    """Move the embed pages written this time (write_docs: file name in `embed_dir` ->
    the page's URL) into the language's built site, after MkDocs (which empties the
    folder on a full build)."""
    for name, url in embeds.items():
        target = site_lang / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        (embed_dir / name).replace(target)  # a new file, never a write through a link to the live site


class LivePages(TypedDict):
    """What the live site's pages were made from, by page path."""

    digests: dict[str, str]  # of each page's stub and body (or hand-written text)
    inputs: dict[str, str]  # of each generated body's inputs, where known


@dataclass(frozen=True)
class Bodies:
    """The bodies of the generated pages rendered this time, one after the other in one
    file (a language's are some 50 MB at national scale: not kept in memory)."""

    path: Path
    spans: dict[str, tuple[int, int]]  # page path -> where its UTF-8 text starts, and its length

    def read(self, page_path: str) -> str | None:
        """The page's body, if it was rendered this time."""
        span = self.spans.get(page_path)
        if span is None:
            return None
        with self.path.open("rb") as file:
            file.seek(span[0])
            return file.read(span[1]).decode("utf-8")


@dataclass(frozen=True)
class Docs:
    pages: list[Page]
    # The search entries of the generated pages rendered this time (but those for embedding)
    entries: dict[str, list[SearchEntry]]
    # The pages for embedding rendered this time: file name in the embed folder -> URL.
    # (One folder of files, not a tree: a tree's thousands of folders, left empty by
    # the move, took a second per language to remove at the next build.)
    embeds: dict[str, str]
    digests: dict[str, str]  # page path -> digest of its stub and body (or hand-written text)
    inputs: dict[str, str]  # page path -> digest of the body's inputs, where known
    sources: dict[str, str]  # generated page path (but those for embedding) -> its stub
    bodies: Bodies  # the generated pages' bodies rendered this time


def write_docs(pages: list[Page], lang: str, bodies_file: Path, embed_dir: Path, handwritten: Path,
               live: LivePages | None = None, navigation_changed: bool = False) -> Docs:
    """A stub per generated page (`pages`, from site_pages) and the bodies of those
    rendered now, written one after the other into `bodies_file`; the digests of the
    hand-written pages of handwritten/<lang>/ (settings.HANDWRITTEN) besides. Pages for
    embedding are written whole into `embed_dir` (move_embed_pages puts them in the site).

    `live` holds the "digests" and "inputs" of the pages the live site was built
    from; a page whose inputs are unchanged is not rendered again (it has no
    `entries` and no body, and its digest is the live one). With `navigation_changed`,
    every page MkDocs renders is rendered again (each shows the navigation); a page for
    embedding, which has none, still only when its inputs changed. Each page's view and
    body are let go as soon as it is written."""
    live = live or {"digests": {}, "inputs": {}}
    shutil.rmtree(embed_dir, ignore_errors=True)  # left by a failed build
    sources = {p.path: _stub(p) for p in pages if not p.embed}  # (an embed page's: made when it is rendered)
    inputs: dict[str, str] = {}
    entries: dict[str, list[SearchEntry]] = {}
    embeds: dict[str, str] = {}
    digests: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    bodies_file.parent.mkdir(parents=True, exist_ok=True)
    with bodies_file.open("wb") as bodies:
        for p in pages:
            view = p.view() if p.view else None
            if view is not None:
                inputs[p.path] = view.digest
                if (live["inputs"].get(p.path) == view.digest and p.path in live["digests"]
                        and (p.embed or not navigation_changed)):
                    digests[p.path] = live["digests"][p.path]
                    continue
            body = view.render() if view is not None else p.render()
            digests[p.path] = digest((sources[p.path] if not p.embed else _stub(p)) + "\0" + body)
            if p.embed:  # written into the site by the build (move_embed_pages)
                name = f"{len(embeds)}.html"
                write_embed_page(embed_dir / name, p.title, p.description, body, lang)
                embeds[name] = page_url(p.path)
            else:
                text = body.encode("utf-8")
                spans[p.path] = (bodies.tell(), len(text))
                bodies.write(text)
                entries[p.path] = page_entries(page_url(p.path), p.title, body)
    source = handwritten / lang
    for f in sorted(source.rglob("*")):
        rel = f.relative_to(source).as_posix()
        if f.is_file() and rel not in sources:  # (a generated page takes its path)
            digests[rel] = digest(f.read_text(encoding="utf-8") + "\0")
    return Docs(pages, entries, embeds, digests, inputs, sources, Bodies(bodies_file, spans))


# MkDocs' navigation: a page ("tietoa/data.md"), a titled page ({title: path}) or a
# titled section ({title: [items]}).
NavItem: TypeAlias = str | dict[str, "str | list[NavItem]"]


def nav(package: Package, lang: str, pages: list[Page]) -> list[NavItem]:
    """The navigation of `pages` (from site_pages): sections per organisation and
    plan, escaped titles.

    Every generated page is listed with its title, so a page rebuilt alone
    (see build.py) still names the pages it was not rebuilt with."""
    titles = {p.path: esc(p.title) for p in pages}

    def entry(path: str) -> NavItem:
        return {titles[path]: path}

    items: list[NavItem] = [entry("index.md"), entry(SEARCH_PAGE)]
    for o in package.organisations:
        plans = package.plans_of(o.id)
        if not plans:
            continue
        plan_items: list[NavItem] = [entry(f"{o.id}/index.md")]
        for p in plans:
            goals = [entry(f"{o.id}/{p.id}/{g.id}/index.md") for g in package.goals_of(p.id)]
            plan_items.append({esc(plain(p.title, lang)): [entry(f"{o.id}/{p.id}/index.md"), *goals]})
        items.append({esc(org_name_plain(package, o.id, lang)): plan_items})
    found = comparisons(package)
    if found:
        items.append({esc(gettext("compare.index_title", lang)):
                      [entry("vertailu/index.md"), *[entry(f"vertailu/{c.slug}/index.md") for c in found]]})
    items.append({esc(gettext("nav.about", lang)): [
        "tietoa/index.md", entry("tietoa/menetelma.md"), entry("tietoa/data.md"), "tietoa/tietosuoja.md",
        "tietoa/saavutettavuus.md"]})
    return items

"""The site's page tree per language: Markdown stubs that call the macros.

A stub holds no data text except an escaped title and description in its front
matter; the body is one macro call into `render`. Files are written only when
their content changes, so `mkdocs serve` does not rebuild in a loop.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .comparison import comparisons
from .html import esc, plain
from .i18n import gettext
from .model import Package
from .render import goal_label, org_name_plain

REPO_ROOT = Path(__file__).resolve().parent.parent
HANDWRITTEN = REPO_ROOT / "docs"


@dataclass(frozen=True)
class Page:
    path: str  # relative to the language's docs dir, e.g. "pohjois-karjala/index.md"
    title: str  # plain text
    description: str
    call: str  # the macro call, e.g. goal("pk-lnhs-t1")


def _stub(page: Page) -> str:
    # JSON strings are valid YAML; titles are HTML-escaped because the theme
    # prints page titles into the navigation without escaping.
    title = json.dumps(esc(page.title), ensure_ascii=False)
    description = json.dumps(page.description, ensure_ascii=False)
    return f"---\ntitle: {title}\ndescription: {description}\n---\n\n{{{{ {page.call} }}}}\n"


def site_pages(package: Package, lang: str) -> list[Page]:
    pages = [Page("index.md", gettext("home.title", lang), gettext("home.description", lang),
                  "home_page()")]
    for o in package.organisations:
        plans = package.plans_of(o.id)
        if not plans:
            continue
        name = org_name_plain(package, o.id, lang)
        pages.append(Page(f"{o.id}/index.md", name,
                          gettext("org.description", lang, name=name),
                          f'organisation_page("{o.id}")'))
        for p in plans:
            title = plain(p.title, lang)
            pages.append(Page(f"{o.id}/{p.id}/index.md", title,
                              gettext("plan.description", lang, title=title, name=name),
                              f'plan_page("{p.id}")'))
            for g in package.goals_of(p.id):
                gt = f"{goal_label(g, lang)}: {plain(g.title, lang)}"
                pages.append(Page(f"{o.id}/{p.id}/{g.id}/index.md", gt,
                                  gettext("goal.description", lang, title=title),
                                  f'goal_page("{g.id}")'))
    found = comparisons(package)
    if found:
        pages.append(Page("vertailu/index.md", gettext("compare.index_title", lang),
                          gettext("compare.index_intro", lang), "comparisons_index()"))
        for c in found:
            title = f"{gettext('compare.title', lang)}: {plain(c.indicators[0].name, lang)}"
            pages.append(Page(f"vertailu/{c.slug}/index.md", title,
                              gettext("compare.intro", lang, id=c.sotkanet_id),
                              f'comparison_page("{c.slug}")'))
    pages.append(Page("tietoa/menetelma.md", gettext("method.title", lang),
                      gettext("method.description", lang), "methodology_page()"))
    return pages


def write_if_changed(path: Path, content: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def write_docs(package: Package, lang: str, docs_dir: Path) -> list[Page]:
    """Hand-written pages of docs/<lang>/ plus one stub per generated page."""
    pages = site_pages(package, lang)
    wanted = {p.path: _stub(p) for p in pages}
    source = HANDWRITTEN / lang
    for f in sorted(source.rglob("*")):
        if f.is_file():
            wanted[str(f.relative_to(source))] = f.read_text(encoding="utf-8")
    for rel, content in wanted.items():
        write_if_changed(docs_dir / rel, content)
    for f in sorted(docs_dir.rglob("*.md")):  # pages whose data was removed
        if str(f.relative_to(docs_dir)) not in wanted:
            f.unlink()
    for d in sorted(docs_dir.rglob("*"), reverse=True):
        if d.is_dir() and not any(d.iterdir()):
            shutil.rmtree(d)
    return pages


def nav(package: Package, lang: str) -> list:
    """The navigation: sections per organisation and plan, escaped titles."""
    items: list = [{esc(gettext("home.title", lang)): "index.md"}]
    for o in package.organisations:
        plans = package.plans_of(o.id)
        if not plans:
            continue
        plan_items: list = [f"{o.id}/index.md"]
        for p in plans:
            goals = [f"{o.id}/{p.id}/{g.id}/index.md" for g in package.goals_of(p.id)]
            plan_items.append({esc(plain(p.title, lang)): [f"{o.id}/{p.id}/index.md", *goals]})
        items.append({esc(org_name_plain(package, o.id, lang)): plan_items})
    found = comparisons(package)
    if found:
        items.append({esc(gettext("compare.index_title", lang)):
                      ["vertailu/index.md", *[f"vertailu/{c.slug}/index.md" for c in found]]})
    items.append({esc(gettext("nav.about", lang)): [
        "tietoa/index.md", "tietoa/menetelma.md", "tietoa/data.md", "tietoa/tietosuoja.md",
        "tietoa/saavutettavuus.md"]})
    return items

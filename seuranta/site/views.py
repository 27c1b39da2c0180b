"""Page views: a plan's page, a goal's page and an indicator's embed page are each
rendered from one immutable object that holds all they show — the slice of the
package (model/slices.py), the chart entries, the site's address and the licence.

The view's digest decides whether a page is made again (pages.write_docs): a page
is redone exactly when its view changed, and nothing else can change it, because
the page is rendered from the view alone (tests/test_views.py renders every
fixture page from its view and from the whole package, and compares).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from seuranta import settings
from seuranta.charts.manifest import Manifest, entry_json
from seuranta.digest import digest
from seuranta.model.package import Feedback, Indicator, Package
from seuranta.model.slices import digested_slice
from seuranta.site import render


@dataclass(frozen=True)
class PageView:
    kind: str  # "plan", "goal", "embed" (an indicator's) or "feedback-embed"
    id: str  # the plan's, the goal's, the indicator's or the feedback result's id
    lang: str
    data: Package  # the slice of the package the page shows
    charts: tuple[tuple[str, str], ...]  # manifest key -> its entry as JSON, for the slice's charts
    site_url: str  # absolute links: citations, embed code
    licence: tuple[str, str]  # the open data's licence (name, URL)
    # The digest of all the above (see fingerprint); equal views make equal pages.
    digest: str = field(default="", compare=False, repr=False)

    def render(self) -> str:
        """The page's HTML body."""
        charts: Manifest = {key: json.loads(entry) for key, entry in self.charts}
        if self.kind == "goal":
            return render.goal_page(self.data, self.id, self.lang, charts)
        if self.kind == "plan":
            return render.plan_page(self.data, self.id, self.lang, charts)
        if self.kind == "feedback-embed":
            return render.feedback_embed_page(self.data, self.id, self.lang, charts)
        return render.embed_page(self.data, self.data.indicators[0], self.lang, charts)


def _view(whole: Package, kind: str, id: str, lang: str, sliced: tuple[Package, str], charts: Manifest) -> PageView:
    data, rows = sliced
    keys = [f"{lang}/indicator/{i.id}" for i in data.indicators]
    keys += [f"{lang}/{chart}/{f.id}" for f in data.feedback for chart in ("feedback", "nps-trend")]
    entries = tuple((key, entry_json(key, charts[key])) for key in keys if key in charts)
    site_url, licence = settings.site_url(), render.data_licence(whole)
    # A view made from what the last build's was made from has its digest (a slice's digest
    # stands for its rows; the entries' texts are the same objects where unchanged).
    made_from = (rows, entries, site_url, licence)
    before = whole.memo_before("view digests").get((kind, id, lang))
    if before and before[0] == made_from:
        made = before
    else:
        made = (made_from, fingerprint(PageView(kind, id, lang, data, entries, site_url, licence), rows))
    whole.memo.setdefault("view digests", {})[(kind, id, lang)] = made
    return PageView(kind, id, lang, data, entries, site_url, licence, made[1])


def fingerprint(view: PageView, rows: str) -> str:
    """The digest of everything in the view: its slice's rows (`rows`, their rows_digest),
    chart entries and settings."""
    return digest(repr((view.kind, view.id, view.lang, view.charts, view.site_url, view.licence)) + "\n" + rows)


def goal_view(package: Package, goal_id: str, lang: str, charts: Manifest) -> PageView:
    return _view(package, "goal", goal_id, lang, digested_slice(package, "goal", goal_id), charts)


def plan_view(package: Package, plan_id: str, lang: str, charts: Manifest) -> PageView:
    return _view(package, "plan", plan_id, lang, digested_slice(package, "plan", plan_id), charts)


def embed_view(package: Package, i: Indicator, lang: str, charts: Manifest) -> PageView:
    return _view(package, "embed", i.id, lang, digested_slice(package, "indicator", i), charts)


def feedback_embed_view(package: Package, f: Feedback, lang: str, charts: Manifest) -> PageView:
    return _view(package, "feedback-embed", f.id, lang, digested_slice(package, "feedback", f), charts)

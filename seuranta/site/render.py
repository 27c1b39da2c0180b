"""HTML bodies of the generated pages, one function per page type.

The functions return one block of HTML that Markdown passes through untouched;
every data text goes through `html.esc`/`html.text`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from seuranta import formatting as fmt
from seuranta import settings
from seuranta.charts.manifest import ChartEntry, Manifest, chart_points
from seuranta.charts.specs import trend_values
from seuranta.model.comparison import Comparison, comparison_rows, comparisons
from seuranta.model.slices import unlinked_feedback
from seuranta.status.explain import STATUS_ICONS, status_sentence, target_phrase, value_words
from seuranta.site.chartpoints import spots
from seuranta.site.html import esc, tag, text
from seuranta.i18n import gettext
from seuranta.model.package import (
    Assessment,
    Document,
    Feedback,
    Goal,
    Indicator,
    Observation,
    Organisation,
    Package,
    Plan,
    Text,
    plain,
)
from seuranta.settings import MIN_RESPONDENTS_SHOWN, SMALL_COUNT_THRESHOLD
from seuranta.status.evaluate import (
    EQUALS_TOLERANCE,
    EQUALS_TOLERANCE_PP,
    NO_CHANGE_TOLERANCE,
    NO_CHANGE_TOLERANCE_PP,
    STATUSES,
    USABLE,
    Status,
    count_by_status,
    evaluate,
    indicator_status,
)

ASSESSMENT_ICONS = {"yes": "✓", "partly": "◐", "no": "✗", "not_assessed": "–", "narrative": "✎"}


def _(key: str, lang: str, **v: object) -> str:
    return esc(gettext(key, lang, **v)) if v else _word(key, lang)


@cache  # a page's fixed words, hundreds of thousands of times in a large site
def _word(key: str, lang: str) -> str:
    return esc(gettext(key, lang))


def untranslated(lang: str) -> str:
    return gettext("text.untranslated", lang)


def t(value: Text, lang: str) -> str:
    return text(value, lang, untranslated(lang))


def org_name(package: Package, organisation_id: str, lang: str) -> str:
    """Official name first, brand after: "Pohjois-Karjalan hyvinvointialue (Siun sote)"."""
    o = package.organisation(organisation_id)
    name = t(o.name, lang)
    return f"{name} ({esc(o.short_name)})" if o.short_name else name


def org_label(o: Organisation, lang: str) -> str:
    """org_name's words, marked as marked() does."""
    return f"{marked(o.name, lang)} ({esc(o.short_name)})" if o.short_name else marked(o.name, lang)


def org_name_plain(package: Package, organisation_id: str, lang: str) -> str:
    o = package.organisation(organisation_id)
    name = plain(o.name, lang)
    return f"{name} ({o.short_name})" if o.short_name else name


def _link(href: str, content: str) -> str:
    return f'<a href="{esc(href)}">{content}</a>'


def _div(content: str, cls: str) -> str:
    return f'<div class="{cls}">{content}</div>'


def data_table(caption_id: str, caption: str, head: str, body: str, sortable: bool = False) -> str:
    """A data table in a region that scrolls sideways on a narrow screen, so the page
    never does (WCAG 1.4.10): named by the table's caption, reachable with the keyboard."""
    kind = "sr-table sr-sortable" if sortable else "sr-table"
    return (f'<div class="sr-scroll" role="region" tabindex="0" aria-labelledby="{esc(caption_id)}">'
            f'<table class="{kind}"><caption id="{esc(caption_id)}">{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def _dl(items: list[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items if v)
    return f'<dl class="sr-facts">{rows}</dl>' if rows else ""


def assessment_code(a: Assessment) -> str:
    """The assessment's grade, or "narrative": a written assessment the board gave no grade."""
    return a.status or "narrative"


def assessment_status(a: Assessment, lang: str) -> str:
    """Status as icon + word (+ colour via class): never colour alone."""
    code = assessment_code(a)
    icon = f'<span class="sr-icon" aria-hidden="true">{ASSESSMENT_ICONS[code]}</span>'
    word = _(f"assessment.{code}", lang)
    return f'<span class="sr-status sr-status--{code}">{icon} {word}</span>'


def assessment_block(package: Package, a: Assessment, lang: str) -> str:
    when = (f'<time datetime="{a.date.isoformat()}">{fmt.date(a.date, lang)}</time>'
            if a.date else _("assessment.undated", lang))
    source = source_note(package, a.document_id, lang)
    comment = f"<p>{t(a.comment, lang)}</p>" if a.comment else ""
    return _div(f"<p>{assessment_status(a, lang)} · {when}{' · ' + source if source else ''}</p>{comment}",
                "sr-assessment")


def document_ref(package: Package, document_id: str | None, lang: str) -> str:
    """A source document as a reader cites it: its title (linked) and date."""
    d = package.document(document_id)
    if d is None:
        return ""
    title = _link(d.url, t(d.title, lang)) if d.url else t(d.title, lang)
    return title + (f", {fmt.date(d.date, lang)}" if d.date else "")


GRADES = ("yes", "partly", "no")


def own_assessment(package: Package, g: Goal) -> Assessment | None:
    """The county's own assessment of a goal as pages show it: the latest grade given,
    else the latest written (narrative) assessment, else an explicit "not assessed"."""
    given = package.assessments_of(goal_id=g.id)
    for kind in ([a for a in given if a.status in GRADES], [a for a in given if a.status is None], given):
        if kind:
            return kind[-1]
    return None


def latest_action_assessments(package: Package, g: Goal) -> list[Assessment]:
    """Each action's latest assessment, for the actions of `g` that have one."""
    return [found[-1] for a in package.actions_of(g.id) if (found := package.assessments_of(action_id=a.id))]


def action_summary(package: Package, assessments: list[Assessment], lang: str, cite: bool = True) -> str:
    """The grades given to actions, as they are — "Toimenpiteiden arviot (3): 1 kyllä,
    2 osittain · 8.5.2025" — never turned into a grade of the goal."""
    graded = [a for a in assessments if a.status in GRADES]
    if not graded:
        return ""
    counts = ", ".join(f"{n} {esc(gettext(f'assessment.{code}', lang).lower())}"
                       for code in GRADES if (n := sum(a.status == code for a in graded)))
    text = f"{_('actions.graded', lang, n=len(graded))}: {counts}"
    dates = {a.date for a in graded if a.date}
    if len(dates) == 1:
        (date,) = dates
        text += f' · <time datetime="{date.isoformat()}">{fmt.date(date, lang)}</time>'
    documents = {a.document_id for a in graded}
    if cite and len(documents) == 1 and (source := source_note(package, documents.pop(), lang)):
        text += f" · {source}"
    return text


def source_note(package: Package, document_id: str | None, lang: str) -> str:
    """Where a figure or an assessment was stated: "Lähde: väliraportti, 8.5.2025"."""
    ref = document_ref(package, document_id, lang)
    return f'<span class="sr-source">{_("source.from", lang)}: {ref}</span>' if ref else ""


def suppressed_below(package: Package, i: Indicator) -> int | None:
    """The privacy threshold, for indicators that count clients (a suppressed value is "< 5")."""
    return package.small_count if i.counts_clients else None


# --- values and indicators ---------------------------------------------------------

def observation_value(o: Observation, unit: str, lang: str, below: int | None = None) -> str:
    """The value as a reader sees it (explain.value_words, the tooltip's words too): a
    range as a range, a suppressed count of clients as "< 5" (`below`: the privacy
    threshold, see suppressed_below)."""
    words, preliminary = value_words(o, unit, lang, below)
    if o.value_status == "suppressed" and below:
        return f'<abbr title="{_("value.suppressed", lang)}">{esc(words)}</abbr>'
    shown = esc(words)
    if preliminary:
        shown += f' <span class="sr-preliminary">({esc(preliminary)})</span>'
    return shown


@lru_cache(maxsize=1 << 12)  # a few periods, in every table of the site
def period_html(start: dt.date, end: dt.date, lang: str) -> str:
    short = fmt.period(start, end, lang)
    long = fmt.period_long(start, end, lang)
    if short == long:
        return esc(short)
    return f'<span aria-label="{esc(long)}" title="{esc(long)}">{esc(short)}</span>'


def target_html(i: Indicator, lang: str) -> str:
    parts = []
    machine = target_phrase(i, lang)
    if machine:
        parts.append(esc(machine))
    if i.target_text:
        parts.append(f"<q>{t(i.target_text, lang)}</q>")
    if not parts and i.direction != "none":
        parts.append(_(f"direction.{i.direction}", lang))
    return " — ".join(parts) or _("target.none", lang)


def observations_table(package: Package, i: Indicator, lang: str) -> str:
    rows = package.observations_of(i.id)
    if not rows:
        return f'<p class="sr-empty">{_("indicator.no_values", lang)}</p>'
    head = "".join(f'<th scope="col">{_(k, lang)}</th>' for k in
                   ("table.area", "table.period", "table.value", "table.note"))
    body = ""
    for o in rows:
        note = " ".join(x for x in (t(o.note, lang), source_note(package, o.document_id, lang)) if x)
        body += (f'<tr><th scope="row">{org_name(package, o.area_id, lang)}</th>'
                 f"<td>{period_html(o.period_start, o.period_end, lang)}</td>"
                 f'<td class="sr-num">{observation_value(o, i.unit, lang, suppressed_below(package, i))}</td>'
                 f"<td>{note}</td></tr>")
    return data_table(f"taulukko-{i.id}", t(i.name, lang), head, body)


def chart_figure(entry: ChartEntry | None, root: str, lang: str, legend: str = "", hotspots: bool = True) -> str:
    """The pre-rendered SVG with its text alternative, and hotspots with each value's
    tooltip over it (chartpoints.spots; left out with `hotspots` False: an embed page has
    neither the site's style sheet nor its script, so they would be loose text there);
    `legend`: chart_legend's words, if any. Its downloads: chart_links."""
    if not entry:
        return ""
    svg = f"{root}charts/{entry['svg']}"
    layer = spots(chart_points(entry), lang) if hotspots else ""
    caption = f"<figcaption>{legend}</figcaption>" if legend else ""
    return (f'<figure class="sr-chart"><div class="sr-chart__plot">'
            f'<img src="{esc(svg)}" alt="{esc(entry["alt"])}" width="{entry["width"]}" '
            f'height="{entry["height"]}" loading="lazy">{layer}</div>{caption}</figure>')


def chart_legend(package: Package, i: Indicator, lang: str) -> str:
    """What the indicator chart's special marks mean, only those it has: the × of a gap
    (a suppressed or unavailable value), the hollow point of a preliminary value."""
    statuses = {o.value_status for o in package.observations_of(i.id)}
    parts = ([_("chart.legend_gap", lang)] if statuses & {"suppressed", "not_available"} else []) + \
        ([_("chart.legend_preliminary", lang)] if "preliminary" in statuses else [])
    return " ".join(parts)


# --- around every chart and table: downloads, source, licence, citation, embedding ----

def absolute_url(base_url: str, path: str) -> str:
    """`path` (from the site root, "fi/…/") under `base_url` ("https://…/"); without a
    base URL, the path from the root ("/fi/…/")."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"


def data_licence(package: Package) -> tuple[str, str]:
    """The open data's licence as (short name, URL), from the descriptor of the package
    being built (model/described.py); ("", "") if it names none."""
    first = (package.described.get("licenses") or [{}])[0]
    return str(first.get("name", "")).replace("-", " "), str(first.get("path", ""))


def licence_html(package: Package) -> str:
    name, url = data_licence(package)
    return _link(url, esc(name)) if url else esc(name)


def sotkanet_url(sotkanet_id: int, lang: str) -> str:
    """The indicator's metadata page on Sotkanet (its public form, see domain-notes)."""
    return f"https://sotkanet.fi/sotkanet/{lang}/metadata/indicators/{sotkanet_id}"


def indicator_path(package: Package, i: Indicator, lang: str) -> str:
    """Where an indicator is shown, from the site root: its goal's page or its plan's."""
    plan = package.plan(i.plan_id)
    page = f"{lang}/{plan.organisation_id}/{plan.id}/" + (f"{i.goal_id}/" if i.goal_id else "")
    return f"{page}#mittari-{i.id}"


def embed_path(i: Indicator, lang: str) -> str:
    """The indicator's page for embedding (pages.py makes one per indicator), from the site root."""
    return f"{lang}/mittarit/{i.id}/embed/"


def feedback_embed_path(f: Feedback, lang: str) -> str:
    """A feedback result's page for embedding (pages.py makes one per result shown), from the site root."""
    return f"{lang}/palaute/{f.id}/embed/"


def comparison_embed_path(slug: str, lang: str) -> str:
    """A comparison table's page for embedding, from the site root."""
    return f"{lang}/vertailu/{slug}/embed/"


def feedback_page_path(package: Package, f: Feedback, lang: str) -> str | None:
    """Where a feedback result is shown, from the site root: its goal's page, else its
    organisation's first plan's page (plan_feedback); None when no page shows it."""
    if f.goal_id:
        return goal_path(package, package.goal(f.goal_id), lang)
    plans = package.plans_of(f.organisation_id)
    return f"{lang}/{f.organisation_id}/{plans[0].id}/" if plans else None


def embeddable_feedback(package: Package) -> list[Feedback]:
    """The feedback results with an embed page: those a page shows with their figures
    (a result under MIN_RESPONDENTS_SHOWN respondents is shown without them)."""
    return [f for f in package.feedback
            if f.respondents >= MIN_RESPONDENTS_SHOWN and feedback_page_path(package, f, "fi") is not None]


def indicator_documents(package: Package, i: Indicator) -> list[Document]:
    """The source documents the indicator's values cite, each once, in order of first use."""
    found: dict[str, Document] = {}
    for o in package.observations_of(i.id):
        d = package.document(o.document_id)
        if d is not None:
            found.setdefault(d.id, d)
    return list(found.values())


def indicator_sources(package: Package, i: Indicator, lang: str) -> str:
    """"Lähde / Källa": the indicator's stated source, the documents its values come
    from (title, date, link), and Sotkanet's page for a Sotkanet indicator."""
    parts = []
    source = t(i.source, lang)
    if i.source_url:
        source = _link(i.source_url, source or esc(i.source_url))
    if source:
        parts.append(source)
    parts.extend(document_ref(package, d.id, lang) for d in indicator_documents(package, i))
    if i.sotkanet_id:
        parts.append(_link(sotkanet_url(i.sotkanet_id, lang), _("indicator.sotkanet", lang, id=i.sotkanet_id)))
    return "; ".join(parts)


def data_date(observations: list[Observation]) -> dt.date | None:
    """The data's date for a citation: the end of the newest period among the values."""
    return max((o.period_end for o in observations), default=None)


def citation(name: str, organisation: str, url: str, date: dt.date | None, lang: str) -> str:
    """A ready citation line in the page's language (plain text; escape it to show it)."""
    if date is None:
        return gettext("cite.line_undated", lang, name=name, org=organisation, url=url)
    return gettext("cite.line", lang, name=name, org=organisation, url=url, date=fmt.date(date, lang))


def citation_html(name_html: str, organisation_html: str, url: str, date: dt.date | None, lang: str) -> str:
    """The citation line as HTML: the name and organisation come marked up already (a
    Finnish name on a Swedish page keeps its lang="fi"); the rest is escaped."""
    parts = {"name": name_html, "org": organisation_html, "url": esc(url),
             "date": esc(fmt.date(date, lang)) if date else ""}
    marks = {key: f"\ue000{key}\ue000" for key in parts}  # private-use: in no template, kept by esc
    line = esc(gettext("cite.line_undated" if date is None else "cite.line", lang, **marks))
    for key, mark in marks.items():
        line = line.replace(mark, parts[key])
    return line


def marked(value: Text, lang: str) -> str:
    """Escaped text in the page's language; Finnish shown on a Swedish page keeps lang="fi"
    (without t()'s note, for lines such as the citation)."""
    if lang == "sv" and not value.sv and value.fi:
        return f'<span lang="fi">{esc(value.fi)}</span>'
    return esc(plain(value, lang))


def _links_list(items: list[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items if v)
    return f'<dl class="sr-links">{rows}</dl>'


def embed_snippet(name: str, path: str, lang: str, base_url: str, root: str, intro: str = "embed.intro") -> str:
    """The <iframe> code for an embed page (`path` from the site root; `name` plain text),
    shown escaped in a <details> (copy it as it reads), and a link to the page it shows.
    `intro`: what the page shows, in words (a comparison has no chart)."""
    title = f"{name} – {gettext('site.name', lang)}"
    code = (f'<iframe src="{esc(absolute_url(base_url, path))}" title="{esc(title)}" '
            f'width="100%" height="{EMBED_HEIGHT}" style="border:0" loading="lazy"></iframe>')
    return (f'<details class="sr-embed"><summary>{_("embed.summary", lang)}</summary>'
            f'<p>{_(intro, lang)}</p>'
            f'<pre class="sr-embed-code" tabindex="0"><code>{esc(code)}</code></pre>'
            f'<p>{_link(root + path, _("embed.open", lang))}</p></details>')


EMBED_HEIGHT = 640  # px: the chart and the start of the table; the frame scrolls the rest


def indicator_links(package: Package, i: Indicator, lang: str, entry: ChartEntry | None, root: str,
                    base_url: str, embed: bool = True) -> str:
    """What goes around an indicator's chart and table: its downloads (values as CSV and
    JSON, the chart as SVG and Vega-Lite), its sources, the licence, a citation line
    with the page's absolute address and the data's date, and the embed code."""
    downloads = [_link(f"{root}data/indicators/{i.id}.csv", _("chart.download_csv", lang)),
                 _link(f"{root}data/indicators/{i.id}.json", _("links.json", lang))]
    if entry:
        downloads += [_link(f"{root}charts/{entry['svg']}", _("chart.download_svg", lang)),
                      _link(f"{root}charts/{entry['spec']}", _("chart.download_spec", lang))]
    plan = package.plan(i.plan_id)
    organisation = package.organisation(plan.organisation_id)
    cite = citation_html(marked(i.name, lang), org_label(organisation, lang),
                         absolute_url(base_url, indicator_path(package, i, lang)),
                         data_date(package.observations_of(i.id)), lang)
    items = [(_("links.download", lang), " · ".join(downloads)),
             (_("source.from", lang), indicator_sources(package, i, lang)),
             (_("links.licence", lang), licence_html(package)),
             (_("links.cite", lang), f'<span class="sr-cite">{cite}</span>')]
    snippet = embed_snippet(plain(i.name, lang), embed_path(i, lang), lang, base_url, root) if embed else ""
    return f'<div class="sr-around">{_links_list(items)}{snippet}</div>'


def feedback_links(package: Package, f: Feedback, lang: str, entries: list[ChartEntry], root: str,
                   base_url: str, page_path: str) -> str:
    """Downloads, source, licence, citation and embed code around a feedback result's charts."""
    downloads = [_link(f"{root}data/feedback.csv", _("links.feedback_csv", lang))]
    for entry in entries:
        downloads += [_link(f"{root}charts/{entry['svg']}", _("chart.download_svg", lang)),
                      _link(f"{root}charts/{entry['spec']}", _("chart.download_spec", lang))]
    cite = citation_html(marked(f.service, lang), org_label(package.organisation(f.organisation_id), lang),
                         absolute_url(base_url, f"{page_path}#palaute-{f.id}"), f.period_end, lang)
    items = [(_("links.download", lang), " · ".join(downloads)),
             (_("source.from", lang), document_ref(package, f.document_id, lang)),
             (_("links.licence", lang), licence_html(package)),
             (_("links.cite", lang), f'<span class="sr-cite">{cite}</span>')]
    snippet = embed_snippet(plain(f.service, lang), feedback_embed_path(f, lang), lang, base_url, root)
    return f'<div class="sr-around">{_links_list(items)}{snippet}</div>'


def latest_html(package: Package, i: Indicator, s: Status, lang: str) -> str:
    """The latest value as the status rule chose it, its period and its source."""
    latest = s.latest
    if not latest:
        return ""
    source = source_note(package, latest.document_id, lang)
    return (f"{observation_value(latest, i.unit, lang, suppressed_below(package, i))} "
            f"({period_html(latest.period_start, latest.period_end, lang)})"
            + (f" · {source}" if source else ""))


def indicator_section(package: Package, i: Indicator, lang: str, level: int = 3,
                      charts: Manifest | None = None, root: str = "", base_url: str | None = None) -> str:
    """An indicator: its status, target level and latest value first, then its chart
    and what goes around it (indicator_links), then the rest of its facts and its table."""
    # The status rule decides which value is "latest" (ties: the longer period),
    # so the value shown and the status beside it always agree.
    status = indicator_status(package, i)
    baseline = ""
    if i.baseline_value is not None:
        baseline = esc(fmt.value(i.baseline_value, i.unit, lang))
        if i.baseline_date:
            baseline += f" ({fmt.date(i.baseline_date, lang)})"
    unit = t(i.unit_label, lang) if i.unit_label else _(f"unit.{i.unit}", lang)
    answer = _dl([
        (_("indicator.status", lang), status_block(status, i, lang)),
        (_("indicator.target", lang), target_html(i, lang)),
        (_("indicator.latest", lang), latest_html(package, i, status, lang)),
    ])
    details = _dl([
        (_("indicator.baseline", lang), baseline),
        (_("indicator.unit", lang), unit),
        (_("indicator.risk", lang), t(i.risk, lang)),
    ])
    heading = tag(f"h{level}", t(i.name, lang), id=f"mittari-{i.id}")
    entry = (charts or {}).get(f"{lang}/indicator/{i.id}")
    around = indicator_links(package, i, lang, entry, root, settings.site_url() if base_url is None else base_url)
    table = (f'<details class="sr-data"><summary>{_("indicator.show_table", lang)}</summary>'
             f"{observations_table(package, i, lang)}</details>")
    figure = chart_figure(entry, root, lang, chart_legend(package, i, lang))
    return (f'<section class="sr-indicator">{heading}{answer}{figure}'
            f"{table}{details}{around}</section>")


def feedback_section(package: Package, f: Feedback, lang: str, charts: Manifest | None = None, root: str = "",
                     page_path: str = "") -> str:
    """A customer feedback result; `page_path`: the page's path from the site root, for its citation."""
    heading = tag("h3", t(f.service, lang), id=f"palaute-{f.id}")
    when = period_html(f.period_start, f.period_end, lang)
    if f.respondents < MIN_RESPONDENTS_SHOWN:
        return (f'<section class="sr-feedback">{heading}<p>{when}: '
                f'{_("feedback.too_few", lang, n=MIN_RESPONDENTS_SHOWN)}</p></section>')
    question = f"<p><q>{t(f.question, lang)}</q></p>" if f.question else ""
    facts = _dl([
        (_("feedback.period", lang), when),
        (_("feedback.nps", lang), esc(fmt.number(f.nps, lang))),
        (_("feedback.promoters", lang), esc(fmt.percent(f.promoters_pct, lang))),
        (_("feedback.passives", lang), esc(fmt.percent(f.passives_pct, lang))),
        (_("feedback.detractors", lang), esc(fmt.percent(f.detractors_pct, lang))),
        (_("feedback.respondents", lang), esc(fmt.number(f.respondents, lang))),
        (_("feedback.mean", lang),
         esc(fmt.number(f.mean_score, lang)) if f.mean_score is not None else ""),
    ])
    entries = [e for kind in ("feedback", "nps-trend") if (e := (charts or {}).get(f"{lang}/{kind}/{f.id}"))]
    figure = "".join(chart_figure(e, root, lang) for e in entries)
    around = feedback_links(package, f, lang, entries, root, settings.site_url(), page_path)
    return f'<section class="sr-feedback">{heading}{question}{facts}{figure}{around}</section>'


# --- pages -------------------------------------------------------------------------

def goal_label(g: Goal, lang: str) -> str:
    return gettext("goal.label", lang, number=g.number)


def goal_name(package: Package, g: Goal, lang: str) -> str:
    """Plain text: "Tavoite 3: title" in a plan; a report's or a reply's items keep
    their own words, with no invented numbering."""
    title = plain(g.title, lang)
    return f"{goal_label(g, lang)}: {title}" if package.plan(g.plan_id).is_plan else title


def goal_name_html(package: Package, g: Goal, lang: str) -> str:
    title = t(g.title, lang)
    return f"{esc(goal_label(g, lang))}: {title}" if package.plan(g.plan_id).is_plan else title


def goal_path(package: Package, g: Goal, lang: str) -> str:
    plan = package.plan(g.plan_id)
    return f"{lang}/{plan.organisation_id}/{plan.id}/{g.id}/"


def goal_page(package: Package, goal_id: str, lang: str, charts: Manifest | None = None) -> str:
    """The answer first (how is it going: goal_summary), then each indicator with its
    chart, then the detail: what the goal is, assessments, actions, feedback."""
    root = "../" * 4
    g = package.goal(goal_id)
    plan = package.plan(g.plan_id)
    out = [tag("h1", goal_name_html(package, g, lang))]
    # An item of a report or a reply shows what it has, under the document's own name.
    kind = _("goal.in_plan", lang) if plan.is_plan else f'{_(f"plan.kind_{plan.kind}", lang)}:'
    out.append(f'<p class="sr-context">{kind} '
               f'{_link("../", t(plan.title, lang))} · {org_name(package, plan.organisation_id, lang)}</p>')
    indicators = package.indicators_of(plan.id, g.id)
    actions = package.actions_of(g.id)
    evaluations = package.assessments_of(goal_id=g.id)
    if plan.is_plan or indicators or evaluations or latest_action_assessments(package, g):
        out.append(goal_summary(package, g, indicators, lang))
    if plan.is_plan or indicators:
        out.append(f'<h2 id="mittarit">{_("goal.indicators", lang)}</h2>')
    if indicators:
        out.extend(indicator_section(package, i, lang, charts=charts, root=root) for i in indicators)
    elif plan.is_plan:
        out.append(f'<p>{_("goal.no_indicators", lang)}</p>')
    if g.theme or g.description:
        out.append(f'<h2 id="kuvaus">{_("goal.about", lang)}</h2>')
        if g.theme:
            out.append(_dl([(_("goal.theme", lang), t(g.theme, lang))]))
        if g.description:
            out.append(f"<p>{t(g.description, lang)}</p>")
    strategic = package.strategic_goals_of(g.id)
    if strategic:
        items = "".join(f"<li>{t(s.title, lang)}</li>" for s in strategic)
        out.append(f'<h2 id="strategia">{_("goal.strategic", lang)}</h2><ul>{items}</ul>')
    if evaluations:
        out.append(f'<h2 id="arviointi">{_("goal.assessments", lang)}</h2>')
        out.extend(assessment_block(package, a, lang) for a in evaluations)
    if plan.is_plan or actions:
        out.append(f'<h2 id="toimenpiteet">{_("goal.actions", lang)}</h2>')
    if actions:
        action_items = []
        for a in actions:
            facts = _dl([(_("action.responsible", lang), t(a.responsible, lang)),
                         (_("action.metric", lang), t(a.metric, lang))])
            assessments = package.assessments_of(action_id=a.id)
            latest = (assessment_block(package, assessments[-1], lang) if assessments
                      else f'<p>{_("action.not_assessed", lang)}</p>' if plan.is_plan else "")
            action_items.append(f'<li class="sr-action"><p>{t(a.text, lang)}</p>{facts}{latest}</li>')
        out.append(f'<ol class="sr-actions">{"".join(action_items)}</ol>')
    elif plan.is_plan:
        out.append(f'<p>{_("goal.no_actions", lang)}</p>')
    feedback = package.feedback_of(g.id)
    if feedback:
        out.append(f'<h2 id="palaute">{_("goal.feedback", lang)}</h2>')
        out.extend(feedback_section(package, f, lang, charts, root, goal_path(package, g, lang)) for f in feedback)
    out.append(downloads_section(lang, depth=4, goal_id=g.id))
    return _div("".join(out), "sr-page")


def embed_page(package: Package, i: Indicator, lang: str, charts: Manifest | None = None) -> str:
    """An indicator for embedding in another site (an iframe): its chart, its table, its
    source and the licence — no navigation, no script (pages.py gives it a bare template)."""
    root = "../" * 4  # {lang}/mittarit/{id}/embed/
    plan = package.plan(i.plan_id)
    entry = (charts or {}).get(f"{lang}/indicator/{i.id}")
    page = (f'<a href="{esc(root + indicator_path(package, i, lang))}" target="_blank" rel="noopener">'
            f'{esc(gettext("site.name", lang))}</a>')
    sources = "; ".join(x for x in (page, indicator_sources(package, i, lang)) if x)
    return _div(
        tag("h1", f"{t(i.name, lang)} – {org_name(package, plan.organisation_id, lang)}")
        + chart_figure(entry, root, lang, chart_legend(package, i, lang), hotspots=False)
        + observations_table(package, i, lang)
        + f'<p class="sr-embed-source">{_("source.from", lang)}: {sources}</p>'
        + f'<p>{_("links.licence", lang)}: {licence_html(package)}</p>', "sr-page sr-embed-page")


def feedback_table(package: Package, f: Feedback, lang: str) -> str:
    """The figures of a feedback result and of its service's other periods, one row a period:
    what its bar chart and its NPS trend show, as a table."""
    keys = ("feedback.nps", "feedback.promoters", "feedback.passives", "feedback.detractors",
            "feedback.respondents", "feedback.mean")
    head = f'<th scope="col">{_("feedback.period", lang)}</th>' + "".join(
        f'<th scope="col">{_(k, lang)}</th>' for k in keys)
    body = ""
    for g in trend_values(package.feedback_series(f)):
        cells = (fmt.number(g.nps, lang), fmt.percent(g.promoters_pct, lang), fmt.percent(g.passives_pct, lang),
                 fmt.percent(g.detractors_pct, lang), fmt.number(g.respondents, lang),
                 fmt.number(g.mean_score, lang) if g.mean_score is not None else "–")
        body += (f'<tr><th scope="row">{period_html(g.period_start, g.period_end, lang)}</th>'
                 + "".join(f'<td class="sr-num">{esc(c)}</td>' for c in cells) + "</tr>")
    return data_table(f"taulukko-{f.id}", t(f.service, lang), head, body)


def _page_link(path: str, root: str, lang: str) -> str:
    """The site's page an embed page comes from, opened outside the frame."""
    return (f'<a href="{esc(root + path)}" target="_blank" rel="noopener">'
            f'{esc(gettext("site.name", lang))}</a>')


def feedback_embed_page(package: Package, feedback_id: str, lang: str, charts: Manifest | None = None) -> str:
    """A feedback result for embedding in another site: its charts (the shares and the NPS
    trend), their figures as a table, the source documents and the licence (see embed_page)."""
    root = "../" * 4  # {lang}/palaute/{id}/embed/
    f = next(g for g in package.feedback if g.id == feedback_id)
    entries = [e for kind in ("feedback", "nps-trend") if (e := (charts or {}).get(f"{lang}/{kind}/{f.id}"))]
    documents = dict.fromkeys(g.document_id for g in reversed(trend_values(package.feedback_series(f))) if g.document_id)
    page = _page_link(f"{feedback_page_path(package, f, lang)}#palaute-{f.id}", root, lang)
    sources = "; ".join(x for x in (page, *(document_ref(package, d, lang) for d in documents)) if x)
    question = f"<p><q>{t(f.question, lang)}</q></p>" if f.question else ""
    return _div(
        tag("h1", f"{t(f.service, lang)} – {org_name(package, f.organisation_id, lang)}") + question
        + "".join(chart_figure(e, root, lang, hotspots=False) for e in entries)
        + feedback_table(package, f, lang)
        + f'<p class="sr-embed-source">{_("source.from", lang)}: {sources}</p>'
        + f'<p>{_("links.licence", lang)}: {licence_html(package)}</p>', "sr-page sr-embed-page")


def goal_summary(package: Package, g: Goal, indicators: list[Indicator], lang: str) -> str:
    """How is it going, in words: each indicator's status with its one-sentence reason
    (the latest value against the target level, and its date), then the county's own
    assessment — side by side, never merged into one grade."""
    items = ""
    for i in indicators:
        s = indicator_status(package, i)
        items += (f'<li><a href="#mittari-{esc(i.id)}">{t(i.name, lang)}</a>: '
                  f'{status_badge(shown_status(s), lang, s)} <span class="sr-why">'
                  f"{esc(status_sentence(s, i, lang))}</span></li>")
    answer = f'<ul class="sr-answer">{items}</ul>' if items else f"<p>{_('goal.no_indicators', lang)}</p>"
    latest = own_assessment(package, g)
    own = ""
    if latest:
        when = f' · <time datetime="{latest.date.isoformat()}">{fmt.date(latest.date, lang)}</time>' \
            if latest.date else ""
        own = f'<p class="sr-own">{_("goal.latest_assessment", lang)}: {assessment_status(latest, lang)}{when}</p>'
    actions = action_summary(package, latest_action_assessments(package, g), lang)
    own += f'<p class="sr-action-summary">{actions}</p>' if actions else ""
    heading = f'<h2 id="tilanne">{_("goal.summary", lang)}</h2>'
    if not own and not package.plan(g.plan_id).is_plan:  # a report's or reply's item: nothing to claim
        return f'<section class="sr-summary">{heading}{answer}</section>'
    own = own or f'<p class="sr-own">{_("goal.latest_assessment", lang)}: {_("assessment.not_assessed", lang)}</p>'
    return (f'<section class="sr-summary">{heading}{answer}{own}'
            f'<p><a href="../../../tietoa/menetelma/">{_("status.how", lang)}</a></p></section>')


def _goal_cell(package: Package, g: Goal | None, lang: str) -> str:
    if g is None:
        return "–"
    return goal_label(g, lang) if package.plan(g.plan_id).is_plan else plain(g.title, lang)


def plan_status_overview(package: Package, plan_id: str, goals: list[Goal], lang: str) -> str:
    """Counts per status, and every indicator of the plan in one sortable table."""
    rows, statuses = "", []
    for g in [None, *goals]:
        for i in package.indicators_of(plan_id, g.id if g else None):
            st = indicator_status(package, i)
            statuses.append(st)
            where = f"{g.id}/#mittari-{i.id}" if g else f"#mittari-{i.id}"
            latest = ""
            if st.latest:
                latest = (f"{observation_value(st.latest, i.unit, lang, suppressed_below(package, i))} "
                          f"({period_html(st.latest.period_start, st.latest.period_end, lang)})")
            sort_value = f' data-sort="{st.latest.value}"' if st.latest else ' data-sort=""'
            rows += (f"<tr><th scope=\"row\">{_link(where, t(i.name, lang))}</th>"
                     f"<td data-sort=\"{g.number if g else 0}\">{esc(_goal_cell(package, g, lang))}</td>"
                     f"<td data-sort=\"{SHOWN_STATUSES.index(shown_status(st))}\">"
                     f"{status_badge(shown_status(st), lang, st)}</td>"
                     f'<td class="sr-num"{sort_value}>{latest}</td></tr>')
    if not statuses:
        return ""
    head = "".join(f'<th scope="col">{_(k, lang)}</th>' for k in
                   ("table.indicator", "table.goal", "table.status", "table.latest"))
    goal_counts = dict.fromkeys(ASSESSMENT_ICONS, 0)
    for g in goals:  # goals nobody assessed are not counted as "not assessed"
        if own := own_assessment(package, g):
            goal_counts[assessment_code(own)] += 1
    goal_items = "".join(
        f'<li><span class="sr-status sr-status--{code}"><span class="sr-icon" aria-hidden="true">'
        f'{ASSESSMENT_ICONS[code]}</span> {_(f"assessment.{code}", lang)}</span>: {n}</li>'
        for code, n in goal_counts.items() if n)
    actions = action_summary(package, [a for g in goals for a in latest_action_assessments(package, g)], lang)
    return (f'<h2 id="tilanne">{_("plan.status_overview", lang)}</h2>'
            + (f'<h3>{_("plan.goal_counts", lang)}</h3><ul class="sr-counts">{goal_items}</ul>' if goal_items else "")
            + (f'<p class="sr-action-summary">{actions}</p>' if actions else "") +
            f'<h3>{_("plan.status_counts", lang)}</h3>{status_counts_list(statuses, lang)}'
            f'<p><a href="../../tietoa/menetelma/">{_("status.how", lang)}</a></p>'
            + data_table("taulukko-tilanne", _("plan.status_overview", lang), head, rows, sortable=True)
            + '<div class="sr-around">' + _links_list([
                (_("links.download", lang), _link("../../../data/status.csv", _("links.status_csv", lang))),
                (_("links.licence", lang), licence_html(package))]) + "</div>")


def plan_page(package: Package, plan_id: str, lang: str, charts: Manifest | None = None) -> str:
    root = "../" * 3
    p = package.plan(plan_id)
    out = [tag("h1", t(p.title, lang))]
    source = t(p.source_title, lang)
    if p.source_url:
        source = _link(p.source_url, source or esc(p.source_url))
    out.append(_dl([
        (_("plan.organisation", lang), _link("../", org_name(package, p.organisation_id, lang))),
        (_("plan.kind", lang), "" if p.is_plan else _(f"plan.kind_{p.kind}", lang)),
        (_("plan.period", lang), esc(plan_period(p, lang))),
        (_("plan.document_date", lang), fmt.date(p.document_date, lang) if p.document_date else ""),
        (_("plan.source", lang), source),
    ]))
    if p.summary:
        out.append(f"<p>{t(p.summary, lang)}</p>")
    goals = package.goals_of(p.id)
    items = _(plan_items_key(p), lang)
    out.append(f'<h2 id="tavoitteet">{items}</h2>')
    if p.is_plan:
        out.extend(goal_overview(package, g, lang) for g in goals)
    else:  # a report's or a reply's items in its own words, not a list of goals
        out.append('<ol class="sr-measures">' + "".join(
            f'<li>{_link(g.id + "/", t(g.title, lang))}'
            + (f"<p>{t(g.description, lang)}</p>" if g.description else "") + "</li>" for g in goals) + "</ol>")
    out.append(plan_status_overview(package, p.id, goals, lang))
    out.append(sections_html(package, p, lang))
    context = package.indicators_of(p.id, None)
    if context:
        out.append(f'<h2 id="taustaluvut">{_("plan.context", lang)}</h2>')
        out.extend(indicator_section(package, i, lang, charts=charts, root=root) for i in context)
    unlinked = unlinked_feedback(package, p)
    if unlinked:
        out.append(f'<h2 id="palaute">{_("goal.feedback", lang)}</h2>')
        out.extend(feedback_section(package, f, lang, charts, root, f"{lang}/{p.organisation_id}/{p.id}/")
                   for f in unlinked)
    out.append(documents_html(package, p, lang))
    out.append(downloads_section(lang, depth=3))
    return _div("".join(out), "sr-page")


def goal_overview(package: Package, g: Goal, lang: str) -> str:
    """A plan's goal at a glance, in sentences: the county's own assessment, the board's
    grades of its actions, its indicators' statuses and their latest figures."""
    sentences = [f'{_("goal.theme", lang)}: {t(g.theme, lang)}.'] if g.theme else []
    own = own_assessment(package, g)
    if own:
        when = f" ({fmt.date(own.date, lang)})" if own.date else ""
        sentences.append(f'{_("goal.latest_assessment", lang)}: {assessment_status(own, lang)}{when}.')
    actions = action_summary(package, latest_action_assessments(package, g), lang, cite=False)
    if actions:
        sentences.append(f"{actions}.")
    if not own and not actions:
        sentences.append(_("overview.not_assessed", lang))
    indicators = package.indicators_of(g.plan_id, g.id)
    statuses = [indicator_status(package, i) for i in indicators]
    if statuses:
        shown = [shown_status(s) for s in statuses]
        counts = ", ".join(f"{n} {esc(gettext(f'status.{code}', lang).lower())}"
                           for code in SHOWN_STATUSES if (n := shown.count(code)))
        sentences.append(f'{_("overview.indicators", lang, n=len(statuses))}: {counts}.')
        figures = "; ".join(
            f"{t(i.name, lang)} {observation_value(s.latest, i.unit, lang, suppressed_below(package, i))} "
            f"({period_html(s.latest.period_start, s.latest.period_end, lang)})"
            for i, s in zip(indicators, statuses) if s.latest)
        if figures:
            sentences.append(f'{_("overview.latest", lang)}: {figures}.')
    else:
        sentences.append(_("goal.no_indicators", lang))
    heading = tag("h3", _link(g.id + "/", goal_name_html(package, g, lang)))
    return (f'<section class="sr-goal-overview">{heading}'
            + "".join(f"<p>{x}</p>" for x in sentences) + "</section>")


def plan_period(p: Plan, lang: str) -> str:
    return fmt.year_range(p.period_start, p.period_end) if p.period_start and p.period_end else ""


def plan_items_key(p: Plan) -> str:
    """What a plan's items are called: goals of a plan, a report's items, a reply's measures."""
    return "plan.goals" if p.is_plan else f"plan.items_{p.kind}"


def paragraphs(text: Text, lang: str) -> str:
    """Plain text as paragraphs (split at blank lines), escaped; never Markdown or HTML."""
    shown = (text.sv if lang == "sv" and text.sv else text.fi) or ""
    marked = ' lang="fi"' if lang == "sv" and not text.sv else ""
    parts = [" ".join(part.split()) for part in shown.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p{marked}>{esc(part)}</p>" for part in parts if part)


def sections_html(package: Package, p: Plan, lang: str) -> str:
    """The plan's own text sections (its statutory content), each with its source."""
    found = package.sections_of(p.id)
    if not found:
        return ""
    out = [f'<h2 id="sisalto">{_("plan.sections", lang)}</h2>']
    for s in found:
        source = source_note(package, s.document_id, lang)
        out.append(f'<section class="sr-section">{tag("h3", t(s.heading, lang), id=f"luku-{s.id}")}'
                   f"{paragraphs(s.body, lang)}{f'<p>{source}</p>' if source else ''}</section>")
    return "".join(out)


def documents_html(package: Package, p: Plan, lang: str) -> str:
    """The source documents of the plan: what each is, who handled it, when."""
    found = [d for d in package.documents if d.plan_id == p.id]
    if not found:
        return ""
    items = ""
    for d in found:
        title = _link(d.url, t(d.title, lang)) if d.url else t(d.title, lang)
        facts = [_(f"document.kind_{d.kind}", lang)]
        if d.date:
            facts.append(f'<time datetime="{d.date.isoformat()}">{fmt.date(d.date, lang)}</time>')
        if d.issuer:
            facts.append(f'{_("document.issuer", lang)}: {t(d.issuer, lang)}')
        items += f"<li>{title} ({', '.join(facts)})</li>"
    return f'<h2 id="lahteet">{_("plan.documents", lang)}</h2><ul class="sr-documents">{items}</ul>'


def organisation_page(package: Package, organisation_id: str, lang: str) -> str:
    o = package.organisation(organisation_id)
    out = [tag("h1", org_name(package, o.id, lang))]
    facts = [(_("org.bilingual", lang), _("org.bilingual_yes" if o.bilingual else "org.bilingual_no", lang))]
    if o.website:
        facts.append((_("org.website", lang), _link(o.website, esc(o.website))))
    out.append(_dl(facts))
    out.append(f'<h2 id="suunnitelmat">{_("org.plans", lang)}</h2>')
    items = "".join(
        f'<li>{_link(p.id + "/", t(p.title, lang))} '
        f'({esc(plan_period(p, lang)) if p.is_plan else _(f"plan.kind_{p.kind}", lang)})</li>'
        for p in package.plans_of(o.id))
    out.append(f"<ul>{items}</ul>")
    return _div("".join(out), "sr-page")


def search_page(lang: str) -> str:
    """The page with the search field (the header's search link leads here). Only this
    page has the theme's search form, so only it loads the search index: on every other
    page the index (hundreds of KB at national scale) would be fetched unasked."""
    return (f'<p>{_("searchpage.intro", lang)}</p>'
            f'<noscript><p>{_("searchpage.nojs", lang)}</p></noscript>')


def home_page(package: Package, lang: str, updated: dt.date | None) -> str:
    out = [tag("h1", _("home.title", lang)), f'<p>{_("home.intro", lang)}</p>']
    out.append(f'<h2 id="organisaatiot">{_("home.organisations", lang)}</h2>')
    items = ""
    for o in package.organisations:
        plans = package.plans_of(o.id)
        if not plans:
            continue
        items += (f'<li>{_link(o.id + "/", org_name(package, o.id, lang))}: '
                  f'{_("home.plan_count", lang, n=len(plans))}</li>')
    out.append(f"<ul>{items}</ul>")
    if updated:
        out.append(f'<p>{_("home.updated", lang)} <time datetime="{updated.isoformat()}">'
                   f"{fmt.date(updated, lang)}</time></p>")
    out.append(downloads_section(lang, depth=1))
    return _div("".join(out), "sr-page")


def downloads_section(lang: str, depth: int, goal_id: str | None = None) -> str:
    """Links to the open data; depth is how many folders the page is below the site root."""
    root = "../" * depth
    links = []
    if goal_id:
        links.append(_link(f"{root}data/goals/{goal_id}.csv", _("downloads.goal_csv", lang)))
    links.append(_link(f"{root}data/datapackage.json", _("downloads.package", lang)))
    links.append(_link(f"{root}data/seuranta.xlsx", _("downloads.xlsx", lang)))
    links.append(_link(f"{root}{lang}/tietoa/data/", _("downloads.all", lang)))
    items = "".join(f"<li>{link}</li>" for link in links)
    return (f'<section class="sr-downloads"><h2 id="lataa">{_("downloads.title", lang)}</h2>'
            f"<ul>{items}</ul><p>{_('downloads.licence', lang)}</p></section>")


# --- status ------------------------------------------------------------------------

# The statuses as a reader sees them: "no_change" with nothing to compare with (one
# value, or values over different parts of a year) says so instead of claiming a
# trend. The open data keeps the code no_change (the methodology page says so).
SHOWN_STATUSES = ("met", "improving", "no_change", "not_comparable", "worsening", "no_target", "no_data")


def shown_status(s: Status) -> str:
    return "not_comparable" if s.status == "no_change" and (s.single_value or s.unlike_periods) else s.status


# Without the numbers beside it (a count of statuses, the methodology's headings) a
# change has no direction to show: better or worse, not up or down.
UNDIRECTED_ICONS = {"improving": "+", "worsening": "−"}


def status_icon(code: str, s: Status | None = None) -> str:
    """The status's symbol. An arrow follows the numbers (falling values that are the
    wanted change show ↓, not ↑); the word says whether that is better or worse."""
    if code not in UNDIRECTED_ICONS:
        return STATUS_ICONS[code]
    if s is not None and s.latest_value is not None and s.reference_value is not None:
        if s.latest_value != s.reference_value:
            return "↑" if s.latest_value > s.reference_value else "↓"
    return UNDIRECTED_ICONS[code]


def status_badge(code: str, lang: str, s: Status | None = None) -> str:
    """Indicator status as icon + word (+ colour via class): never colour alone.
    `s`, when given, lets the icon follow the direction of the numbers (status_icon)."""
    icon = f'<span class="sr-icon" aria-hidden="true">{status_icon(code, s)}</span>'
    return (f'<span class="sr-badge sr-badge--{code}" data-sort="{SHOWN_STATUSES.index(code)}">'
            f'{icon} {_(f"status.{code}", lang)}</span>')


def status_block(s: Status, i: Indicator, lang: str) -> str:
    return f'{status_badge(shown_status(s), lang, s)}<br><span class="sr-why">{esc(status_sentence(s, i, lang))}</span>'


def status_counts_list(statuses: list[Status], lang: str) -> str:
    shown = [shown_status(s) for s in statuses]
    items = "".join(f"<li>{status_badge(code, lang)}: {n}</li>" for code in SHOWN_STATUSES if (n := shown.count(code)))
    return f'<ul class="sr-counts">{items}</ul>'


def methodology_page(lang: str) -> str:
    pct = f"{fmt.number(EQUALS_TOLERANCE * 100, lang)}{fmt.NBSP}%"
    change = f"{fmt.number(NO_CHANGE_TOLERANCE * 100, lang)}{fmt.NBSP}%"
    points, change_points = fmt.number(EQUALS_TOLERANCE_PP, lang), fmt.number(NO_CHANGE_TOLERANCE_PP, lang)
    out = [tag("h1", _("method.title", lang)), f"<p>{_('method.intro', lang)}</p>",
           f'<h2 id="saannot">{_("method.rules", lang)}</h2><ol>',
           f"<li>{_('method.rule_latest', lang)}</li>",
           f"<li>{_('method.rule_reference', lang)}</li>",
           f"<li>{_('method.rule_equals', lang, relative=pct, points=points)}</li>",
           f"<li>{_('method.rule_change', lang, relative=change, points=change_points)}</li>",
           f"<li>{_('method.rule_range', lang)}</li>",
           f"<li>{_('method.rule_cumulative', lang)}</li>",
           f"<li>{_('method.rule_preliminary', lang)}</li></ol>",
           f'<h2 id="tilat">{_("method.statuses", lang)}</h2>']
    for code, (indicator, observations) in METHOD_EXAMPLES.items():
        result = evaluate(indicator, "esimerkki", [o for o in observations if o.value_status in USABLE])
        values = "; ".join(f"{fmt.period(o.period_start, o.period_end, lang)}: "
                           f"{observation_value(o, indicator.unit, lang, SMALL_COUNT_THRESHOLD)}"
                           for o in observations) or "–"
        target = target_phrase(indicator, lang) or _(f"direction.{indicator.direction}", lang)
        out.append(f'<section class="sr-method-status" id="tila-{code}">'
                   f'<h3>{status_badge(code, lang)}</h3><p>{_(f"method.status_{code}", lang)}</p>'
                   f'<p><strong>{_("method.example", lang)}:</strong> {esc(target)}. {values}.</p>'
                   f"<p>{status_block(result, indicator, lang)}</p></section>")
    out.append(f'<p>{_("method.data", lang)} <a href="../../../data/status.csv">status.csv</a></p>')
    return _div("".join(out), "sr-page")


def _example(unit: str, direction: str, target_type: str, target: float | None,
             values: list[tuple[str, str, float | None, str]],
             cumulative: bool = False) -> tuple[Indicator, list[Observation]]:
    indicator = Indicator(
        id="esimerkki", plan_id="esimerkki", goal_id=None, name=Text("Esimerkki", "Exempel"), unit=unit,
        unit_label=Text(None, None), direction=direction, target_type=target_type, target_value=target,
        target_value_max=None, target_year=None, target_text=Text(None, None), baseline_value=None,
        baseline_date=None, risk=Text(None, None), source=Text(None, None), source_url=None,
        sotkanet_id=None, cumulative=cumulative)
    observations = [Observation("esimerkki", "esimerkki", dt.date.fromisoformat(a), dt.date.fromisoformat(b),
                                v, status, Text(None, None)) for a, b, v, status in values]
    return indicator, observations


# One worked example per status, evaluated by the same code as the real data.
METHOD_EXAMPLES = {
    "met": _example("count", "decrease", "at_most", 1050, [
        ("2024-10-08", "2024-10-08", 1133, "final"), ("2025-10-07", "2025-10-07", 1012, "final")]),
    "improving": _example("count", "decrease", "at_most", 1050, [
        ("2024-10-08", "2024-10-08", 1133, "final"), ("2026-04-07", "2026-04-07", 1064, "preliminary")]),
    "no_change": _example("percent", "increase", "at_least", 90, [
        ("2023-01-01", "2023-12-31", 60.0, "final"), ("2024-01-01", "2024-12-31", 60.3, "final")]),
    "worsening": _example("percent", "increase", "at_least", 90, [
        ("2023-01-01", "2023-12-31", 67.5, "final"), ("2024-01-01", "2024-12-31", 55.0, "final")]),
    "no_target": _example("count", "none", "none", None, [("2023-01-01", "2023-12-31", 6390, "final")]),
    "no_data": _example("count", "decrease", "at_most", 10, [("2024-01-01", "2024-12-31", None, "suppressed")]),
}


# --- comparisons -------------------------------------------------------------------

def comparison_page(package: Package, slug: str, lang: str) -> str:
    c = next(c for c in comparisons(package) if c.slug == slug)
    first = c.indicators[0]
    out = [tag("h1", f"{_('compare.title', lang)}: {t(first.name, lang)}"),
           f"<p>{_('compare.intro', lang, id=c.sotkanet_id)}</p>"]
    items = ""
    for i in c.indicators:
        plan = package.plan(i.plan_id)
        where = f"../../{plan.organisation_id}/{plan.id}/"
        where += f"{i.goal_id}/#mittari-{i.id}" if i.goal_id else f"#mittari-{i.id}"
        items += (f"<li>{org_name(package, plan.organisation_id, lang)}: "
                  f"{_link(where, t(i.name, lang))}</li>")
    out.append(f'<h2 id="mittarit">{_("compare.indicators", lang)}</h2><ul>{items}</ul>')
    out.append(f'<h2 id="taulukko">{_("compare.table", lang)}</h2>' + comparison_table(package, c, lang, sortable=True))
    rows = comparison_rows(package, c)
    root = "../../../"  # {lang}/vertailu/{slug}/
    downloads = " · ".join(
        _link(f"{root}data/indicators/{i.id}.csv",
              f"{org_name(package, package.plan(i.plan_id).organisation_id, lang)} (CSV)") for i in c.indicators)
    cite = citation(f"{gettext('compare.title', lang)}: {plain(first.name, lang)}", gettext("site.name", lang),
                    absolute_url(settings.site_url(), f"{lang}/vertailu/{slug}/"), data_date(rows), lang)
    out.append('<div class="sr-around">' + _links_list([
        (_("links.download", lang), downloads),
        (_("source.from", lang), _link(sotkanet_url(c.sotkanet_id, lang),
                                       _("indicator.sotkanet", lang, id=c.sotkanet_id))),
        (_("links.licence", lang), licence_html(package)),
        (_("links.cite", lang), f'<span class="sr-cite">{esc(cite)}</span>')])
               + embed_snippet(f"{gettext('compare.title', lang)}: {plain(first.name, lang)}",
                               comparison_embed_path(slug, lang), lang, settings.site_url(), root,
                               "embed.intro_table") + "</div>")
    return _div("".join(out), "sr-page")


def comparison_table(package: Package, c: Comparison, lang: str, sortable: bool = False) -> str:
    """Every value of the comparison, one row per area and period (comparison_rows)."""
    first = c.indicators[0]
    head = "".join(f'<th scope="col">{_(k, lang)}</th>' for k in ("table.area", "table.period", "table.value"))
    body = "".join(
        f'<tr><th scope="row">{org_name(package, o.area_id, lang)}</th>'
        f"<td>{period_html(o.period_start, o.period_end, lang)}</td>"
        f'<td class="sr-num">{observation_value(o, c.unit, lang, suppressed_below(package, first))}</td></tr>'
        for o in comparison_rows(package, c))
    return data_table("taulukko-vertailu", t(first.name, lang), head, body, sortable=sortable)


def comparison_embed_page(package: Package, slug: str, lang: str) -> str:
    """A comparison table for embedding in another site: the table, its sources (the
    comparison page, Sotkanet's page) and the licence (see embed_page)."""
    root = "../" * 4  # {lang}/vertailu/{slug}/embed/
    c = next(c for c in comparisons(package) if c.slug == slug)
    sources = "; ".join((_page_link(f"{lang}/vertailu/{slug}/", root, lang),
                         _link(sotkanet_url(c.sotkanet_id, lang), _("indicator.sotkanet", lang, id=c.sotkanet_id))))
    return _div(
        tag("h1", f"{_('compare.title', lang)}: {t(c.indicators[0].name, lang)}")
        + comparison_table(package, c, lang)
        + f'<p class="sr-embed-source">{_("source.from", lang)}: {sources}</p>'
        + f'<p>{_("links.licence", lang)}: {licence_html(package)}</p>', "sr-page sr-embed-page")


def comparisons_index(package: Package, lang: str) -> str:
    items = "".join(f'<li>{_link(c.slug + "/", t(c.indicators[0].name, lang))} '
                    f'({_("indicator.sotkanet", lang, id=c.sotkanet_id)})</li>' for c in comparisons(package))
    return _div(f'{tag("h1", _("compare.index_title", lang))}<p>{_("compare.index_intro", lang)}</p>'
                f"<ul>{items}</ul>", "sr-page")

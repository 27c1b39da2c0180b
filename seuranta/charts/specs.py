"""Charts as Vega-Lite specs made with altair (drawn as SVG by `output`).

A chart shows the indicator's own area over time (periods as spans, points at
snapshot dates, preliminary values hollow, gaps where a value is suppressed or
not available — never zero), the whole-country comparison as a second series,
the target as a line or band and the baseline. Colours are the Okabe–Ito
colour-blind-safe palette, and every series also differs by shape and dash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import altair as alt

from seuranta import formatting as fmt
from seuranta.charts.drawing import Datasets, Job
from seuranta.i18n import gettext
from seuranta.model.package import Feedback, Indicator, Package, plain
from seuranta.settings import MIN_RESPONDENTS_SHOWN
from seuranta.status.evaluate import indicator_status
from seuranta.status.explain import status_sentence, target_phrase

OWN_COLOUR = "#0072B2"  # Okabe–Ito blue
OTHER_COLOURS = ["#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
TARGET_COLOUR = "#1b6e2d"
WIDTH, HEIGHT = 560, 260
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FEEDBACK_COLOURS = {"detractors": "#D55E00", "passives": "#6b6b6b", "promoters": "#0072B2"}


def d3_locales(lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """d3 number and time locales; sv-FI is built here (stock sv-SE has kronor and ISO dates)."""
    import vl_convert as vlc

    number = vlc.get_format_locale("fi-FI")
    if lang == "fi":
        return number, vlc.get_time_format_locale("fi-FI")
    time = dict(vlc.get_time_format_locale("sv-SE"))
    time.update({"dateTime": "%A %-d %B %Y %H.%M", "date": "%-d.%-m.%Y", "time": "%H.%M.%S",
                 "days": [d.lower() for d in time["days"]],
                 "shortDays": [d.lower() for d in time["shortDays"]],
                 "months": [m.lower() for m in time["months"]],
                 "shortMonths": [m.lower() for m in time["shortMonths"]]})
    return number, time


def locales(languages: Iterable[str] = ("fi", "sv")) -> dict[str, dict[str, dict[str, Any]]]:
    """Each language's d3 locales, as the renderer reads them: {"number": …, "time": …}."""
    return {lang: dict(zip(("number", "time"), d3_locales(lang), strict=True)) for lang in languages}


def _area_label(package: Package, area_id: str, lang: str) -> str:
    return plain(package.organisation(area_id).name, lang)


# Placeholders in the spec templates, replaced per chart (see Chart).
TITLE, DESCRIPTION, Y_TITLE, X_FORMAT = "@title", "@description", "@y_title", "@x_format"
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 1], [1, 3]]


@cache
def _indicator_template(lang: str, target: str | None, baseline: bool, zero: bool,
                        target_year: bool = False, yearly: bool = False, ranges: bool = False) -> str:
    """The chart's Vega-Lite spec with named datasets and placeholders, made with altair once
    per chart shape (altair costs tens of milliseconds a chart; filling in data costs almost none)."""
    t = {k: gettext(f"chart.{k}", lang) for k in ("area", "period", "value", "note", "time")}
    base = alt.Chart(alt.NamedData("values"))
    # Series are ordered by "order" (own area first), so colours, shapes and dashes stay put.
    by_order = {"field": "order"}
    # No legend: each series is labelled directly at its last value, and differs by
    # colour, point shape and line dash, so nothing rests on colour alone.
    colour = alt.Color(field="area", type="nominal", sort=by_order, legend=None,
                       scale=alt.Scale(range=[OWN_COLOUR, *OTHER_COLOURS]))
    shape = alt.Shape(field="area", type="nominal", sort=by_order, legend=None, scale=alt.Scale(range=SHAPES))
    dash = alt.StrokeDash(field="area", type="nominal", sort=by_order, legend=None, scale=alt.Scale(range=DASHES))
    # Yearly values get one tick a year (six ticks over two years repeated each year's label).
    ticks: int | dict[str, Any] = {"interval": "year", "step": 1} if yearly else 6
    x = alt.X("mid:T", title=t["time"], axis=alt.Axis(format=X_FORMAT, labelAngle=0, tickCount=ticks))
    y = alt.Y("value:Q", title=Y_TITLE, axis=alt.Axis(format=",.2~f"), scale=alt.Scale(zero=zero))
    tooltip = [alt.Tooltip("area:N", title=t["area"]), alt.Tooltip("period:N", title=t["period"]),
               alt.Tooltip("shown:N", title=t["value"]), alt.Tooltip("status:N", title=t["note"])]
    layers = [
        base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash, detail="area:N"),
        base.transform_filter("datum.span && datum.value != null").mark_rule(strokeWidth=4, opacity=0.5)
        .encode(x=alt.X("start:T"), x2="end:T", y=y, color=colour),
        # A range (value–value_max) is drawn as the range it is: a bar from one end to the other.
        *([base.transform_filter("datum.high != null").mark_rule(strokeWidth=3).encode(
            x=x, y=y, y2="high:Q", color=colour)] if ranges else []),
        base.transform_filter("datum.value != null").mark_point(size=70, strokeWidth=2).encode(
            x=x, y=y, color=colour, shape=shape, tooltip=tooltip,
            fill=alt.condition("datum.preliminary", alt.value("white"), colour)),
        base.transform_filter("datum.last").mark_text(align="right", dy=-12, fontWeight="bold").encode(
            x=x, y=y, color=colour, text="area:N"),
        # A gap's reason sits on the time axis, where the value would have been.
        base.transform_filter("datum.value == null").mark_text(text="×", fontSize=16, dy=-6).encode(
            x=x, y=alt.value(HEIGHT), color=colour, tooltip=tooltip),
    ]
    if target:
        marks = alt.Chart(alt.NamedData("target"))
        label = alt.Tooltip("label:N", title=t["value"])
        # With a target year the target runs from the first value to the end of that
        # year (the time axis reaches it); without one it spans the whole chart.
        span = {"x": alt.X("from:T"), "x2": "to:T"} if target_year else {}
        if target == "between":
            layers.append(marks.mark_rect(opacity=0.12, color=TARGET_COLOUR).encode(
                y="low:Q", y2="high:Q", tooltip=label, **span))
        layers.append(marks.mark_rule(color=TARGET_COLOUR, strokeDash=[4, 4], strokeWidth=2).encode(
            y="low:Q", tooltip=label, **span))
        layers.append(marks.mark_text(align="left", dx=4, dy=-6, color=TARGET_COLOUR, fontWeight="bold")
                      .encode(x=alt.value(0), y="low:Q", text="label:N"))
    if baseline:
        marks = alt.Chart(alt.NamedData("baseline"))
        layers.append(marks.mark_point(shape="diamond", size=120, filled=True, color="#000000")
                      .encode(x=x, y=y, tooltip=alt.Tooltip("label:N", title=t["value"])))
        layers.append(marks.mark_text(dy=-12, fontSize=11).encode(x=x, y=y, text="label:N"))
    return _template(alt.layer(*layers).properties(width=WIDTH, height=HEIGHT, title=TITLE,
                                                   description=DESCRIPTION))


def _template(chart: alt.TopLevelMixin) -> str:
    spec = chart.to_dict(validate=False)
    spec.pop("$schema", None)
    # No ARIA texts on marks and axes: Vega writes them in English ("X-axis titled …",
    # field names), and a chart is one image to assistive technology anyway, named
    # by its title and text alternative (and its data table on the page).
    spec.setdefault("config", {})["aria"] = False
    return json.dumps(spec, ensure_ascii=False)


@cache
def _fixed_title(template: str) -> str:
    title: str | dict[str, str] = json.loads(template).get("title", "")
    return title.get("text", "") if isinstance(title, dict) else title


@dataclass(frozen=True)
class Chart:
    """A chart: its spec template, the texts for the template's placeholders, and its data.
    The renderer compiles each template once and fills in each chart's texts and data."""

    template: str
    values: dict[str, str]
    datasets: Datasets

    @cached_property
    def text(self) -> str:
        """The whole Vega-Lite spec as JSON text (as json.dumps(spec, ensure_ascii=False)
        writes it): the template with its placeholders (whole JSON strings, each
        replaced once) and the data added last, made without parsing the template."""
        quoted = {json.dumps(p, ensure_ascii=False): json.dumps(v, ensure_ascii=False) for p, v in self.values.items()}
        filled = (re.sub("|".join(map(re.escape, quoted)), lambda m: quoted[m.group(0)], self.template)
                  if quoted else self.template)
        return f'{filled[:-1]}, "datasets": {json.dumps(self.datasets, ensure_ascii=False)}}}'

    @property
    def spec(self) -> dict[str, Any]:
        """The whole Vega-Lite spec."""
        spec: dict[str, Any] = json.loads(self.text)
        return spec

    @property
    def title(self) -> str:
        return self.values[TITLE] if TITLE in self.values else _fixed_title(self.template)

    @property
    def description(self) -> str:
        return self.values.get(DESCRIPTION, "")

    def job(self, lang: str) -> Job:
        return {"lang": lang, "template": self.template, "values": self.values, "datasets": self.datasets}


def indicator_spec(package: Package, i: Indicator, lang: str) -> dict[str, Any] | None:
    """The Vega-Lite spec of an indicator's chart, or None when it has no observations."""
    chart = indicator_chart(package, i, lang)
    return chart.spec if chart else None


def indicator_chart(package: Package, i: Indicator, lang: str) -> Chart | None:
    observations = package.observations_of(i.id)
    if not observations:
        return None
    own = package.plan(i.plan_id).organisation_id
    areas = sorted({o.area_id for o in observations}, key=lambda a: (a != own, a))
    rows: list[dict[str, Any]] = []
    ranged = any(o.value_max is not None for o in observations)
    for o in observations:
        usable = o.value_status in ("final", "preliminary")
        value = o.value if usable else None
        rows.append({
            "area": _area_label(package, o.area_id, lang), "order": areas.index(o.area_id),
            "start": o.period_start.isoformat(), "end": o.period_end.isoformat(),
            # A period's value sits in its middle; its span is drawn from start to end.
            "mid": (o.period_start + (o.period_end - o.period_start) / 2).isoformat(),
            "span": o.period_start != o.period_end,
            # Suppressed and unavailable values are not in the data at all: a gap, never zero.
            "value": value,
            **({"high": o.value_max if usable else None} if ranged else {}),
            "period": fmt.period(o.period_start, o.period_end, lang),
            "shown": (fmt.value_range(value, o.value_max, i.unit, lang) if value is not None
                      else gettext(f"value.{o.value_status}", lang)),
            "status": gettext(f"value.{o.value_status}", lang) if o.value_status != "final" else "",
            "preliminary": o.value_status == "preliminary",
            "last": False,
        })
    for area in areas:  # the series label goes on each area's last value
        mine = [r for r in rows if r["order"] == areas.index(area) and r["value"] is not None]
        if mine:
            max(mine, key=lambda r: r["mid"])["last"] = True
    yearly = all((o.period_start.month, o.period_start.day, o.period_end.month, o.period_end.day) == (1, 1, 12, 31)
                  for o in observations)
    has_target = i.target_type != "none" and i.target_value is not None
    has_baseline = i.baseline_value is not None and i.baseline_date is not None
    datasets: Datasets = {"values": rows}
    if has_target:
        datasets["target"] = [{"low": i.target_value, "high": i.target_value_max,
                               "from": min(o.period_start for o in observations).isoformat(),
                               "to": f"{i.target_year}-12-31" if i.target_year else None,
                               "label": gettext("chart.target", lang, target=target_phrase(i, lang))}]
    if i.baseline_value is not None and i.baseline_date is not None:  # has_baseline
        datasets["baseline"] = [{"mid": i.baseline_date.isoformat(), "value": i.baseline_value,
                                 "label": gettext("chart.baseline", lang,
                                                  value=fmt.value(i.baseline_value, i.unit, lang))}]
    template = _indicator_template(lang, i.target_type if has_target else None, has_baseline,
                                   i.unit in ("count", "eur", "days"), bool(has_target and i.target_year),
                                   yearly, ranged)
    return Chart(template, {
        TITLE: plain(i.name, lang) + (" (%)" if i.unit == "percent" else ""),
        DESCRIPTION: chart_text(package, i, lang),
        Y_TITLE: plain(i.unit_label, lang) or gettext(f"unit.{i.unit}", lang),
        X_FORMAT: "%Y" if yearly else "%-m/%Y",
    }, datasets)


def chart_text(package: Package, i: Indicator, lang: str) -> str:
    """The chart's text alternative: what it shows, in words."""
    status = indicator_status(package, i)
    return gettext("chart.alt", lang, name=plain(i.name, lang), sentence=status_sentence(status, i, lang))


@cache
def _feedback_template(lang: str) -> str:
    groups = [gettext(f"feedback.{k}", lang) for k in FEEDBACK_COLOURS]
    base = alt.Chart(alt.NamedData("values"))
    colour = alt.Color("group:N", sort=groups, title=None, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=groups, range=list(FEEDBACK_COLOURS.values())))
    x = alt.X("share:Q", stack="zero", title="%", scale=alt.Scale(domain=[0, 100]))
    bars = base.mark_bar(height=36).encode(x=x, color=colour, order="order:Q",
                                           tooltip=[alt.Tooltip("group:N"), alt.Tooltip("label:N")])
    text = base.mark_text(color="white", fontWeight="bold").encode(
        x=alt.X("share:Q", stack="zero", bandPosition=0.5), order="order:Q", text="label:N")
    return _template(alt.layer(bars, text).properties(width=WIDTH, height=60, title=TITLE,
                                                      description=DESCRIPTION))


def feedback_spec(f: Feedback, lang: str) -> dict[str, Any] | None:
    """A stacked bar of detractors, passives and promoters; none below 10 respondents."""
    chart = feedback_chart(f, lang)
    return chart.spec if chart else None


def feedback_chart(f: Feedback, lang: str) -> Chart | None:
    if f.respondents < MIN_RESPONDENTS_SHOWN:
        return None
    rows: list[dict[str, Any]] = [{"group": gettext(f"feedback.{k}", lang), "order": n, "share": share,
             "label": fmt.percent(share, lang)}
            for n, (k, share) in enumerate((("detractors", f.detractors_pct), ("passives", f.passives_pct),
                                            ("promoters", f.promoters_pct)))]
    title = gettext("chart.feedback_title", lang, nps=fmt.number(f.nps, lang), n=fmt.number(f.respondents, lang))
    return Chart(_feedback_template(lang), {TITLE: title, DESCRIPTION: feedback_text(f, lang)}, {"values": rows})


@cache
def _nps_trend_template(lang: str) -> str:
    x = alt.X("mid:T", title=gettext("chart.time", lang), axis=alt.Axis(format="%-m/%Y", labelAngle=0))
    y = alt.Y("nps:Q", title="NPS", scale=alt.Scale(domain=[-100, 100]))
    tooltip = [alt.Tooltip("period:N", title=gettext("chart.period", lang)), alt.Tooltip("nps:Q", title="NPS"),
               alt.Tooltip("n:N", title=gettext("feedback.respondents", lang))]
    base = alt.Chart(alt.NamedData("values"))
    chart = alt.layer(base.mark_line(color=OWN_COLOUR), base.mark_point(filled=True, size=70, color=OWN_COLOUR)
                      .encode(tooltip=tooltip), base.mark_text(dy=-12).encode(text="nps:Q")).encode(x=x, y=y)
    return _template(chart.properties(width=WIDTH, height=180, title=gettext("chart.nps_trend", lang),
                                      description=DESCRIPTION))


def nps_trend_spec(records: list[Feedback], lang: str) -> dict[str, Any] | None:
    """NPS over time for one service with several periods (periods under 10 respondents left out)."""
    chart = nps_trend_chart(records, lang)
    return chart.spec if chart else None


def nps_trend_chart(records: list[Feedback], lang: str) -> Chart | None:
    shown = sorted((f for f in records if f.respondents >= MIN_RESPONDENTS_SHOWN), key=lambda f: f.period_end)
    if len(shown) < 2:
        return None
    rows: list[dict[str, Any]] = [
        {"mid": (f.period_start + (f.period_end - f.period_start) / 2).isoformat(), "nps": f.nps,
         "period": fmt.period(f.period_start, f.period_end, lang), "n": fmt.number(f.respondents, lang)}
        for f in shown]
    description = gettext("chart.nps_trend_alt", lang, service=plain(shown[-1].service, lang), values=", ".join(
        f"{r['period']}: {fmt.number(r['nps'], lang)}" for r in rows))
    return Chart(_nps_trend_template(lang), {DESCRIPTION: description}, {"values": rows})


def feedback_series(package: Package, f: Feedback) -> list[Feedback]:
    """All records of the same organisation and service, for the NPS trend."""
    return [g for g in package.feedback if g.organisation_id == f.organisation_id and g.service.fi == f.service.fi]


def feedback_text(f: Feedback, lang: str) -> str:
    return gettext("chart.feedback_alt", lang, service=plain(f.service, lang), nps=fmt.number(f.nps, lang),
                   n=fmt.number(f.respondents, lang), promoters=fmt.percent(f.promoters_pct, lang),
                   passives=fmt.percent(f.passives_pct, lang), detractors=fmt.percent(f.detractors_pct, lang))

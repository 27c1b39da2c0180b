"""Charts as Vega-Lite specs made with altair (drawn as SVG by `output`).

A chart shows the indicator's own area over time (periods as spans, points at
snapshot dates, preliminary values hollow, gaps where a value is suppressed or
not available — never zero), the whole-country comparison as a second series,
the target as a line or band and the baseline. Colours are the Okabe–Ito
colour-blind-safe palette, and every series also differs by shape and dash.
Labels in the plot (layers named "sr_label_…") get their first-choice positions
here; the renderer moves them off each other, the points and the axes' texts
(svg/labels.mjs).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import altair as alt

from seuranta import formatting as fmt
from seuranta.charts.drawing import Datasets, Job
from seuranta.i18n import gettext
from seuranta.model.package import Feedback, Indicator, Observation, Package, plain
from seuranta.settings import MIN_RESPONDENTS_SHOWN, REPO_ROOT
from seuranta.status.evaluate import indicator_status
from seuranta.status.explain import status_sentence, target_phrase, value_words

# Okabe–Ito hues, darkened where needed so that each colour, as a line, a point or a
# label's text, has at least 4.5:1 contrast against the white background (WCAG 1.4.3).
OWN_COLOUR = "#0072B2"
OTHER_COLOURS = ["#B34700", "#00755A", "#A3467A", "#8A6100", "#5E5E5E"]
TARGET_COLOUR = "#1b6e2d"
TEXT_COLOUR = "#1a1a1a"
# A chart is drawn about as wide as a phone shows it (320 px screen, about 290 px for
# the page's content) with 13 px text, so its text stays at least 11 px there; the
# page shows it at most 1.4 times that size (seuranta.css), so the text stays moderate
# on a wide screen. WIDTH is the whole drawing's width, HEIGHT the plot's height.
WIDTH, HEIGHT = 320, 190
FONT_SIZE, TITLE_SIZE = 13, 14
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FEEDBACK_COLOURS = {"detractors": "#B34700", "passives": "#5E5E5E", "promoters": "#0072B2"}
# When one series' values are this many times another's, both on one axis would flatten
# the smaller: the chart gets a panel per area instead, each with its own axis.
SPLIT_RATIO = 4
SPLIT_WIDTH = 250  # a panel's plot width (Vega-Lite fits only single and layered charts to WIDTH)
GLYPH_WIDTHS = Path(__file__).resolve().parent / "svg" / "glyph-widths.json"
D3_LOCALES = REPO_ROOT / "node_modules"  # d3-format and d3-time-format come with Vega (npm ci)


def _d3_locale(package: str, name: str) -> dict[str, Any]:
    locale: dict[str, Any] = json.loads((D3_LOCALES / package / "locale" / f"{name}.json").read_text("utf-8"))
    return locale


def d3_locales(lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """d3 number and time locales, from d3's own locale files; sv-FI is built here
    (stock sv-SE has kronor and ISO dates)."""
    number = _d3_locale("d3-format", "fi-FI")
    if lang == "fi":
        return number, _d3_locale("d3-time-format", "fi-FI")
    time = _d3_locale("d3-time-format", "sv-SE")
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
SUBTITLE = "@subtitle"
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 1], [1, 3]]


def _whole_years(start: dt.date, end: dt.date) -> bool:
    """A period from 1 January to 31 December: such values are placed and named by year."""
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


class IndicatorShape(NamedTuple):
    """What decides an indicator chart's layers and axes, besides its texts and data: the
    template's arguments (`_indicator_template`), also what `plot` draws from."""

    target: str | None  # the target's type, or None without one
    baseline: bool
    zero: bool  # the y axis starts at zero
    target_year: bool = False
    yearly: bool = False
    ranges: bool = False
    split: bool = False
    month_step: int = 1


@cache
def _indicator_template(lang: str, target: str | None, baseline: bool, zero: bool,
                        target_year: bool = False, yearly: bool = False, ranges: bool = False,
                        split: bool = False, month_step: int = 1) -> str:
    """The chart's Vega-Lite spec with named datasets and placeholders, made with altair once
    per chart shape (altair costs tens of milliseconds a chart; filling in data costs almost none).
    With `split`, the own area and the comparison areas get a panel each (own y axis, one time axis)."""
    t = {k: gettext(f"chart.{k}", lang) for k in ("area", "period", "value", "note", "time")}
    # Colours, shapes and dashes go by "order" (0: the own area, then the comparison
    # areas), a number sorted as itself, so they stay put. (Sorting area names by
    # another field kept the previous chart's order in a reused view: render.mjs.)
    # No legend: each series is labelled directly at its last value, and differs by
    # colour, point shape and line dash, so nothing rests on colour alone.
    colour = alt.Color(field="order", type="nominal", legend=None,
                       scale=alt.Scale(range=[OWN_COLOUR, *OTHER_COLOURS]))
    shape = alt.Shape(field="order", type="nominal", legend=None, scale=alt.Scale(range=SHAPES))
    dash = alt.StrokeDash(field="order", type="nominal", legend=None, scale=alt.Scale(range=DASHES))
    # Ticks fall on whole years (yearly values) or on the first of every `month_step`th
    # month, so no two ticks get the same label ("6/2024" three times over one June).
    # (month_step 0: all values within one month, where no month may start: the axis
    # then reaches from that month's first day to the next month's.)
    ticks: dict[str, Any] = ({"interval": "year", "step": 1} if yearly
                             else {"interval": "month", "step": month_step or 1})
    scale = alt.Scale(nice={"interval": "month", "step": 1}) if not (yearly or month_step) else alt.Undefined
    x = alt.X("mid:T", title=t["time"], axis=alt.Axis(format=X_FORMAT, labelAngle=0, tickCount=ticks), scale=scale)
    y = alt.Y("value:Q", title=Y_TITLE, axis=alt.Axis(format=",.2~f", tickCount=5), scale=alt.Scale(zero=zero))
    tooltip = [alt.Tooltip("area:N", title=t["area"]), alt.Tooltip("period:N", title=t["period"]),
               alt.Tooltip("shown:N", title=t["value"]), alt.Tooltip("status:N", title=t["note"])]

    def panel(which: str | None, height: int, scale: str) -> alt.LayerChart:
        base = alt.Chart(alt.NamedData("values"))
        if which:
            base = base.transform_filter(which)
        layers = [
            base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash, detail="area:N"),
            base.transform_filter("datum.span && datum.value != null").mark_rule(strokeWidth=4, opacity=0.5)
            .encode(x=alt.X("start:T"), x2="end:T", y=y, color=colour),
            # A range (value–value_max) is drawn as the range it is: a bar from one end to the other.
            *([base.transform_filter("datum.high != null").mark_rule(strokeWidth=3).encode(
                x=x, y=y, y2="high:Q", color=colour)] if ranges else []),
            base.transform_filter("datum.value != null").mark_point(size=60, strokeWidth=2).encode(
                x=x, y=y, color=colour, shape=shape, tooltip=tooltip,
                fill=alt.condition("datum.preliminary", alt.value("white"), colour)),
            # The label ends at the last value, or starts there when the value is in the
            # time axis's first half (the label would run out of the drawing).
            # (Two lines, the first often empty: Vega draws later lines below the first.)
            # Layers named "sr_label_…" are moved off other labels, points and the axes'
            # texts when drawn (svg/labels.mjs); these positions are their first choice.
            base.transform_filter("datum.last == 'right'").mark_text(
                align="right", dx=-6, dy=-28, lineHeight=16, fontWeight="bold").encode(
                x=x, y=y, color=colour, text="name:N").properties(name="sr_label_series_right"),
            base.transform_filter("datum.last == 'left'").mark_text(
                align="left", dx=6, dy=-28, lineHeight=16, fontWeight="bold").encode(
                x=x, y=y, color=colour, text="name:N").properties(name="sr_label_series_left"),
            # A gap's reason sits on the time axis, where the value would have been.
            base.transform_filter("datum.value == null").mark_text(text="×", fontSize=16, dy=-6).encode(
                x=x, y=alt.value(height), color=colour, tooltip=tooltip),
        ]
        if not zero:
            # An axis that does not start at zero says so: a break mark (//) at its foot,
            # drawn only when the axis's lowest value is above zero.
            # (One mark: the values counted. Inline data would add a second "datasets" to the spec.)
            layers.append(base.transform_aggregate(n="count()").mark_text(
                text="//", fontWeight="bold", fontSize=FONT_SIZE, color=TEXT_COLOUR, baseline="middle",
                opacity={"expr": f"domain('{scale}')[0] > 0 ? 1 : 0"}).encode(
                x=alt.value(0), y=alt.value(height - 8)))
        if which != "datum.order > 0":  # the target and baseline are the own area's
            layers += _target_layers(target, target_year, baseline, x, y, t["value"])
        return alt.LayerChart(layer=layers).properties(height=height)

    # The target in words under the title (the line in the plot says only "Target": a
    # whole sentence there would cover the values).
    title = alt.TitleParams(TITLE, subtitle=SUBTITLE, subtitleColor=TARGET_COLOUR, subtitleFontSize=FONT_SIZE,
                            subtitleFontWeight="bold") if target else TITLE
    if not split:
        chart = panel(None, HEIGHT, "y").properties(width=WIDTH)
        return _template(chart.properties(title=title, description=DESCRIPTION), fit=True)
    half = HEIGHT * 3 // 4
    top = panel("datum.order == 0", half, "concat_0_y").properties(width=SPLIT_WIDTH)
    bottom = panel("datum.order > 0", half, "concat_1_y").properties(width=SPLIT_WIDTH)
    chart = alt.vconcat(top, bottom, spacing=16).resolve_scale(x="shared", y="independent")
    return _template(chart.properties(title=title, description=DESCRIPTION))


def _target_layers(target: str | None, target_year: bool, baseline: bool, x: alt.X, y: alt.Y,
                   value_title: str) -> list[alt.Chart]:
    layers: list[alt.Chart] = []
    if target:
        marks = alt.Chart(alt.NamedData("target"))
        # With a target year the target runs from the first value to the end of that
        # year (the time axis reaches it); without one it spans the whole chart.
        span = {"x": alt.X("from:T"), "x2": "to:T"} if target_year else {}
        if target == "between":
            layers.append(marks.mark_rect(opacity=0.12, color=TARGET_COLOUR).encode(
                y="low:Q", y2="high:Q", **span))
        # (The label goes at either end of the line, above or below it: svg/labels.mjs.)
        layers.append(marks.mark_rule(color=TARGET_COLOUR, strokeDash=[4, 4], strokeWidth=2).encode(
            y="low:Q", **span).properties(name="sr_target_line"))
        layers.append(marks.mark_text(align="left", dx=4, dy=-6, color=TARGET_COLOUR, fontWeight="bold")
                      .encode(x=alt.value(0), y="low:Q", text="label:N").properties(name="sr_label_target"))
    if baseline:
        marks = alt.Chart(alt.NamedData("baseline"))
        layers.append(marks.mark_point(shape="diamond", size=100, filled=True, color="#000000")
                      .encode(x=x, y=y, tooltip=alt.Tooltip("label:N", title=value_title)))
        layers.append(marks.mark_text(align="left", dx=-4, dy=-12).encode(x=x, y=y, text="label:N")
                      .properties(name="sr_label_baseline"))
    return layers


def _template(chart: alt.TopLevelMixin, fit: bool = False) -> str:
    spec = chart.to_dict(validate=False)
    spec.pop("$schema", None)
    config = spec.setdefault("config", {})
    # No ARIA texts on marks and axes: Vega writes them in English ("X-axis titled …",
    # field names), and a chart is one image to assistive technology anyway, named
    # by its title and text alternative (and its data table on the page).
    config["aria"] = False
    # Text big enough on a phone, dark enough on white (Vega's default greys are lighter).
    size = {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": TEXT_COLOUR,
            "titleColor": TEXT_COLOUR}
    config.update({"axis": {**size, "titleFontWeight": "normal", "domainColor": "#767676",
                            "tickColor": "#767676"},
                   # y axes at least this wide, so that stacked panels' plots line up
                   "axisY": {"minExtent": 56},
                   "legend": {**size, "symbolSize": 120},
                   "title": {"fontSize": TITLE_SIZE, "color": TEXT_COLOUR, "anchor": "start"},
                   "text": {"fontSize": FONT_SIZE}})
    if fit:  # the whole drawing WIDTH wide, whatever its labels' widths
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return json.dumps(spec, ensure_ascii=False)


def _joined(text: str | list[str]) -> str:
    return text if isinstance(text, str) else " ".join(text)


@cache
def _fixed_title(template: str) -> str:
    title: str | dict[str, str] = json.loads(template).get("title", "")
    return title.get("text", "") if isinstance(title, dict) else title


@dataclass(frozen=True)
class Chart:
    """A chart: its spec template, the texts for the template's placeholders, and its data.
    The renderer compiles each template once and fills in each chart's texts and data."""

    template: str
    values: dict[str, str | list[str]]  # a list: the text's lines
    datasets: Datasets
    shape: IndicatorShape | None = None  # an indicator chart's: drawn by `plot`, not Vega

    @cached_property
    def text(self) -> str:
        """The whole Vega-Lite spec as JSON text (as json.dumps(spec, ensure_ascii=False)
        writes it): the template with its placeholders (whole JSON strings, each
        replaced once) and the data added last, made without parsing the template."""
        quoted = {json.dumps(p, ensure_ascii=False): json.dumps(v, ensure_ascii=False) for p, v in self.values.items()}
        filled = (re.sub("|".join(map(re.escape, quoted)), lambda m: quoted[m.group(0)], self.template)
                  if quoted else self.template)
        return f'{filled[:-1]}, "datasets": {self.datasets_json}}}'

    @cached_property
    def datasets_json(self) -> str:
        return json.dumps(self.datasets, ensure_ascii=False)

    @property
    def spec(self) -> dict[str, Any]:
        """The whole Vega-Lite spec."""
        spec: dict[str, Any] = json.loads(self.text)
        return spec

    @property
    def title(self) -> str:
        return _joined(self.values[TITLE]) if TITLE in self.values else _fixed_title(self.template)

    @property
    def description(self) -> str:
        return _joined(self.values.get(DESCRIPTION, ""))

    def job(self, lang: str) -> Job:
        return {"lang": lang, "template": self.template, "values": self.values, "datasets_json": self.datasets_json}


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
            # The tooltip's value and note say what the data table says (explain.value_words,
            # the observation's own note).
            "shown": _shown(o, i.unit, lang, package.small_count if i.counts_clients else None),
            "status": plain(o.note, lang),
            "preliminary": o.value_status == "preliminary",
            "last": "",  # "left" or "right": where the series label goes (on its last value)
            "name": [],  # the series label's two lines (the first may be empty)
        })
    first = min(o.period_start for o in observations)
    end = max([o.period_end for o in observations] + ([dt.date(i.target_year, 12, 31)] if i.target_year else []))
    for area in areas:  # the series label goes on each area's last value, on the side with room
        mine = [r for r in rows if r["order"] == areas.index(area) and r["value"] is not None]
        if mine:
            last = max(mine, key=lambda r: r["mid"])
            where = (dt.date.fromisoformat(last["mid"]) - first) / (end - first) if end > first else 1.0
            last["last"], last["name"] = _series_label(last["area"], where)
    yearly = all(_whole_years(o.period_start, o.period_end) for o in observations)
    has_target = i.target_type != "none" and i.target_value is not None
    has_baseline = i.baseline_value is not None and i.baseline_date is not None
    datasets: Datasets = {"values": rows}
    if has_target:
        datasets["target"] = [{"low": i.target_value, "high": i.target_value_max,
                               "from": min(o.period_start for o in observations).isoformat(),
                               "to": f"{i.target_year}-12-31" if i.target_year else None,
                               "label": gettext("indicator.target", lang)}]
    if i.baseline_value is not None and i.baseline_date is not None:  # has_baseline
        datasets["baseline"] = [{"mid": i.baseline_date.isoformat(), "value": i.baseline_value,
                                 "label": gettext("chart.baseline", lang,
                                                  value=fmt.value(i.baseline_value, i.unit, lang))}]
    shape = IndicatorShape(i.target_type if has_target else None, has_baseline, i.unit in ("count", "eur", "days"),
                           bool(has_target and i.target_year), yearly, ranged, _far_apart(rows),
                           _month_step(first, end))
    return Chart(_indicator_template(lang, *shape), {
        TITLE: wrap(plain(i.name, lang) + (" (%)" if i.unit == "percent" else ""), WIDTH - 10, TITLE_SIZE, True),
        DESCRIPTION: chart_text(package, i, lang),
        **({SUBTITLE: wrap(gettext("chart.target", lang, target=target_phrase(i, lang)), WIDTH - 10, bold=True)}
           if has_target else {}),
        Y_TITLE: wrap(plain(i.unit_label, lang) or gettext(f"unit.{i.unit}", lang), HEIGHT - 10),
        X_FORMAT: "%Y" if yearly else "%-m/%Y",
    }, datasets, shape)


MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)


def _month_step(first: dt.date, last: dt.date) -> int:
    """Months between the time axis's ticks: the smallest usual step that gives at most
    four ticks from `first` to `last`; 0 when both are in one month (where no month
    may start, so no tick would fall)."""
    if (first.year, first.month) == (last.year, last.month):
        return 0
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return next((step for step in MONTH_STEPS if months <= 4 * step), MONTH_STEPS[-1])


def _shown(o: Observation, unit: str, lang: str, below: int | None) -> str:
    words, preliminary = value_words(o, unit, lang, below)
    return f"{words} ({preliminary})" if preliminary else words


PLOT_WIDTH = 225  # about the plot's width (WIDTH less the y axis): room for the series labels


def _series_label(name: str, where: float) -> tuple[str, list[str]]:
    """Which side of its last value a series label goes ("right": it ends there), and its
    two lines (the first empty when one is enough), for a value `where` (0–1) along
    the time axis: on the side with room, on two lines when one line has none."""
    before, after = where * PLOT_WIDTH - 6, (1 - where) * PLOT_WIDTH - 6
    width = text_width(name, bold=True)
    if width <= max(before, after):
        return ("right" if width <= before else "left"), ["", name]
    side = "right" if before >= after else "left"
    lines = wrap(name, max(before, after), bold=True)
    lines = [lines] if isinstance(lines, str) else lines
    return side, ["", *lines] if len(lines) == 1 else [lines[0], " ".join(lines[1:])]


def _far_apart(rows: list[dict[str, Any]]) -> bool:
    """Whether the own area's values and the comparison areas' are of such different sizes
    (SPLIT_RATIO times or more) that one axis for both would flatten one of them."""
    own: list[float] = [abs(r["value"]) for r in rows if r["value"] is not None and r["order"] == 0]
    other: list[float] = [abs(r["value"]) for r in rows if r["value"] is not None and r["order"] > 0]
    if not own or not other:
        return False
    small, large = sorted((max(own), max(other)))
    return large > 0 and (small == 0 or large / small >= SPLIT_RATIO)


@cache
def _glyph_widths() -> dict[str, dict[str, float]]:
    widths: dict[str, dict[str, float]] = json.loads(GLYPH_WIDTHS.read_text(encoding="utf-8"))
    return widths


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """A text's width in pixels as the renderer measures it (svg/glyph-widths.json)."""
    return _glyph_units(text, bold) * size / 1000


@lru_cache(maxsize=1 << 16)  # a chart measures its few texts many times while placing its labels
def _glyph_units(text: str, bold: bool) -> float:
    table = _glyph_widths()["bold" if bold else "normal"]
    return sum(table.get(ch, table["fallback"]) for ch in text)


def wrap(text: str, width: float, size: float = FONT_SIZE, bold: bool = False) -> str | list[str]:
    """The text as it fits in `width` pixels: itself, or its lines (Vega draws a list of
    texts as lines), broken between words."""
    if text_width(text, size, bold) <= width:
        return text
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def chart_text(package: Package, i: Indicator, lang: str) -> str:
    """The chart's text alternative: what it shows, in words."""
    status = indicator_status(package, i)
    return gettext("chart.alt", lang, name=plain(i.name, lang), sentence=status_sentence(status, i, lang))


@cache
def _feedback_template(lang: str) -> str:
    groups = [gettext(f"feedback.{k}", lang) for k in FEEDBACK_COLOURS]
    base = alt.Chart(alt.NamedData("values"))
    colour = alt.Color("group:N", sort=groups, title=None, legend=alt.Legend(orient="bottom", direction="vertical"),
                       scale=alt.Scale(domain=groups, range=list(FEEDBACK_COLOURS.values())))
    x = alt.X("share:Q", stack="zero", title="%", scale=alt.Scale(domain=[0, 100]))
    bars = base.mark_bar(height=36).encode(x=x, color=colour, order="order:Q", tooltip=[
        alt.Tooltip("group:N", title=gettext("chart.group", lang)),
        alt.Tooltip("label:N", title=gettext("chart.share", lang))])
    text = base.mark_text(color="white", fontWeight="bold").encode(
        x=alt.X("share:Q", stack="zero", bandPosition=0.5), order="order:Q", text="label:N")
    return _template(alt.layer(bars, text).properties(width=WIDTH, height=60, title=TITLE,
                                                      description=DESCRIPTION), fit=True)


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
    title = wrap(gettext("chart.feedback_title", lang, nps=fmt.number(f.nps, lang),
                         n=fmt.number(f.respondents, lang)), WIDTH - 10, TITLE_SIZE, True)
    return Chart(_feedback_template(lang), {TITLE: title, DESCRIPTION: feedback_text(f, lang)}, {"values": rows})


@cache
def _nps_trend_template(lang: str, yearly: bool = False) -> str:
    """With `yearly` (every period a calendar year), one place per year named by the year:
    on a time axis the years' midpoints got month ticks ("10/2023") and, at the
    edges, labels cut by the frame."""
    x = (alt.X("period:O", sort=None, title=gettext("chart.time", lang), axis=alt.Axis(labelAngle=0))
         if yearly else
         alt.X("mid:T", title=gettext("chart.time", lang), axis=alt.Axis(format="%-m/%Y", labelAngle=0, tickCount=4)))
    y = alt.Y("nps:Q", title="NPS", scale=alt.Scale(domain=[-100, 100]))
    tooltip = [alt.Tooltip("period:N", title=gettext("chart.period", lang)), alt.Tooltip("nps:Q", title="NPS"),
               alt.Tooltip("n:N", title=gettext("feedback.respondents", lang))]
    base = alt.Chart(alt.NamedData("values"))
    # The values are labels the renderer keeps off the points and each other (svg/labels.mjs).
    values = base.mark_text(dy=-12).encode(text="nps:Q").properties(name="sr_label_value")
    chart = alt.layer(base.mark_line(color=OWN_COLOUR), base.mark_point(filled=True, size=70, color=OWN_COLOUR)
                      .encode(tooltip=tooltip), values).encode(x=x, y=y)
    return _template(chart.properties(width=WIDTH, height=150, title=gettext("chart.nps_trend", lang),
                                      description=DESCRIPTION), fit=True)


def nps_trend_spec(records: list[Feedback], lang: str) -> dict[str, Any] | None:
    """NPS over time for one service with several periods (periods under 10 respondents left out)."""
    chart = nps_trend_chart(records, lang)
    return chart.spec if chart else None


def trend_values(records: list[Feedback]) -> list[Feedback]:
    """The results an NPS trend shows, oldest first: those shown with their figures
    (MIN_RESPONDENTS_SHOWN respondents or more)."""
    return sorted((f for f in records if f.respondents >= MIN_RESPONDENTS_SHOWN),
                  key=lambda f: (f.period_end, f.period_start))


def nps_trend_chart(records: list[Feedback], lang: str) -> Chart | None:
    shown = trend_values(records)
    if len(shown) < 2:
        return None
    rows: list[dict[str, Any]] = [
        {"mid": (f.period_start + (f.period_end - f.period_start) / 2).isoformat(), "nps": f.nps,
         "period": fmt.period(f.period_start, f.period_end, lang), "n": fmt.number(f.respondents, lang)}
        for f in shown]
    description = gettext("chart.nps_trend_alt", lang, service=plain(shown[-1].service, lang), values=", ".join(
        f"{r['period']}: {fmt.number(r['nps'], lang)}" for r in rows))
    yearly = all(_whole_years(f.period_start, f.period_end) for f in shown)
    return Chart(_nps_trend_template(lang, yearly), {DESCRIPTION: description}, {"values": rows})


def feedback_text(f: Feedback, lang: str) -> str:
    return gettext("chart.feedback_alt", lang, service=plain(f.service, lang), nps=fmt.number(f.nps, lang),
                   n=fmt.number(f.respondents, lang), promoters=fmt.percent(f.promoters_pct, lang),
                   passives=fmt.percent(f.passives_pct, lang), detractors=fmt.percent(f.detractors_pct, lang))

"""Chart files: each chart drawn as an accessible SVG (cached by spec), written with
its Vega-Lite JSON; the manifest keeps each chart's tooltip marks for the pages."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from html import unescape
from pathlib import Path
from typing import NamedTuple

from seuranta.charts import plot
from seuranta.charts.drawing import Job, draw, identity
from seuranta.charts.manifest import Manifest
from seuranta.charts.specs import (
    HEIGHT,
    VEGA_LITE_SCHEMA,
    WIDTH,
    Chart,
    feedback_chart,
    indicator_chart,
    locales,
    nps_trend_chart,
)
from seuranta.digest import digest
from seuranta.files import keep_in_cache, put_listed
from seuranta.model.package import Feedback, Indicator, Package
from seuranta.model.slices import digested_slice


def spec_hash(spec_text: str, lang: str) -> str:
    """The key of a spec's drawing: the spec (JSON text, keys in a fixed order), its
    language and the renderer."""
    return digest(spec_text + lang + identity())


class Drawing(NamedTuple):
    """A chart to draw, as little of it as drawing needs: its renderer job (the data as
    JSON text), the name of its drawing in the cache (spec_hash), its title and text
    alternative (for the SVG's own <title> and <desc>)."""

    job: Job
    cache_name: str
    title: str
    description: str


def drawing_of(chart: Chart, lang: str) -> Drawing:
    return Drawing(chart.job(lang), f"{spec_hash(chart.text, lang)}.svg", chart.title, chart.description)


def render_svgs(charts: list[tuple[Chart, str]], workers: int = 2, vega: bool = False) -> list[str]:
    """Each (chart, language) drawn as an accessible SVG, in order, as the build draws it:
    an indicator's chart by `plot`, the others by Vega. With `vega`, every chart by Vega
    (the reference `plot` is compared with)."""
    drawn: list[str] = [""] * len(charts)
    by_vega = [n for n, (chart, _) in enumerate(charts) if vega or chart.shape is None]
    if not vega:
        for n, (chart, lang) in enumerate(charts):
            if chart.shape is not None:
                drawn[n] = drawn_directly(chart, lang)
    _render([drawing_of(*charts[n]) for n in by_vega], workers, lambda k, svg: drawn.__setitem__(by_vega[k], svg))
    return drawn


def drawn_directly(chart: Chart, lang: str, place_labels: bool = True) -> str:
    """An indicator's chart as an accessible SVG, drawn by `plot` (no Vega)."""
    assert chart.shape is not None, "only an indicator's chart is drawn directly"
    return plot.indicator_svg(chart.values, chart.datasets, chart.shape, lang, place_labels)


def _render(drawings: Sequence[Drawing], workers: int, done: Callable[[int, str], None]) -> None:
    """Hands each drawing's accessible SVG to done(n, svg) as soon as it is ready."""
    languages = locales(sorted({d.job["lang"] for d in drawings}))
    draw([d.job for d in drawings], languages, workers, done=lambda n, svg: done(
        n, _accessible_svg(svg, drawings[n].title, drawings[n].description)))


_VEGA_NAMES = re.compile(r' (?:aria-label|aria-roledescription|role)="[^"]*"')


def _accessible_svg(svg: str, title: str, description: str) -> str:
    """role="img" with a <title> and <desc>, so the file alone is accessible too; the
    names Vega gives its parts (in English: "Title text '…'", "line mark container")
    are left out."""
    from html import escape

    # Only inside tags: a text node may hold the same characters (Vega leaves quotes as they are).
    svg = re.sub(r"<[^>]*>", lambda tag: _VEGA_NAMES.sub("", tag.group(0)), svg)
    svg = re.sub(r"<svg\b", '<svg role="img" aria-labelledby="sr-title sr-desc"', svg, count=1)
    head = f'<title id="sr-title">{escape(str(title))}</title><desc id="sr-desc">{escape(description)}</desc>'
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + head, svg, count=1)


_POINTS = re.compile(r'<metadata id="sr-points">([^<]*)</metadata>')


def take_points(svg: str) -> tuple[str, str]:
    """The drawing without its tooltip marks' positions (svg/render.mjs puts them in a
    <metadata> element), and those positions as JSON text (manifest.ChartEntry)."""
    found = _POINTS.search(svg)
    if not found:
        return svg, "[]"
    return svg[:found.start()] + svg[found.end():], unescape(found.group(1))


def svg_size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (WIDTH, HEIGHT)


class ChartRenderer:
    """Draws charts as SVG, reusing earlier drawings of the same spec (cached by hash)."""

    def __init__(self, cache_dir: Path, workers: int = 2):
        self.cache_dir = cache_dir
        self.workers = workers
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.rendered = 0
        self.reused = 0
        self.drawn_directly = 0  # indicator charts, drawn by `plot` (write_charts)

    def draw(self, drawings: Sequence[Drawing], done: Callable[[int, str], None]) -> None:
        """Calls done(n, svg) with each drawing's accessible SVG: at once for drawings in
        the cache, and for new ones as each is ready (from the renderer's reading threads),
        so the caller writes files while later charts are being drawn."""
        cached = set(os.listdir(self.cache_dir))  # one listing, not a stat per chart
        same: dict[str, list[int]] = {}  # cache file name -> the drawings of that spec
        for n, d in enumerate(drawings):
            same.setdefault(d.cache_name, []).append(n)
        todo = sorted(name for name in same if name not in cached)
        for name, ns in same.items():
            if name in cached:
                svg = (self.cache_dir / name).read_text(encoding="utf-8")
                for n in ns:
                    done(n, svg)

        def drawn(k: int, svg: str) -> None:
            keep_in_cache(self.cache_dir / todo[k], svg)
            for n in same[todo[k]]:
                done(n, svg)

        _render([drawings[same[name][0]] for name in todo], self.workers, drawn)
        self.rendered += len(todo)
        self.reused += len(drawings) - len(todo)


def chart_inputs(package: Package, kind: str, item: Indicator | Feedback) -> str:
    """A digest of everything a chart is made from (besides the code and UI strings,
    whose change makes the next build a full one): the indicator with its values
    and areas, or the feedback record (with its series, for the NPS trend)."""
    if isinstance(item, Indicator):  # kind "indicator": its slice, as for its embed page
        return digested_slice(package, "indicator", item)[1]
    return digest(repr(item if kind == "feedback" else package.feedback_series(item)))


def _chart(package: Package, kind: str, item: Indicator | Feedback, lang: str) -> Chart | None:
    """The chart of `kind` ("indicator", "feedback" or "nps-trend") for `item`."""
    if isinstance(item, Indicator):  # kind "indicator"
        return indicator_chart(package, item, lang)
    if kind == "feedback":
        return feedback_chart(item, lang)
    return nps_trend_chart(package.feedback_series(item), lang)


def write_charts(package: Package, out: Path, renderer: ChartRenderer, languages: Sequence[str] = ("fi", "sv"),
                 previous: Manifest | None = None) -> Manifest:
    """Every chart as SVG and Vega-Lite JSON under out/<lang>/; returns the manifest.

    Manifest keys are "<lang>/indicator/<id>", "<lang>/feedback/<id>" and
    "<lang>/nps-trend/<id>"; values give the file names (relative to out), the
    SVG's size and text alternative, the spec's hash and the digest of its inputs.
    With the `previous` manifest, a chart whose inputs are unchanged and whose
    files are already in `out` is neither made nor written again.
    """
    items: list[tuple[str, Indicator | Feedback]] = [("indicator", i) for i in package.indicators]
    items += [(kind, f) for kind in ("feedback", "nps-trend") for f in package.feedback]
    inputs = {(kind, item.id): chart_inputs(package, kind, item) for kind, item in items}
    manifest: Manifest = {}
    # Each chart to draw, kept as little as drawing it needs (thousands wait for the
    # renderer at once): its spec is written out now, its data kept as JSON text.
    todo: list[tuple[str, str, Drawing, str]] = []  # key, file name, the drawing, digest of its inputs

    listed: dict[str, set[str]] = {}  # the files in out/<lang>/ before this build

    def write(key: str, name: str, lang: str, description: str, chart_digest: str, svg: str) -> None:
        svg, points = take_points(svg)
        put_listed(out / lang / f"{name}.svg", svg, listed[lang])
        width, height = svg_size(svg)
        manifest[key] = {"svg": f"{lang}/{name}.svg", "spec": f"{lang}/{name}.vl.json", "inputs": chart_digest,
                         "width": width, "height": height, "alt": description, "points": points}

    for lang in languages:
        (out / lang).mkdir(parents=True, exist_ok=True)
        listed[lang] = set(os.listdir(out / lang))  # one listing, not 13,000 stats
        present = {f"{lang}/{name}" for name in listed[lang]}
        for kind, item in items:
            key, name = f"{lang}/{kind}/{item.id}", f"{kind}-{item.id}"
            old = (previous or {}).get(key)
            if (old and old.get("inputs") == inputs[kind, item.id] and old["svg"] in present
                    and old["spec"] in present and isinstance(old.get("points"), str)):
                manifest[key] = old
                continue
            chart = _chart(package, kind, item, lang)
            if chart is None:
                continue
            put_listed(out / lang / f"{name}.vl.json", f'{{"$schema": "{VEGA_LITE_SCHEMA}", {chart.text[1:]}\n',
                       listed[lang])
            if chart.shape is not None:  # an indicator's chart: drawn here and now
                write(key, name, lang, chart.description, inputs[kind, item.id], drawn_directly(chart, lang))
                renderer.drawn_directly += 1
            else:
                todo.append((key, name, drawing_of(chart, lang), inputs[kind, item.id]))

    def drawn(n: int, svg: str) -> None:  # called as each of Vega's drawings is ready
        key, name, drawing, chart_digest = todo[n]
        write(key, name, drawing.job["lang"], drawing.description, chart_digest, svg)

    renderer.draw([drawing for _, _, drawing, _ in todo], drawn)
    manifest = dict(sorted(manifest.items()))
    wanted = {f for entry in manifest.values() for f in (entry["svg"], entry["spec"])}
    for lang in languages:  # charts of indicators removed from the data
        for name in os.listdir(out / lang):
            if "-" in name and f"{lang}/{name}" not in wanted:
                (out / lang / name).unlink()
    return manifest

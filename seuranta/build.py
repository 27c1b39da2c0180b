"""Build the whole bilingual site: the flow from the data to a site, in order.

validate and load (check, model) -> charts -> per language: page bodies (site),
MkDocs (mkdocs_adapter) -> finishing touches -> swap in; the open data (opendata)
is written beside the charts and pages.
The new site is built beside the old one and only renamed into place when
every step succeeded, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from seuranta import settings
from seuranta.build_state import BuildState, forget_states, read_state, write_state
from seuranta.charts.drawing import DrawingFailed
from seuranta.charts.manifest import Manifest
from seuranta.charts.output import ChartRenderer, write_charts
from seuranta.check.problems import Report
from seuranta.digest import digest
from seuranta.files import (
    discard_tree,
    empty_trash,
    remove_files_but,
    start_link_tree,
    start_sync_tree,
)
from seuranta.mkdocs_adapter.config import BASE_CONFIG, language_config
from seuranta.mkdocs_adapter.run import GeneratedPages, MkDocsFailed, run_mkdocs
from seuranta.model.load import InvalidPackage, load_package
from seuranta.model.package import Package
from seuranta.model.slices import digested_slice
from seuranta.opendata.downloads import keep_row_texts, write_downloads
from seuranta.processes import (
    Running,
    finish_in_background,
    give_back_free_memory,
    start_method,
    wait_for_background,
)
from seuranta.settings import LANGUAGES, REPO_ROOT
from seuranta.site.finishing import (
    write_alternate_sitemaps,
    write_root_pages,
    write_sitemap_index,
)
from seuranta.site.pages import Docs, LivePages, move_embed_pages, site_pages, write_docs
from seuranta.site.search import SearchEntry, add_entries, live_entries, page_url
from seuranta.status.evaluate import all_statuses


@dataclass
class BuildReport:
    """What a build did: seconds per step (in the order the steps ran), and what it made."""

    seconds: dict[str, float] = field(default_factory=dict)
    # The CPU seconds of the process that ran each step (not of the processes it waited for;
    # the open data's, when a process of its own wrote it, are that process's).
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    peak_mib: dict[str, float] = field(default_factory=dict)  # this process's peak memory after each step
    pages_rendered: int = 0
    charts_drawn: int = 0
    charts_reused: int = 0
    open_data_start: str = ""  # how the open data's process was started (fork, spawn); "": no process


class BuildFailed(Exception):
    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


def last_updated(package: Package) -> dt.date | None:
    """The newest date in the data: what a reader means by 'updated'."""
    dates = [o.period_end for o in package.observations]
    dates += [a.date for a in package.assessments if a.date]
    dates += [p.document_date for p in package.plans if p.document_date]
    return max(dates, default=None)


@contextmanager
def _step(report: BuildReport | None, name: str) -> Iterator[None]:
    start, cpu = time.perf_counter(), time.process_time()
    yield
    if report is not None:
        report.seconds[name] = report.seconds.get(name, 0.0) + time.perf_counter() - start
        report.cpu_seconds[name] = report.cpu_seconds.get(name, 0.0) + time.process_time() - cpu
        report.peak_mib[name] = _own_peak_mib()


def build_site(data_dir: Path, out: Path, report: BuildReport | None = None,
               incremental: bool = True, small_count: int = settings.SMALL_COUNT_THRESHOLD,
               site_url: str | None = None, spare_ready: bool = False) -> Path:
    """Build the site into `out`; `report`, when given, receives seconds per step.
    `small_count`: counts of clients below it must be suppressed (validated so).
    `site_url`: the address it will be published at (default: settings.site_url()).
    `spare_ready`: after a full build, make the copy of the new site the next rebuild
    starts from, once the site is live (seuranta serve: the first change after its
    first build is then as quick as the others; a command that ends waits for it).

    With `incremental` (the default), a rebuild starts from a hard-linked copy of
    the previous site and has MkDocs render only the pages whose content changed,
    when nothing else changed (theme, templates, navigation, code). The result
    is the same as a full build; tests compare the two byte for byte.

    With many pages, each language's pages are made by a process of its own, and
    with many values the open data is written by one (processes.py); where they
    are started as new Pythons, a script calling this needs the usual
    `if __name__ == "__main__":` guard (the `seuranta` command has it).
    """
    with _Collector() as collector:
        try:
            return _build_site(data_dir, out, report, incremental, small_count, site_url, collector, spare_ready)
        finally:  # what the build freed (the last package, its pages' texts) is not kept by the
            give_back_free_memory()  # process: the next build's peak starts lower (processes.py)


class _Collector:
    """Python's collector of reference cycles, spared the package. The package and what is
    derived from it are a million objects, which every full collection went through
    again: some 0.6 s of a rebuild at national scale, and in a forked process it also
    copied every page of memory the process shared with the build's (copy-on-write).
    So the collector is paused while they are made, and they are then set aside from
    it (gc.freeze) until the build ends; later objects, and the cycles among them
    (MkDocs' pages and navigation), are collected as usual. Objects are freed as soon
    as nothing refers to them either way."""

    def __enter__(self) -> _Collector:
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def spare_what_is_made(self) -> None:
        gc.freeze()
        if self.was_enabled:
            gc.enable()

    def __exit__(self, *_: object) -> None:
        gc.unfreeze()
        if self.was_enabled:
            gc.enable()


def _build_site(data_dir: Path, out: Path, report: BuildReport | None, incremental: bool, small_count: int,
                site_url: str | None, collector: _Collector, spare_ready: bool = False) -> Path:
    """The build of build_site, with the collector of reference cycles paused."""
    data_dir, out = Path(data_dir).resolve(), Path(out).resolve()
    site_url = settings.site_url(site_url)
    # Page bodies quote the address (citations, embed codes, JSON-LD) through
    # settings.site_url(); the environment carries it to them and to MkDocs' process.
    os.environ["SEURANTA_SITE_URL"] = site_url
    work = out.parent / f".{out.name}.work"
    staging, spare, trash = work / "site", work / "spare", work / "trash"
    wait_for_background()  # the last build's state (_for_the_next_build)
    empty_trash(trash)
    if (work / "docs").is_dir():  # each page's stub and body, as builds before 12/2026 left them
        discard_tree(work / "docs", trash)
    if staging.exists():  # left by a failed build: as good a spare as any (sync_tree puts it right)
        if spare.exists():
            discard_tree(staging, trash)
        else:
            staging.rename(spare)
    with _step(report, "the last build's state"):
        state: BuildState = _read_state(work, out) if incremental else {}
        shell = _shell_fingerprint(small_count, site_url)
        if state.get("shell") != shell:
            state = {}
    method = start_method()  # how processes are started (no thread of the build's runs yet)
    # A rebuild starts from a copy of the live site: the spare (the site live before
    # it) brought up to date, or a new copy; either is made beside validation.
    copied: Callable[[], list[str] | None] | None = None
    if state and spare.is_dir():
        spare.rename(staging)
        copied = start_sync_tree(out, staging)
    elif state:
        copied = start_link_tree(out, staging)
    else:
        if spare.exists():
            discard_tree(spare, trash)
        staging.mkdir(parents=True)
    for other in [site for site in _last_package if site != out or not incremental]:  # its memory is let
        del _last_package[other]  # go before this package is loaded (invalid data leaves this site's)
    forget_states(keep=work if incremental else None)
    previous = _last_package.get(out)
    try:
        with _step(report, "validate and load"):
            package = load_package(data_dir, small_count=small_count, previous=previous)
            # What the new package takes from the last is in it now: the rest is let go.
            _last_package.pop(out, None)
            from_last, previous = previous is not None, None
    except BaseException as e:
        if copied:  # finish it; the copy is discarded with the failed build
            with suppress(Exception):
                copied()
        if isinstance(e, InvalidPackage):
            raise BuildFailed("invalid data", e.report) from e
        raise
    listing = None  # every file of the copy, when the copy listed them
    if copied:
        with _step(report, "copy previous site (hard links)"):
            listing = copied()
    updated = last_updated(package)
    if updated:  # timestamps MkDocs writes (sitemap) come from the data, not the clock
        # (at most 2**32 - 1, February 2106: the sitemap's gzip header holds 32 bits)
        epoch = int(dt.datetime.combine(updated, dt.time(), dt.UTC).timestamp())
        os.environ["SOURCE_DATE_EPOCH"] = str(min(epoch, 2**32 - 1))
    # The open data needs nothing the pages make: with a large package a process of
    # its own writes it, beside the charts and pages.
    write = partial(write_downloads, package, out=staging / "data", cache_dir=work / "open-data-cache",
                    made_from=state.get("downloads"))  # (staging/data: a copy of the live site's)
    # (A new Python would start from nothing the last build made: with the last build's
    # package, the open data is written by a forked process or by this one.)
    background = len(package.observations) >= BACKGROUND_OPEN_DATA_FROM and (method == "fork" or not from_last)
    # A language's charts and pages (bodies, then MkDocs) use one core: in a full build
    # of many pages, each language's are made by a process of its own, side by side. (A
    # rebuild makes few again; there, starting the processes and handing them the package
    # would cost more than it saves, and in this process the languages share the slices.)
    apart = len(package.indicators) + len(package.goals) + len(package.plans) >= BACKGROUND_LANGUAGES_FROM \
        and not state
    # The open data's process starts first: it has a core to itself while this process
    # derives the statuses and slices once for both languages (and before forking their
    # processes, if they go apart). (In a rebuild both take most of them from the last build.)
    if background:
        give_back_free_memory()  # what the last package held, before forking: the writer's peak is lower
    writer = Running(write, method) if background else None
    if method == "fork":
        with _step(report, "statuses and slices"):
            _derive_once(package)
    collector.spare_what_is_made()
    if report is not None:
        report.open_data_start = writer.method if writer else ""
    try:
        new_state, rendered = _build_pages(package, updated, state, shell, work, staging, out, report, site_url,
                                           method if apart else None, listing)
        with _step(report, "open data downloads"):
            new_state["downloads"] = writer.result() if writer else write()
        if writer and report is not None:  # (the step's own: waiting for it)
            report.cpu_seconds["open data downloads"] = writer.cpu_seconds
    except BaseException:
        if writer:  # it writes into the site being built, which the next build starts from
            writer.stop()
        raise
    with _step(report, "security policy, sitemaps, root pages"):
        write_root_pages(staging, site_url)
        write_alternate_sitemaps(staging, rendered)
        write_sitemap_index(staging, site_url)
    with _step(report, "swap in the new site"):
        _swap(staging, out, spare, trash, keep=bool(state))
    # The site is live. What only the next build needs is made beside whatever comes next
    # (seuranta serve waits for a change), and waited for before the next build begins.
    finish_in_background(partial(_for_the_next_build, work, new_state, package if background and from_last else None,
                                 (out, spare) if spare_ready and incremental and not spare.exists() else None))
    package.forget_before()
    _last_package[out] = package
    return out


def _for_the_next_build(work: Path, state: BuildState, package: Package | None,
                        spare: tuple[Path, Path] | None = None) -> None:
    """The build's state, written for the next build (a file left half-written is not
    JSON: the next build is then a full one); with `package`, the CSV cells of its
    rows that the open data's forked process made and took with it (keep_row_texts);
    with `spare` (the live site, the spare's folder), a copy of the live site made of
    hard links, which the next build brings up to date (a copy cut short too)."""
    if package is not None:
        keep_row_texts(package)
    write_state(work, state)
    if spare is not None:
        start_link_tree(*spare)()


# The package the last build in this process made its site from, with what was derived
# from it: the next build of that site takes its unchanged rows and what was derived
# from them (model/load.py's `previous`; seuranta serve builds again after each change).
_last_package: dict[Path, Package] = {}


# Generated pages per language (about: one per indicator, goal and plan): below this,
# a process of its own per language costs more than it saves in a full build.
BACKGROUND_LANGUAGES_FROM = 300
# Observations in the package: below this, writing the open data in a process of its
# own (starting it, handing it the package) costs more than it saves.
BACKGROUND_OPEN_DATA_FROM = 5000


def _derive_once(package: Package) -> None:
    """What the open data and each language's pages derive from the package alike, kept in
    its memo: the statuses, and the slices of every indicator, goal and plan with their digests."""
    all_statuses(package)
    for i in package.indicators:
        digested_slice(package, "indicator", i)
    for g in package.goals:
        digested_slice(package, "goal", g.id)
    for p in package.plans:
        digested_slice(package, "plan", p.id)


def _build_pages(package: Package, updated: dt.date | None, state: BuildState, shell: str, work: Path,
                 staging: Path, out: Path, report: BuildReport | None, site_url: str, apart: str | None,
                 listing: list[str] | None) -> tuple[BuildState, dict[str, list[str]]]:
    """Charts and both languages' pages into `staging`, each language's by a process of its
    own when `apart` (how it is started: processes.start_method); returns the state to keep
    for the next build, and each language's pages rendered now (their URLs). `listing`:
    every file of `staging`, if known."""
    manifest: Manifest = {}
    try:
        if not apart:
            with _step(report, "charts (specs and SVG)"):
                manifest, drawn, reused = _charts(package, LANGUAGES, work, staging, state)
            if report is not None:
                report.charts_drawn, report.charts_reused = drawn, reused
        language_pages = partial(_language_pages, package=package, manifest=None if apart else manifest,
                                 updated=updated, state=state, work=work, staging=staging, out=out,
                                 site_url=site_url, handwritten=settings.HANDWRITTEN, listing=listing)
        with _step(report, "charts and pages, both languages" if apart else "pages, both languages"):
            if apart:
                running = [Running(partial(language_pages, code), apart) for code in LANGUAGES]
                try:
                    made = [process.result() for process in running]
                except BaseException:
                    for process in running:  # each writes into the site being built
                        process.stop()
                    raise
            else:
                made = [language_pages(code) for code in LANGUAGES]
    except DrawingFailed as e:
        raise BuildFailed(f"Kaavioita ei voitu piirtää / Charts could not be drawn. {e}") from e
    except MkDocsFailed as e:
        raise BuildFailed(str(e)) from e
    new_state = BuildState(shell=shell, charts=manifest, configs={}, pages={}, inputs={})
    for language in made:
        if apart:
            new_state["charts"].update(language.charts)
            if report is not None:
                report.charts_drawn += language.charts_drawn
        new_state["configs"][language.lang] = language.config
        new_state["pages"][language.lang], new_state["inputs"][language.lang] = language.digests, language.inputs
        if report is not None:
            report.pages_rendered += len(language.rendered_urls)
            for name, seconds in language.report.seconds.items():
                report.seconds[f"{name} ({language.lang})"] = seconds
                report.cpu_seconds[f"{name} ({language.lang})"] = language.report.cpu_seconds[name]
                report.peak_mib[f"{name} ({language.lang})"] = language.report.peak_mib[name]
    new_state["charts"] = dict(sorted(new_state["charts"].items()))
    return new_state, {language.lang: language.rendered_urls for language in made}


@dataclass(frozen=True)
class _LanguagePages:
    """What making a language's pages left for the build (_language_pages)."""

    lang: str
    config: str  # digest of its MkDocs config and navigation
    digests: dict[str, str]  # LivePages
    inputs: dict[str, str]
    rendered_urls: list[str]  # the pages rendered by MkDocs now
    report: BuildReport  # its steps' seconds and the peak memory of the process that made them
    charts: Manifest  # the language's charts, when it made them (else empty)
    charts_drawn: int


def _charts(package: Package, languages: Sequence[str], work: Path, staging: Path,
            state: BuildState) -> tuple[Manifest, int, int]:
    """The languages' charts into staging/charts: their manifest, how many were drawn and reused."""
    renderer = ChartRenderer(work / "chart-cache")
    manifest = write_charts(package, staging / "charts", renderer, languages, previous=state.get("charts"))
    return manifest, renderer.rendered + renderer.drawn_directly, renderer.reused


def _language_pages(lang: str, package: Package, manifest: Manifest | None, updated: dt.date | None,
                    state: BuildState, work: Path, staging: Path, out: Path, site_url: str,
                    handwritten: Path, listing: list[str] | None = None) -> _LanguagePages:
    """A language's pages into staging/<lang>: the bodies and search entries, MkDocs, then
    the embed pages and the search entries of the generated pages; first its charts, when
    `manifest` is None. Runs in the build's process or in one of its own (processes.py;
    `handwritten`: settings.HANDWRITTEN as the build sees it). `listing`: every file of
    `staging`, when the copy it started from listed them."""
    report = BuildReport()
    own_charts: Manifest = {}
    drawn = 0
    if manifest is None:
        with _step(report, "charts (specs and SVG)"):
            own_charts, drawn, _ = _charts(package, (lang,), work, staging, state)
        manifest = own_charts
    with _step(report, "page bodies and search entries"):
        generated = site_pages(package, lang, manifest, updated)
        config, navigation = language_config(package, lang, work, generated, site_url, handwritten)
        config_digest = digest(config.read_bytes() + json.dumps(navigation).encode())
        # Compared with what the live site was built from (a failed build may
        # have left newer files in the work folder); the site being built is a copy of it.
        live: LivePages | None = None
        if lang in state.get("pages", {}):
            live = {"digests": state["pages"][lang], "inputs": state.get("inputs", {}).get(lang, {})}
        # A changed navigation (a title, a page more or less) is on every page MkDocs renders,
        # but on no page for embedding: those are still made only when their inputs changed.
        navigation_changed = state.get("configs", {}).get(lang) != config_digest
        docs = write_docs(generated, lang, work / "bodies" / f"{lang}.html", work / "embed" / lang, handwritten, live,
                          navigation_changed)
        rebuild = None
        if live is not None:
            rebuild = {path for path, digest in docs.digests.items() if live["digests"].get(path) != digest}
            rebuild |= _handwritten(docs)
            if navigation_changed:
                rebuild |= {p.path for p in docs.pages if not p.embed}
        entries = _search_entries(docs, out / lang if live is not None else None, lang)
        if rebuild is not None:
            files = None if listing is None else [f[len(lang) + 1:] for f in listing if f.startswith(f"{lang}/")]
            _keep_only_unchanged_pages(staging / lang, docs, rebuild, files)
    with _step(report, "MkDocs"):
        run_mkdocs(config, navigation, dirty=rebuild is not None,
                   pages=GeneratedPages(docs.sources, docs.bodies.read))
    with _step(report, "page bodies and search entries"):
        add_entries(staging / lang / "search" / "search_index.json", entries, lang)
        move_embed_pages(work / "embed" / lang, docs.embeds, staging / lang)  # not MkDocs' (pages.py)
    rendered = sorted(rebuild if rebuild is not None else docs.digests)
    return _LanguagePages(lang, config_digest, docs.digests, docs.inputs, [page_url(path) for path in rendered],
                          report, own_charts, drawn)


def _own_peak_mib() -> float:
    """This process's peak memory. (ru_maxrss of a process started by another counts
    the starting process's memory too, on Linux; VmHWM is the process's own.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _search_entries(docs: Docs, live_site: Path | None, lang: str) -> list[SearchEntry]:
    """Search entries of the generated pages: those of the pages rendered now, and
    the live site's for pages that were not rendered again."""
    reused: dict[str, list[SearchEntry]] = {}
    searched = [p for p in docs.pages if not p.embed]  # pages for embedding elsewhere are not searched
    if live_site is not None and any(p.path not in docs.entries for p in searched):
        for entry in live_entries(live_site / "search" / "search_index.json", lang):
            reused.setdefault(entry["location"].partition("#")[0], []).append(entry)
    entries: list[SearchEntry] = []
    for p in searched:
        entries += docs.entries[p.path] if p.path in docs.entries else reused[page_url(p.path)]
    return entries


def _shell_fingerprint(small_count: int, site_url: str) -> str:
    """Everything but the data that shapes every page: templates, theme, styles,
    the base config, the hand-written pages (their titles are in every page's
    navigation), our code, every installed package's version (MkDocs, the
    theme, Jinja, altair, Babel…), the pinned Vega and Vega-Lite
    (package-lock.json), the privacy threshold (pages quote it) and the site's
    address (citations, embed codes). When it changes, the next build is a full one."""
    parts = [name.encode() for name in _installed_packages()]
    parts += [f"small_count={small_count}".encode(), site_url.encode()]
    for root in (REPO_ROOT / "overrides", REPO_ROOT / "seuranta", REPO_ROOT / "macros", settings.HANDWRITTEN):
        for f in sorted(root.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                parts += [f"{root.name}/{f.relative_to(root)}".encode(), f.read_bytes()]
    parts += [BASE_CONFIG.read_bytes(), (REPO_ROOT / "package-lock.json").read_bytes()]  # Vega, Vega-Lite
    return digest(b"\0".join(parts))


def _installed_packages() -> list[str]:
    """Every installed distribution, as its metadata folder's name ("Babel-2.17.0.dist-info"):
    a quick listing, where importlib.metadata takes 0.1 s."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            found.update(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return sorted(found)


def _read_state(work: Path, out: Path) -> BuildState:
    """What the previous build left: its fingerprints and chart manifest, if its site is still there."""
    return read_state(work) if out.is_dir() else {}


def _handwritten(docs: Docs) -> set[str]:
    """Hand-written pages are always rebuilt (a few, and their titles come from their own text)."""
    return set(docs.digests) - {p.path for p in docs.pages}


def _keep_only_unchanged_pages(site: Path, docs: Docs, rebuild: set[str], files: list[str] | None) -> None:
    """Prepare a language's copied site for a rebuild of the pages in `rebuild`.

    MkDocs (in its `dirty` mode) renders a generated page only when its output is
    missing (mkdocs_adapter/hooks.py). So every file but the unchanged pages' HTML
    is removed — MkDocs writes those anew, never through a link to the live site
    (the hand-written pages too: their outputs are always removed, so they are
    rendered whatever their sources' dates). `files`: every file of `site`, if
    known (else it is listed)."""
    unchanged = [page_url(p.path) for p in docs.pages if p.path not in rebuild]
    keep = {f"{url}index.html" for url in unchanged}
    # The empty per-page sitemaps (see write_alternate_sitemaps) stay; the
    # language's own sitemap.xml is MkDocs' and is written anew (MkDocs opens
    # it for writing: kept, it would be written through the link).
    keep |= {f"{url}sitemap.xml" for url in unchanged if url}
    remove_files_but(site, keep, files)


def _swap(new: Path, out: Path, spare: Path, trash: Path, keep: bool) -> None:
    """`new` becomes the live site `out`. The site live until now is kept as the spare,
    which the next rebuild starts from, when `keep` (`new` was rebuilt from a copy of
    it); after a full build, its files are all different: a new copy costs less."""
    if spare.exists():
        discard_tree(spare, trash)
    if out.exists():
        out.rename(spare)
    new.rename(out)
    if not keep and spare.exists():
        discard_tree(spare, trash)

"""Rebuilds: a rebuild after a data change gives exactly what a full build gives,
reuses what did not change, and never writes into the live site."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from seuranta.build import BuildReport, build_site
from seuranta.files import link_tree, link_tree_portably
from seuranta.processes import wait_for_background

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast

GOAL_PAGE = Path("fi/testi-alue/testi-suunnitelma/testi-t1/index.html")
PLAN_PAGE = Path("fi/testi-alue/testi-suunnitelma/index.html")
OTHER_GOAL_PAGE = Path("fi/testi-alue/testi-suunnitelma/testi-t2/index.html")
EMBED_PAGE = Path("sv/mittarit/testi-asiakkaat/embed/index.html")  # the indicator for embedding elsewhere
FEEDBACK_EMBED_PAGE = Path("sv/palaute/testi-nps-2024/embed/index.html")  # the feedback result, likewise


def digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def built(tmp_path, package_dir):
    """A package and its site, built once."""
    data, site = package_dir(), tmp_path / "live" / "site"
    build_site(data, site)
    return data, site


def rebuild_and_compare(data: Path, site: Path, tmp_path: Path) -> BuildReport:
    report = BuildReport()
    build_site(data, site, report=report)
    full = tmp_path / "full" / "site"
    build_site(data, full, incremental=False)
    assert digest(site) == digest(full)
    return report


def test_one_changed_value_rebuilds_like_a_full_build(built, tmp_path):
    data, site = built
    unchanged_inode = (site / OTHER_GOAL_PAGE).stat().st_ino
    other_embed = site / "fi" / "mittarit" / "testi-osuus" / "embed" / "index.html"
    unchanged_embed = other_embed.stat().st_ino
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    report = rebuild_and_compare(data, site, tmp_path)
    assert "1\u00a0144" in (site / GOAL_PAGE).read_text(encoding="utf-8")  # Finland style: no-break space
    assert "1\u00a0144" in (site / "fi" / "mittarit" / "testi-asiakkaat" / "embed" / "index.html").read_text("utf-8")
    # The other goal's page and the other indicator's embed page were not rendered
    # again: they are the same files as before.
    assert (site / OTHER_GOAL_PAGE).stat().st_ino == unchanged_inode
    assert other_embed.stat().st_ino == unchanged_embed
    assert "copy previous site (hard links)" in report.seconds
    assert report.charts_drawn == 2  # the changed chart, fi and sv


@pytest.mark.parametrize(("page", "file", "old", "new", "shown"), [
    (GOAL_PAGE, "actions.csv", "Toimenpide,Åtgärd", "Toimenpide uusi,Åtgärd ny", "Toimenpide uusi"),
    (GOAL_PAGE, "assessments.csv", "2025-05-08,partly,Osittain", "2025-05-08,yes,Valmis", "Valmis"),
    (GOAL_PAGE, "feedback.csv", ",38,8.08", ",38,8.5", "8,5"),
    (GOAL_PAGE, "indicators.csv", "at_most,1050,,2026,Enintään 1050", "at_most,1000,,2026,Enintään 1000",
     "Enintään 1000"),
    (GOAL_PAGE, "indicators.csv", "Asiakkaat,Klienter", "Asiakasmäärä,Klienter", "Asiakasmäärä"),
    (GOAL_PAGE, "strategic_goals.csv", "Terveys paranee", "Terveys paranee selvästi", "Terveys paranee selvästi"),
    (PLAN_PAGE, "plans.csv", "Lyhyt kuvaus.", "Uusi kuvaus.", "Uusi kuvaus."),
    (PLAN_PAGE, "goals.csv", "Teema,Tema", "Teema uusi,Tema ny", "Teema uusi"),
    (PLAN_PAGE, "assessments.csv", ",,not_assessed,Väliarvio", ",2025-06-01,no,Väliarvio", "Ei"),
    (PLAN_PAGE, "indicators.csv", "Osuus,Andel", "Osuus uusi,Andel ny", "Osuus uusi"),
    (PLAN_PAGE, "observations.csv", "2023-12-31,97.7,final", "2023-12-31,88.8,final", "88,8"),
    (PLAN_PAGE, "observations.csv", "2025-04-30,1064,preliminary", "2025-04-30,1000,preliminary", "1\u00a0000"),
    (PLAN_PAGE, "feedback.csv", "testi-alue,testi-t1,Palvelu", "testi-alue,,Palvelu", "Palvelu"),  # moves here
    # The goal's indicator in the plan's overview, in sentences: its latest figure.
    (PLAN_PAGE, "observations.csv", "2025-04-30,1064,preliminary", "2025-04-30,1001,preliminary", "1\u00a0001"),
    # The citation line says the data's date.
    (GOAL_PAGE, "observations.csv", "2025-08-31,,suppressed", "2025-09-30,,suppressed", "tilanne 30.9.2025"),
    (EMBED_PAGE, "indicators.csv", "Asiakkaat,Klienter", "Asiakkaat,Klienter nu", "Klienter nu"),
    (EMBED_PAGE, "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final", "1\u00a0144"),
    (FEEDBACK_EMBED_PAGE, "feedback.csv", ",38,8.08", ",38,8.5", "8,5"),
    # Moved from the goal to the plan: the embed page links the plan's page.
    (FEEDBACK_EMBED_PAGE, "feedback.csv", "testi-alue,testi-t1,Palvelu", "testi-alue,,Palvelu",
     "testi-suunnitelma/#palaute-testi-nps-2024"),
    (FEEDBACK_EMBED_PAGE, "organisations.csv", "Testets välfärdsområde", "Testets område", "Testets område"),
])
def test_each_kind_of_page_input_rebuilds_like_a_full_build(built, tmp_path, page, file, old, new, shown):
    """Goal, plan and embed pages whose views are unchanged are not rendered again
    (site/views.py); a change to any kind of input must still reach the page."""
    data, site = built
    edit(data / file, old, new)
    report = rebuild_and_compare(data, site, tmp_path)
    assert "copy previous site (hard links)" in report.seconds
    assert shown in (site / page).read_text(encoding="utf-8")


def test_renamed_comparison_area_rebuilds_like_a_full_build(built, tmp_path):
    """The whole country is in the charts and tables but not in the navigation, so
    renaming it is a rebuild of the pages and charts that show it, nothing else."""
    data, site = built
    edit(data / "organisations.csv", "Koko maa,Hela landet", "Koko Suomi,Hela Finland")
    report = rebuild_and_compare(data, site, tmp_path)
    assert "copy previous site (hard links)" in report.seconds
    assert "Koko Suomi" in (site / "charts" / "fi" / "indicator-testi-osuus.svg").read_text(encoding="utf-8")


def test_changed_title_and_removed_goal_rebuild_like_a_full_build(built, tmp_path):
    data, site = built
    edit(data / "goals.csv", "Ensimmäinen tavoite", "Uusi nimi")
    rebuild_and_compare(data, site, tmp_path)
    assert "Uusi nimi" in (site / OTHER_GOAL_PAGE).read_text(encoding="utf-8")  # in every page's navigation
    lines = (data / "goals.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "goals.csv").write_text("".join(line for line in lines if not line.startswith("testi-t2,")),
                                    encoding="utf-8")
    for name in ("indicators.csv", "actions.csv", "assessments.csv", "feedback.csv", "goal_strategic_goals.csv"):
        path = data / name
        if path.exists():
            kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                    if ",testi-t2," not in line and not line.startswith("testi-t2,")]
            path.write_text("".join(kept), encoding="utf-8")
    rebuild_and_compare(data, site, tmp_path / "again")
    assert not (site / OTHER_GOAL_PAGE).exists()


def test_changed_handwritten_page_title_rebuilds_like_a_full_build(tmp_path, package_dir, monkeypatch):
    """A hand-written page's title is in every page's navigation."""
    import shutil

    from conftest import ROOT

    from seuranta import settings
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    monkeypatch.setattr(settings, "HANDWRITTEN", docs)
    data, site = package_dir(), tmp_path / "live" / "site"
    build_site(data, site)
    edit(docs / "fi" / "tietoa" / "tietosuoja.md", "title: Tietosuoja ja evästeet",
         "title: Tietosuoja, evästeet ja lokit")
    rebuild_and_compare(data, site, tmp_path)
    assert "Tietosuoja, evästeet ja lokit" in (site / GOAL_PAGE).read_text(encoding="utf-8")


def test_rebuild_after_a_failed_build_catches_up_with_the_data(tmp_path, package_dir, monkeypatch):
    """A failed build leaves newer page files in the work folder; the next build must
    still render every page that differs from the live site."""
    import shutil

    from conftest import ROOT

    from seuranta import settings
    from seuranta.build import BuildFailed

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    monkeypatch.setattr(settings, "HANDWRITTEN", docs)
    data, site = package_dir(), tmp_path / "live" / "site"
    build_site(data, site)
    page = docs / "fi" / "tietoa" / "tietosuoja.md"
    good = page.read_text(encoding="utf-8")
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    page.write_text(good + "\n[rikki](puuttuva-sivu.md)\n", encoding="utf-8")  # MkDocs --strict refuses
    with pytest.raises(BuildFailed):
        build_site(data, site)
    assert "1\u00a0144" not in (site / GOAL_PAGE).read_text(encoding="utf-8")
    page.write_text(good, encoding="utf-8")
    rebuild_and_compare(data, site, tmp_path)
    assert "1\u00a0144" in (site / GOAL_PAGE).read_text(encoding="utf-8")


def test_rebuild_never_writes_into_the_live_site(built, tmp_path):
    """A rebuild starts from hard links to the live site's files; a snapshot of
    links to the same files shows whether any of them was written through."""
    data, site = built
    snapshot = LinkedSnapshot(site, tmp_path / "snapshot")
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    report = BuildReport()
    build_site(data, site, report=report)
    assert "copy previous site (hard links)" in report.seconds
    assert digest(site) != snapshot.before
    snapshot.assert_untouched()


class LinkedSnapshot:
    """Hard links to every file of a site, and each file's bytes and time of writing."""

    def __init__(self, site: Path, snapshot: Path) -> None:
        self.snapshot, self.before = snapshot, digest(site)
        for path in self.before:
            (snapshot / path).parent.mkdir(parents=True, exist_ok=True)
            os.link(site / path, snapshot / path)
        self.written = self._times()

    def _times(self) -> dict[str, int]:
        return {path: (self.snapshot / path).stat().st_mtime_ns for path in self.before}

    def assert_untouched(self) -> None:
        assert digest(self.snapshot) == self.before
        # Not even rewritten with the same content (a write through a link would
        # change the live file mid-build; MkDocs opens its outputs for writing).
        assert self._times() == self.written


def test_the_next_rebuild_starts_from_the_spare_site_brought_up_to_date(built, tmp_path):
    """The site live before a build is kept as the spare, and the next rebuild starts
    from it, brought up to date with the live site (files.sync_tree): it makes what a
    full build makes, and writes nothing into the live site."""
    data, site = built
    spare = site.parent / ".site.work" / "spare"
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    rebuild_and_compare(data, site, tmp_path)
    assert spare.is_dir() and digest(spare) != digest(site)  # the first build's site
    snapshot = LinkedSnapshot(site, tmp_path / "snapshot")
    edit(data / "observations.csv", "2024-10-08,1144,final", "2024-10-08,1155,final")
    rebuild_and_compare(data, site, tmp_path)
    assert "1\u00a0155" in (site / GOAL_PAGE).read_text(encoding="utf-8")
    snapshot.assert_untouched()
    assert digest(spare) == snapshot.before  # the live site, untouched, is now the spare


@pytest.mark.parametrize("threshold", ["BACKGROUND_LANGUAGES_FROM", "BACKGROUND_OPEN_DATA_FROM"])
def test_work_done_by_a_second_process_makes_the_same_site(built, tmp_path, monkeypatch, threshold):
    """For many pages, each language's charts and pages are made by a process of its own,
    and for many values the open data is written by one (here new Pythons handed the
    package, as where there is no safe fork); the site is the same as made in one
    process, and so is what the next build starts from (the charts' manifest)."""
    import seuranta.build
    import seuranta.processes

    data, site = built
    monkeypatch.setattr(seuranta.build, threshold, 0)
    monkeypatch.setattr(seuranta.processes, "FORK", False)
    other = tmp_path / "background" / "site"
    build_site(data, other)
    assert digest(other) == digest(site)
    seuranta.processes.wait_for_background()  # the state is written once the site is live
    states = [json.loads((s.parent / ".site.work" / "state.json").read_text(encoding="utf-8")) for s in (site, other)]
    assert states[0]["charts"] == states[1]["charts"] and len(states[1]["charts"]) > 4


def in_a_new_python(script: str, *args: Path) -> list[str]:
    """What `script` prints, run by a fresh Python (no thread of the tests' own: it may fork)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True,
                          check=True).stdout.split()


def test_work_done_by_forked_processes_makes_the_same_site(built, tmp_path):
    """Where the system can fork and the build runs no other thread (a new Python here:
    the tests' process may run a web server's), the open data's and each language's
    processes are forked with the package; the site is the same as made in one process."""

    data, site = built
    other = tmp_path / "forked" / "site"
    script = ("import sys, seuranta.build as b\n"
              "b.BACKGROUND_OPEN_DATA_FROM = b.BACKGROUND_LANGUAGES_FROM = 0\n"
              "report = b.BuildReport()\n"
              "if __name__ == '__main__':\n"
              "    b.build_site(sys.argv[1], sys.argv[2], report=report)\n"
              "    print(report.open_data_start, 'charts (specs and SVG) (sv)' in report.seconds)\n")
    assert in_a_new_python(script, data, other) == ["fork", "True"]  # forked; the languages apart
    assert digest(other) == digest(site)


def test_rebuilds_in_one_process_take_what_the_last_build_made_and_equal_full_builds(built, tmp_path):
    """A process that builds again (seuranta serve) gives the next build the last one's
    package (model/load.py's `previous`): its unchanged rows, their open data's texts, the
    digests of slices and views. With the open data written by a forked process, whose
    memo ends with it, the build keeps those texts itself. Each rebuild equals a full build."""

    data, _ = built
    site = tmp_path / "served" / "site"
    script = ("import sys, pathlib, seuranta.build as b\n"
              "from seuranta.check.schema import load_schema\n"
              "from seuranta.opendata.downloads import csv_memo\n"
              "from seuranta.settings import DESCRIPTOR\n"
              "b.BACKGROUND_OPEN_DATA_FROM = 0\n"
              "data, site = pathlib.Path(sys.argv[1]), sys.argv[2]\n"
              "def edit(name, old, new):\n"
              "    text = (data / name).read_text(encoding='utf-8')\n"
              "    assert old in text\n"
              "    (data / name).write_text(text.replace(old, new), encoding='utf-8')\n"
              "if __name__ == '__main__':\n"
              "    b.build_site(data, site)\n"
              "    edit('observations.csv', '2024-10-08,1133,final', '2024-10-08,1144,final')\n"
              "    report = b.BuildReport()\n"
              "    b.build_site(data, site, report=report)\n"
              "    b.wait_for_background()  # the rows' texts are kept once the site is live\n"
              "    package = b._last_package[pathlib.Path(site).resolve()]\n"
              "    kept = package.row_memo(csv_memo(load_schema(DESCRIPTOR)['observations']))\n"
              "    print(report.open_data_start, len(kept) == len(package.observations) > 0)\n"
              "    edit('observations.csv', '2023-12-31,97.7,final', '2023-12-31,88.8,final')\n"
              "    edit('goals.csv', 'Ensimmäinen tavoite', 'Uusi nimi')\n"
              "    b.build_site(data, site)\n")
    assert in_a_new_python(script, data, site) == ["fork", "True"]
    full = tmp_path / "full" / "site"
    build_site(data, full, incremental=False)
    assert digest(site) == digest(full)
    assert "88,8" in (site / PLAN_PAGE).read_text(encoding="utf-8")
    for name in ("observations.csv", "observations.json"):
        assert "1144" in (site / "data" / name).read_text(encoding="utf-8")


def test_a_rebuild_renders_no_page_through_a_link_to_the_live_site(tmp_path, package_dir, monkeypatch):
    """MkDocs' dirty mode renders a page whose output is older than its source into the
    output file it opens for writing: in a rebuild, a hard link to the live site. Neither
    a hand-written page edited since (its source newer than its output) nor a generated
    page left as it was may be written through that link."""
    import shutil

    from conftest import ROOT

    from seuranta import settings
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    monkeypatch.setattr(settings, "HANDWRITTEN", docs)
    data, site = package_dir(), tmp_path / "live" / "site"
    build_site(data, site)
    handwritten_page = site / "fi" / "tietoa" / "tietosuoja" / "index.html"
    pages = (handwritten_page, site / OTHER_GOAL_PAGE)
    links = {page: tmp_path / f"live-page-{n}.html" for n, page in enumerate(pages)}
    for page, link in links.items():
        os.link(page, link)
    written = {link: (link.stat().st_mtime_ns, link.read_bytes()) for link in links.values()}
    os.utime(docs / "fi" / "tietoa" / "tietosuoja.md")  # now: newer than the page made from it
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    rebuild_and_compare(data, site, tmp_path)
    assert {link: (link.stat().st_mtime_ns, link.read_bytes()) for link in links.values()} == written
    assert not handwritten_page.samefile(links[handwritten_page])  # rendered again, as a new file


def test_a_changed_title_renders_the_pages_with_its_navigation_but_no_embed_page(built, tmp_path):
    """A goal's title is in the navigation of every page MkDocs renders in its language,
    and on no page for embedding: those, and the other language's pages, stay as they were."""
    data, site = built
    embed = site / "fi" / "mittarit" / "testi-osuus" / "embed" / "index.html"
    swedish_goal_page = site / "sv" / GOAL_PAGE.relative_to("fi")
    kept = {page: page.stat().st_ino for page in (embed, swedish_goal_page)}
    written = (site / GOAL_PAGE).stat().st_ino
    edit(data / "goals.csv", "Toinen tavoite,", "Toinen tavoite uusi,")
    rebuild_and_compare(data, site, tmp_path)
    assert "Toinen tavoite uusi" in (site / GOAL_PAGE).read_text(encoding="utf-8")  # the other goal's, in its menu
    assert (site / GOAL_PAGE).stat().st_ino != written
    assert {page: page.stat().st_ino for page in kept} == kept


def test_a_full_build_can_leave_the_copy_the_next_rebuild_starts_from(tmp_path, package_dir):
    """seuranta serve asks for it: once the site is live, a copy of it made of hard links
    is left as the spare, so the first rebuild need not make one."""
    data = package_dir()
    site, plain = tmp_path / "live" / "site", tmp_path / "plain" / "site"
    build_site(data, site, spare_ready=True)
    build_site(data, plain)
    wait_for_background()
    spare = site.parent / ".site.work" / "spare"
    files = [f.relative_to(site) for f in site.rglob("*") if f.is_file()]
    assert files and all((spare / f).samefile(site / f) for f in files)
    assert not (plain.parent / ".site.work" / "spare").exists()  # not unless asked
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    report = rebuild_and_compare(data, site, tmp_path)
    assert report.pages_rendered < len(files)


def test_search_index_has_generated_pages_escaped(built):
    data, site = built
    index = json.loads((site / "fi" / "search" / "search_index.json").read_text(encoding="utf-8"))
    goal = [d for d in index["docs"] if d["location"] == "testi-alue/testi-suunnitelma/testi-t1/"]
    assert len(goal) == 1 and "Ensimmäinen tavoite" in goal[0]["title"]
    sections = [d["location"] for d in index["docs"]
                if d["location"].startswith("testi-alue/testi-suunnitelma/testi-t1/#")]
    assert "testi-alue/testi-suunnitelma/testi-t1/#mittarit" in sections
    # Hand-written pages are indexed by the theme itself.
    assert any(d["location"].startswith("tietoa/saavutettavuus/") for d in index["docs"])


@pytest.mark.parametrize("how", [link_tree, link_tree_portably])
def test_linked_copy_shares_every_file(tmp_path, how):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "top.txt").write_text("1")
    (tmp_path / "a" / "b" / "deep.txt").write_text("2")
    how(tmp_path / "a", tmp_path / "copy")
    for rel in ("top.txt", "b/deep.txt"):
        assert (tmp_path / "copy" / rel).stat().st_ino == (tmp_path / "a" / rel).stat().st_ino


def test_build_command_says_how_much_it_made(tmp_path, package_dir):
    import re
    import subprocess
    import sys

    data, site = package_dir(), tmp_path / "site"

    def build(*extra: str) -> tuple[int, int]:
        result = subprocess.run([sys.executable, "-m", "seuranta.cli", "build", "--data", str(data),
                                 "--out", str(site), "--lang", "en", *extra],
                                capture_output=True, text=True, check=True)
        pages, charts = re.search(r"(\d+) pages made, (\d+) charts drawn", result.stdout).groups()
        return int(pages), int(charts)

    first = build()
    every_page = [p for lang in ("fi", "sv") for p in (site / lang).rglob("index.html")]
    assert first[0] == len(every_page) and first[1] > 0
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    again = build()
    # The goal page that shows the value and its chart and the indicator's embed page,
    # in fi and sv, plus the hand-written pages (always rendered: few, and their
    # titles are their own).
    from conftest import ROOT
    handwritten = len(list((ROOT / "docs").glob("??/**/*.md")))
    assert again == (handwritten + 4, 2)
    assert build("--full")[0] == first[0]


def test_an_installed_package_change_makes_the_next_build_a_full_one(tmp_path, monkeypatch):
    """Any package can change the pages (Babel's formats, altair's specs, Jinja…),
    so every installed package's version is in the fingerprint of the build's shell."""
    from seuranta.build import _shell_fingerprint

    before = _shell_fingerprint(5, "https://example.org/")
    (tmp_path / "somepackage-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _shell_fingerprint(5, "https://example.org/") != before


def test_a_build_gives_the_collector_back_as_it_found_it(tmp_path, package_dir):
    """The build pauses Python's collector of reference cycles and sets the package aside
    from it (build._Collector); a process that goes on (seuranta serve) gets it back as it
    was, after a build and after a failed one."""
    import gc

    from seuranta.build import BuildFailed

    data = package_dir()
    assert gc.isenabled()
    build_site(data, tmp_path / "site")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,lots,final")
    gc.disable()
    try:
        with pytest.raises(BuildFailed):
            build_site(data, tmp_path / "site")
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_where_processes_start_as_new_pythons_a_rebuild_writes_the_open_data_itself(built, tmp_path, monkeypatch):
    """A new Python would have to make again everything the last build's package gives a
    rebuild in the same process (seuranta serve, whose server runs a thread): there the
    open data is written by the build's own process; the site equals a full build."""
    import seuranta.build
    import seuranta.processes

    data, site = built
    monkeypatch.setattr(seuranta.build, "BACKGROUND_OPEN_DATA_FROM", 0)
    monkeypatch.setattr(seuranta.processes, "FORK", False)
    first = BuildReport()
    build_site(data, tmp_path / "site", report=first)  # no last package for it: a process of its own
    edit(data / "observations.csv", "2024-10-08,1133,final", "2024-10-08,1144,final")
    again = BuildReport()
    build_site(data, tmp_path / "site", report=again)
    assert (first.open_data_start, again.open_data_start) == ("spawn", "")
    full = tmp_path / "full" / "site"
    build_site(data, full, incremental=False)
    assert digest(tmp_path / "site") == digest(full)

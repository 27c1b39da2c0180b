"""Benchmark: the whole bilingual site at national scale (not a test).

    make bench                       # 22 organisations × 3 plans × 8 goals × 6 indicators × 12 values
    make bench BENCH_ARGS="--organisations 4"

Measures in one run and prints as a table: the cold build; the same pages built
by a plain mkdocs-material build of equivalent static Markdown (no data, no
charts) as the baseline, and the ratio (the medians of --cold-runs of each,
taking turns); the warm rebuild after one observation
changed (the median of --warm-runs rebuilds, each after another value
changed); the CPU seconds of the cold build and of the baseline (all processes:
the work done, steadier than the wall time on a shared machine); ms per page;
peak memory; chart render time; and per page type the gzip bytes transferred,
all included, and without scripts. It first waits (at most 6 minutes; --no-wait:
not at all) until creating a file costs what it does on a quiet disk: on this
machine that takes some minutes after many files were deleted (README, "Commands").
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from synthetic import generate  # noqa: E402

from seuranta.build import BuildReport, build_site  # noqa: E402


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def spread(seconds: list[float]) -> str:
    return f"{min(seconds):.1f}–{max(seconds):.1f} s"


def cpu_seconds() -> float:
    """CPU time used so far by this process and the processes it has waited for (Node,
    MkDocs, the open data's): the work done, which on a shared two-core machine says
    more than the wall time about what a change saved."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plain_site(pages: list[Path], site: Path, work: Path) -> float:
    """Equivalent static Markdown (same paths and titles, a paragraph each) with plain mkdocs-material."""
    docs = work / "docs"
    for lang in ("fi", "sv"):
        for page in pages:
            # Embed pages are written by Seuranta itself, never by MkDocs: not in the baseline.
            if not page.is_relative_to(site / lang) or "embed" in page.relative_to(site).parts:
                continue
            rel = page.relative_to(site / lang).parent / "index.md"
            title = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
            text = re.sub(r"<[^>]+>", "", title.group(1)) if title else "Sivu"
            (docs / lang / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / lang / rel).write_text(f"# {text}\n\nTekstiä.\n", encoding="utf-8")
    seconds = 0.0
    for lang in ("fi", "sv"):
        config = work / f"mkdocs.{lang}.yml"
        config.write_text(f"site_name: Plain\ndocs_dir: docs/{lang}\nsite_dir: out/{lang}\n"
                          "theme:\n  name: material\n  font: false\n"
                          "  features: [navigation.sections, navigation.indexes, navigation.prune]\n",
                          encoding="utf-8")
        start = time.perf_counter()
        # (without the theme's notice of its end of life, printed when run as `mkdocs`)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True, cwd=work,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        seconds += time.perf_counter() - start
    return seconds


def file_creation_us(folder: Path, count: int = 2000) -> float:
    """Microseconds to create one small file here, now (from `count`; they stay until the
    bench ends). On this machine's ext4 it is about 40 µs on a quiet disk and up to ten
    times that in the minutes after many files were deleted (a test run, an earlier
    bench): the cold build creates some 45,000 files and folders, plain MkDocs 3,000."""
    folder.mkdir(parents=True)
    start = time.perf_counter()
    for n in range(count):
        (folder / f"{n}.svg").write_bytes(b"<svg/>" * 500)
    return 1e6 * (time.perf_counter() - start) / count


QUIET_US = 80  # creating a file costs about 40 µs on a quiet disk here, 100–400 µs on a busy one


def wait_for_a_quiet_disk(folder: Path, most: float = 360) -> float:
    """Seconds waited (at most `most`) until creating a file here costs under QUIET_US:
    measured on a busy disk, the cold build (45,000 files and folders) is charged for
    what ran before the bench (a test run, an earlier bench deleting its sites), and
    plain MkDocs (3,000) hardly. The disk settles some minutes after the deletions
    (ext4 passes over inodes freed in the last 5 minutes). A probe is one folder's
    files: it says how busy the disk is, not exactly what a build will meet."""
    start = time.perf_counter()
    while True:
        cost = file_creation_us(folder / f"{time.perf_counter() - start:.0f}", 1000)
        waited = time.perf_counter() - start
        if cost < QUIET_US or waited >= most:
            return waited
        print(f"waiting for a quiet disk: creating a file costs {cost:.0f} µs (quiet: under {QUIET_US}), "
              f"{waited:.0f} s so far", file=sys.stderr, flush=True)
        time.sleep(15)


def _peaks() -> tuple[float, float]:
    """The peak resident size so far, MiB, of this process and of the largest process it started."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def transfer(site: Path, page: Path) -> tuple[int, int]:
    """The gzip bytes a page transfers without its scripts (HTML, CSS, images: the
    chart SVGs, counted even where they load lazily) and with everything: plus JS, and
    what the theme's script fetches on load where the page has its search form (the
    search worker and the language's search index: the search page only)."""
    html = page.read_text(encoding="utf-8")
    css = re.findall(r'<link[^>]+href="([^"#?]+\.css)"', html)
    images = re.findall(r'<img[^>]+src="([^"#?]+)"', html)
    scripts = re.findall(r'<script[^>]+src="([^"#?]+)"', html)
    size = lambda refs: sum(gz((page.parent / ref).resolve()) for ref in set(refs))  # noqa: E731
    without_scripts = gz(page) + size(css) + size(images)
    fetched = 0
    worker = re.search(r'"search":\s*"([^"]+)"', html)  # in the theme's __config
    if worker and 'name="search"' in html:  # the theme fetches the index where its search form is
        language = site / page.relative_to(site).parts[0]
        fetched = size([worker.group(1)]) + gz(language / "search" / "search_index.json")
    return without_scripts, without_scripts + size(scripts) + fetched


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=22)
    parser.add_argument("--plans", type=int, default=3)
    parser.add_argument("--goals", type=int, default=8)
    parser.add_argument("--indicators", type=int, default=6)
    parser.add_argument("--observations", type=int, default=12)
    parser.add_argument("--cold-runs", type=int, default=3,
                        help="cold builds measured, each followed by a plain build (medians compared)")
    parser.add_argument("--warm-runs", type=int, default=5, help="rebuilds measured after a one-value change")
    parser.add_argument("--no-wait", action="store_true",
                        help="measure at once, even when the disk is busy (see wait_for_a_quiet_disk)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        counts = generate(tmp / "data", args.organisations, args.plans, args.goals, args.indicators,
                          args.observations)
        waited = 0.0 if args.no_wait else wait_for_a_quiet_disk(tmp / "settling")
        creating = file_creation_us(tmp / "probe")
        # Cold builds and plain builds take turns, each into a folder of its own: one
        # run on this shared machine varies by ±7 %; the medians are compared. Nothing
        # is deleted until the end: on this machine's ext4, creating files in the minutes
        # after many were deleted costs several times the system time (the allocator
        # passes over each recently freed inode), and a cold build creates some 45,000
        # files and folders where the plain one creates 3,000 (README, "Commands").
        colds: list[tuple[float, float, BuildReport]] = []  # seconds, CPU seconds, report
        plains: list[tuple[float, float]] = []
        for run in range(args.cold_runs):
            site = tmp / f"out{run}" / "site"
            report = BuildReport()
            cpu = cpu_seconds()
            seconds = timed(build_site, tmp / "data", site, report=report)
            colds.append((seconds, cpu_seconds() - cpu, report))
            pages = sorted(site.glob("[fs][iv]/**/index.html"))
            cpu = cpu_seconds()
            plains.append((plain_site(pages, site, tmp / f"plain{run}"), cpu_seconds() - cpu))
        # Peak memory so far (resident size, MiB) of this process and of the largest process it started
        # (a language's, the open data's, Node's, plain MkDocs'), before the rebuilds.
        cold_peaks = _peaks()
        cold, cold_cpu, cold_report = sorted(colds, key=lambda c: c[0])[len(colds) // 2]
        plain, plain_cpu = sorted(plains)[len(plains) // 2]
        cold_steps = cold_report.seconds
        charts = len(list((site / "charts").glob("*/*.svg")))
        # One value changes: the warm rebuild re-renders only that indicator's charts.
        # Measured several times (another value each time): one run on a shared
        # machine varies by ±15 %; the median is reported, with the range.
        path = tmp / "data" / "observations.csv"
        warm_runs = []
        for run in range(args.warm_runs):
            rows = list(csv.reader(path.open(encoding="utf-8")))
            row = next(r for r in range(1 + run * args.observations, len(rows)) if rows[r][4])  # another indicator
            rows[row][4] = str(int(float(rows[row][4])) + 1)
            with path.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
            del rows  # (50,000 rows of text: not to be counted in the build's peak memory)
            report = BuildReport()
            warm_runs.append((timed(build_site, tmp / "data", site, report=report), report.seconds))
        warm, warm_steps = sorted(warm_runs, key=lambda r: r[0])[len(warm_runs) // 2]
        warm_range = spread([w for w, _ in warm_runs])
        peaks = _peaks()
        peak_mib = max(peaks)
        types = {f"{kind} ({lang})": site / lang / path / "index.html" for lang in ("fi", "sv") for kind, path in (
            ("home", ""), ("organisation", "alue-1"), ("plan", "alue-1/alue-1-p1"),
            ("goal", "alue-1/alue-1-p1/alue-1-p1-t1"))}
        print(f"package: {counts['observations']:,} observations, {counts['indicators']:,} indicators, "
              f"{counts['goals']:,} goals; site: {len(pages):,} pages, {charts:,} chart SVGs")
        print(f"{'measure':<44}{'value':>12}{'× plain':>10}")
        print(f"{'plain mkdocs-material, same pages (baseline)':<44}{plain:>11.1f}s{1:>10.2f}"
              f"   median of {len(plains)}, {spread([p for p, _ in plains])}")
        print(f"{'Seuranta cold build (validate, charts, site)':<44}{cold:>11.1f}s{cold / plain:>10.2f}"
              f"   median of {len(colds)}, {spread([c for c, _, _ in colds])}")
        print(f"{'Seuranta rebuild after one value changed':<44}{warm:>11.1f}s{warm / plain:>10.2f}"
              f"   median of {len(warm_runs)}, {warm_range}")
        cpu_shown = f"{plain_cpu:.0f} / {cold_cpu:.0f}"
        print(f"{'CPU seconds, plain / cold build':<44}{cpu_shown:>12}{cold_cpu / plain_cpu:>10.2f}")
        print(f"{'ms per page, cold':<44}{1000 * cold / len(pages):>10.1f}ms")
        print(f"{'ms per page, plain':<44}{1000 * plain / len(pages):>10.1f}ms")
        print(f"{'creating a file here, before the builds':<44}{creating:>10.0f}µs   (quiet disk: about 40; "
              f"waited {waited:.0f} s for it)")
        print(f"{'peak memory (largest process)':<44}{peak_mib:>9.0f}MiB")
        print(f"{'peak memory, the build process, cold':<44}{max(cold_report.peak_mib.values()):>9.0f}MiB")
        print(f"{'peak memory, this process / a child, colds':<44}{cold_peaks[0]:>5.0f} / {cold_peaks[1]:.0f}MiB")
        print(f"{'peak memory, this process / a child, all':<44}{peaks[0]:>5.0f} / {peaks[1]:.0f}MiB")
        print("steps (cold / the median warm run; the CPU seconds of the process that ran it, cold;"
              " that process's peak memory after it, cold):")
        for step in {**cold_steps, **warm_steps}:
            c, w = cold_steps.get(step, "–"), warm_steps.get(step, "–")
            shown = " / ".join(f"{x:.1f} s" if isinstance(x, float) else str(x) for x in (c, w))
            cpu = cold_report.cpu_seconds.get(step)
            peak = cold_report.peak_mib.get(step)
            print(f"  {step:<40}{shown:>22}" + (f"{cpu:>7.1f} s" if cpu is not None else " " * 9)
                  + (f"{peak:>9.0f}MiB" if peak else ""))
        print("gzip bytes per page type, all included (HTML + CSS + JS + chart images):")
        for name, page in types.items():
            static, everything = transfer(site, page)
            print(f"  {name:<19}{everything / 1024:>8.0f} KiB; {static / 1024:.0f} KiB without scripts "
                  f"(× {everything / static:.2f} with them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

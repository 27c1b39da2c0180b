"""Benchmark: chart cost and page weight on the shipped data (not a test).

Prints per chart the median time to make the Vega-Lite spec with altair directly
(the baseline, measured in the same run) and from Seuranta's templates; the time
to draw an SVG from each whole spec (the baseline: each chart compiled and parsed
anew, in the same Node renderer), from Seuranta's templates (each compiled and
parsed once; one batch, per chart) and in Python by charts/plot.py (as the build
draws indicator charts); the SVG size; and the gzip bytes a goal page transfers,
all included and without scripts.

    make bench-charts
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import transfer  # noqa: E402

from seuranta.build import build_site  # noqa: E402
from seuranta.charts import output  # noqa: E402
from seuranta.charts import specs as charts  # noqa: E402
from seuranta.model.load import load_package  # noqa: E402


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def direct_altair_spec(package, indicator, lang):
    """Baseline: a fresh altair chart per indicator, as altair is usually used."""
    charts._indicator_template.cache_clear()
    return charts.indicator_spec(package, indicator, lang)


def main() -> int:
    package = load_package(ROOT / "data")
    with_values = [i for i in package.indicators if package.observations_of(i.id)]
    base_times = [timed(direct_altair_spec, package, i, "fi")[0] for i in with_values]
    charts.indicator_spec(package, with_values[0], "fi")  # warm the template cache
    template_times, specs = zip(*[timed(charts.indicator_spec, package, i, "fi") for i in with_values],
                                strict=True)
    from seuranta.charts import drawing

    whole_seconds, _ = timed(drawing.draw, [{"lang": "fi", "spec": spec} for spec in specs], charts.locales(), 1)
    whole_times = [whole_seconds / len(specs)]  # a batch has one time: its mean per chart
    jobs = [(charts.indicator_chart(package, i, lang), lang) for i in with_values for lang in ("fi", "sv")]
    batch_seconds, _ = timed(output.render_svgs, jobs, 1, True)
    batch_times = [batch_seconds / len(jobs)]  # a batch has one time: its mean per chart
    plot_seconds, svgs = timed(lambda: [output.drawn_directly(chart, lang) for chart, lang in jobs])
    plot_times = [plot_seconds / len(jobs)]
    sizes = [len(s.encode()) for s in svgs]
    ms = lambda xs: 1000 * statistics.median(xs)  # noqa: E731
    print(f"charts: {len(with_values)} indicators with values (Finnish)")
    print(f"{'step (median per chart)':<40}{'ms':>8}{'× baseline':>12}")
    for label, times in (("spec, fresh altair chart (baseline)", base_times),
                         ("spec, Seuranta template + data", template_times)):
        print(f"{label:<40}{ms(times):>8.1f}{ms(times) / ms(base_times):>12.2f}")
    print(f"{'SVG, each whole spec anew (baseline)':<40}{ms(whole_times):>8.1f}{1:>12.2f}")
    print(f"{f'SVG, from templates ({len(jobs)} in one batch)':<40}{ms(batch_times):>8.1f}"
          f"{ms(batch_times) / ms(whole_times):>12.2f}")
    print(f"{'SVG, drawn in Python (charts/plot.py)':<40}{ms(plot_times):>8.1f}"
          f"{ms(plot_times) / ms(whole_times):>12.2f}")
    print(f"SVG size: median {statistics.median(sizes) / 1024:.1f} KiB, "
          f"gzip {statistics.median(len(gzip.compress(s.encode(), 9)) for s in svgs) / 1024:.1f} KiB")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        seconds, _ = timed(build_site, ROOT / "data", site)
        print(f"full bilingual build: {seconds:.1f} s")
        page = site / "fi" / "pohjois-savo" / "ps-perhe-ja-vammaispalvelut-2025" / "ps-pv-t7" / "index.html"
        static, everything = transfer(site, page)
        print(f"goal page ps-pv-t7 (3 charts), gzip, all included (HTML + CSS + JS + images): "
              f"{everything / 1024:.0f} KiB; {static / 1024:.0f} KiB without scripts (× {everything / static:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

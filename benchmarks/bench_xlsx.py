"""Benchmark: writing seuranta.xlsx at national scale (not a test).

    python benchmarks/bench_xlsx.py                     # 22 organisations, ~38 000 observations
    python benchmarks/bench_xlsx.py --observations 19   # ~60 000 observations

Generates a package (synthetic.py), loads it as a build does and times only the
workbook (opendata.xlsx.workbook) over the same tables, the median of --runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from synthetic import generate  # noqa: E402

from seuranta.check.schema import load_schema  # noqa: E402
from seuranta.model.load import load_package  # noqa: E402
from seuranta.opendata.downloads import published_descriptor, status_rows, table_rows  # noqa: E402
from seuranta.opendata.releases import citation_line, release_date  # noqa: E402
from seuranta.opendata.xlsx import workbook  # noqa: E402
from seuranta.status.evaluate import all_statuses  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=22)
    parser.add_argument("--observations", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        counts = generate(Path(tmp) / "data", args.organisations, observations=args.observations)
        package = load_package(Path(tmp) / "data")
    described = published_descriptor(package)
    tables = {name: table_rows(package, r) for name, r in load_schema().items()}
    tables["status"] = status_rows(all_statuses(package).values())
    citations = [citation_line(described, lang) for lang in ("fi", "sv")]
    seconds, size = [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        size = len(workbook(described, tables, release_date(described), citations))
        seconds.append(time.perf_counter() - start)
    print(f"observations: {counts['observations']}, cells: {sum(len(r) for t in tables.values() for r in t)}")
    print(f"workbook: {statistics.median(seconds):.2f} s (median of {args.runs}: "
          f"{', '.join(f'{s:.2f}' for s in seconds)}), {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

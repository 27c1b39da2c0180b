"""Benchmark: validate a package with ~100,000 observations (not a test).

Prints rows per second, and the time relative to a baseline measured in the
same process: merely reading the same CSV files with the csv module.

    make bench-validate
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402

from seuranta.check.validate import validate  # noqa: E402


def read_only(folder: Path) -> int:
    rows = 0
    for path in folder.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            rows += sum(1 for _ in csv.reader(f)) - 1
    return rows


def best_of(n: int, fn):
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "package"
        # 22 × 3 × 8 × 6 = 3,168 indicators × 24 months, every third month with a
        # koko-maa value too: 101,376 observations
        counts = generate(folder, observations=24)
        total = sum(counts.values())
        baseline, rows = best_of(3, lambda: read_only(folder))
        elapsed, report = best_of(3, lambda: validate(folder))
        assert rows == total == report.rows_checked, (rows, total, report.rows_checked)
        print(f"observations: {counts['observations']:,}   rows in all files: {total:,}")
        print(f"problems found: {len(report.problems)} (expected 0)")
        print(f"{'step':<28}{'seconds':>10}{'rows/s':>14}{'× baseline':>12}")
        print(f"{'read CSV only (baseline)':<28}{baseline:>10.2f}{total / baseline:>14,.0f}{1:>12.1f}")
        print(f"{'seuranta validate':<28}{elapsed:>10.2f}{total / elapsed:>14,.0f}"
              f"{elapsed / baseline:>12.1f}")
        print(f"goal: under 10 s on a 2-core machine -> {'met' if elapsed < 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

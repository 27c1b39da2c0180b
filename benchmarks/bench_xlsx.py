"""Benchmark: writing seuranta.xlsx at national scale (not a test).

    python benchmarks/bench_xlsx.py                     # 22 organisations, ~50 000 observations
    python benchmarks/bench_xlsx.py --observations 19   # ~80 000 observations
    git show REV:seuranta/opendata/xlsx.py > /tmp/old.py
    python benchmarks/bench_xlsx.py --also /tmp/old.py  # and an earlier writer, in the same process

Generates a package (synthetic.py), loads it as a build does and times only the
workbook over the same tables, the median of --runs (wall clock, and CPU time,
which other work on the machine disturbs less): opendata.xlsx.workbook
(XlsxWriter), a plain openpyxl write-only workbook of the same typed cells as a
baseline (no documentation sheet, no styles but the date format), and --also.
Peak memory is Python's (tracemalloc) in one extra run of each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from synthetic import generate  # noqa: E402

from seuranta.check.schema import load_schema  # noqa: E402
from seuranta.model.load import load_package  # noqa: E402
from seuranta.opendata.downloads import published_descriptor, status_rows, table_rows  # noqa: E402
from seuranta.opendata.releases import citation_line, release_date  # noqa: E402
from seuranta.opendata.xlsx import DATE_FORMAT, typed, workbook  # noqa: E402
from seuranta.status.evaluate import all_statuses  # noqa: E402


def openpyxl_write_only(described: dict[str, Any], tables: dict[str, list[list[str]]], *_: Any) -> bytes:
    """The baseline: the same typed cells through openpyxl's write-only cells."""
    book = Workbook(write_only=True)
    for r in described["resources"]:
        ws = book.create_sheet(r["name"])
        fields = r["schema"]["fields"]
        for row in tables.get(r["name"], []):
            cells = []
            for text, f in zip(row, fields, strict=True):
                cell = WriteOnlyCell(ws, value=typed(text, f.get("type", "string"), f))
                if f.get("type") == "date":
                    cell.number_format = DATE_FORMAT
                cells.append(cell)
            ws.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load_writer(path: Path) -> Callable[..., bytes]:
    spec = importlib.util.spec_from_file_location("other_xlsx", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.workbook  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=22)
    parser.add_argument("--observations", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--also", type=Path, help="another xlsx.py to time the same way")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        counts = generate(Path(tmp) / "data", args.organisations, observations=args.observations)
        package = load_package(Path(tmp) / "data")
    described = published_descriptor(package)
    tables = {name: table_rows(package, r) for name, r in load_schema().items()}
    tables["status"] = status_rows(all_statuses(package).values())
    inputs: tuple[Any, ...] = (described, tables, release_date(described),
                               [citation_line(described, lang) for lang in ("fi", "sv")])
    writers: dict[str, Callable[..., bytes]] = {"xlsx.workbook (XlsxWriter)": workbook,
                                                "openpyxl write-only baseline": openpyxl_write_only}
    if args.also:
        writers[f"--also {args.also}"] = load_writer(args.also)
    print(f"observations: {counts['observations']}, cells: {sum(len(r) for t in tables.values() for r in t)}")
    for name, write in writers.items():
        seconds, cpu, size = [], [], 0
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            size = len(write(*inputs))
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        tracemalloc.start()
        write(*inputs)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{name}: {statistics.median(seconds):.2f} s (median of {args.runs}: "
              f"{', '.join(f'{s:.2f}' for s in seconds)}; CPU {statistics.median(cpu):.2f} s), {size} bytes, "
              f"peak Python memory {peak / 2**20:.0f} MiB")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
          f"({dt.datetime.now():%H:%M})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: `seuranta validate` and `seuranta build`.

Thin wrappers over library calls; every failure a user can cause ends in a
plain message and an exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from seuranta.check.problems import ERROR, WARNING, Report
from seuranta.check.validate import validate
from seuranta.settings import SMALL_COUNT_THRESHOLD

WORDS = {
    "fi": {"errors": "Virheet", "warnings": "Varoitukset", "no_dir": "Kansiota ei löydy"},
    "en": {"errors": "Errors", "warnings": "Warnings", "no_dir": "Folder not found"},
}


def print_report(report: Report, lang: str, out: TextIO = sys.stdout) -> None:
    words = WORDS[lang]
    ordered = report.sorted()
    errors = [p for p in ordered if p.severity == ERROR]
    warnings = [p for p in ordered if p.severity == WARNING]
    for title, group in ((words["errors"], errors), (words["warnings"], warnings)):
        if group:
            print(f"{title} ({len(group)}):", file=out)
            for p in group:
                print(p.format(lang), file=out)
            print(file=out)
    print(report.summary(lang), file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        print(f"{WORDS[args.lang]['no_dir']}: {data_dir}", file=sys.stderr)
        return 1
    report = validate(data_dir, small_count_threshold=args.small_count)
    print_report(report, args.lang)
    return 0 if report.valid else 1


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from seuranta.build import BuildFailed, Timings, build_site

    timings: Timings = {}
    start = time.perf_counter()
    try:
        out = build_site(Path(args.data), Path(args.out), timings=timings,
                         incremental=not args.full, small_count=args.small_count)
    except BuildFailed as e:
        if e.report is not None:
            print_report(e.report, args.lang, out=sys.stderr)
        else:
            print(str(e), file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    charts = str(timings.get("charts rendered / reused", "0")).split(" / ")[0]
    pages = timings.get("pages rendered", 0)
    if args.lang == "fi":
        took = f"{seconds:.1f}".replace(".", ",")  # Finnish decimal comma
        print(f"Sivusto valmis: {out}/index.html ({took} s; sivuja tehty {pages}, kaavioita piirretty {charts})")
    else:
        print(f"Site built: {out}/index.html ({seconds:.1f} s; {pages} pages made, {charts} charts drawn)")
    return 0


def _small_count_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--small-count", type=int, default=SMALL_COUNT_THRESHOLD, metavar="N",
                        help=f"asiakasmäärät 1..N-1 on salattava (oletus {SMALL_COUNT_THRESHOLD}) / "
                             "counts of clients 1..N-1 must be suppressed")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seuranta", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="tarkista CSV-tiedostot / check the CSV files")
    v.add_argument("data_dir", nargs="?", default="data", help="kansio (oletus data/)")
    v.add_argument("--lang", choices=("fi", "en"), default="fi", help="viestien kieli")
    _small_count_option(v)
    v.set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="rakenna sivusto / build the site")
    b.add_argument("--data", default="data", help="datakansio (oletus data/)")
    b.add_argument("--out", default="site", help="sivuston kansio (oletus site/)")
    b.add_argument("--lang", choices=("fi", "en"), default="fi", help="viestien kieli")
    _small_count_option(b)
    b.add_argument("--full", action="store_true",
                   help="rakenna kaikki sivut alusta / rebuild every page (no incremental rebuild)")
    b.set_defaults(func=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.func  # set by each subcommand
    try:
        return command(args)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a last guard: a person should never see a traceback
        print(f"seuranta: odottamaton virhe / unexpected error: {type(e).__name__}: {e}",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

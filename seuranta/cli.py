"""Command line: `seuranta validate`, `build`, `diff`, `import` and `serve`.

Thin wrappers over library calls; every failure a user can cause ends in a
plain message and an exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from seuranta.check.problems import Report, report_text
from seuranta.check.validate import validate
from seuranta.settings import SMALL_COUNT_THRESHOLD, unfilled_settings

NOT_FOUND = {"fi": "Kansiota ei löydy", "sv": "Mappen hittas inte", "en": "Folder not found"}


def print_report(report: Report, lang: str, out: TextIO = sys.stdout) -> None:
    print(report_text(report, lang), end="", file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        print(f"{NOT_FOUND[args.lang]}: {data_dir}", file=sys.stderr)
        return 1
    report = validate(data_dir, small_count_threshold=args.small_count)
    if args.format == "github":
        from seuranta.staff.checks import github_annotations

        print(github_annotations(report, data_dir, _two(args.lang)), end="")
    elif args.format == "markdown":
        from seuranta.staff.checks import markdown_problems

        print(markdown_problems(report, _two(args.lang)), end="")
    else:
        print_report(report, args.lang)
    return 0 if report.valid else 1


def _two(lang: str) -> str:
    return lang if lang in ("fi", "sv") else "fi"


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from seuranta.build import BuildFailed, BuildReport, build_site

    result = BuildReport()
    start = time.perf_counter()
    try:
        out = build_site(Path(args.data), Path(args.out), report=result,
                         incremental=not args.full, small_count=args.small_count,
                         site_url=args.site_url)
    except BuildFailed as e:
        if e.report is not None:
            print_report(e.report, args.lang, out=sys.stderr)
        else:
            print(str(e), file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    charts, pages = result.charts_drawn, result.pages_rendered
    took = f"{seconds:.1f}".replace(".", ",")  # decimal comma in Finnish and Swedish
    if args.lang == "fi":
        print(f"Sivusto valmis: {out}/index.html ({took} s; sivuja tehty {pages}, kaavioita piirretty {charts})")
    elif args.lang == "sv":
        print(f"Webbplatsen klar: {out}/index.html ({took} s; {pages} sidor gjorda, {charts} diagram ritade)")
    else:
        print(f"Site built: {out}/index.html ({seconds:.1f} s; {pages} pages made, {charts} charts drawn)")
    unfilled = unfilled_settings()
    if unfilled:  # the statement and privacy pages show the gaps; publishing needs them filled
        print("Varoitus / Varning / Warning: täytä ennen julkaisua / fyll i före publicering / fill in "
              f"before publishing (seuranta/settings.py): {', '.join(unfilled)}", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from seuranta.staff.diff import compare, data_folder, render

    try:
        with data_folder(args.base, args.data) as base, data_folder(args.head, args.data) as head:
            review = compare(base, head)
    except ValueError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(render(review, args.lang, markdown=args.format == "markdown"), end="")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from seuranta.i18n import catalog
    from seuranta.staff.spreadsheet import ImportRefused, import_file

    words = catalog(args.lang)
    if not Path(args.file).is_file() or not Path(args.into).is_dir():
        missing = args.file if not Path(args.file).is_file() else args.into
        print(f"{NOT_FOUND['fi']} / not found: {missing}", file=sys.stderr)
        return 1
    try:
        done = import_file(Path(args.file), Path(args.into), args.table)
    except ImportRefused as e:
        print(words["import.refused"], file=sys.stderr)
        for note in e.refusals:
            print(note.line(words), file=sys.stderr)
        return 1
    if done.conversions:
        print(f"{words['import.conversions']} ({len(done.conversions)}):")
        for note in done.conversions:
            print(note.line(words))
    print(f"{words['import.written']}: " + ", ".join(f"{args.into}/{name}.csv" for name in done.tables))
    print(words["import.next"])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from seuranta.staff.serve import serve

    serve(Path(args.data), Path(args.out), port=args.port, lang=args.lang)
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
    v.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="viestien kieli / språk / language")
    _small_count_option(v)
    v.add_argument("--format", choices=("text", "github", "markdown"), default="text",
                   help="text; github (annotations in a pull request); markdown (review comment, job summary)")
    v.set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="rakenna sivusto / build the site")
    b.add_argument("--data", default="data", help="datakansio (oletus data/)")
    b.add_argument("--out", default="site", help="sivuston kansio (oletus site/)")
    b.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="viestien kieli / språk / language")
    _small_count_option(b)
    b.add_argument("--site-url", default=None, metavar="URL",
                   help="julkaisuosoite / publiceringsadress / published address, "
                        "e.g. https://seuranta.example.fi/ (default: SEURANTA_SITE_URL or the preview's)")
    b.add_argument("--full", action="store_true",
                   help="rakenna kaikki sivut alusta / rebuild every page (no incremental rebuild)")
    b.set_defaults(func=cmd_build)
    d = sub.add_parser("diff", help="mitä muutos tekee dataan / what a change does to the data")
    d.add_argument("base", help="vanha datakansio tai git-versio (esim. main) / old data folder or git ref")
    d.add_argument("head", help="uusi datakansio tai git-versio (esim. HEAD) / new data folder or git ref")
    d.add_argument("--data", default="data", help="datakansio git-versioissa (oletus data)")
    d.add_argument("--lang", choices=("fi", "sv"), default="fi", help="kieli / språk")
    d.add_argument("--format", choices=("markdown", "text"), default="text",
                   help="markdown (pull requestin kommentti) tai text")
    d.set_defaults(func=cmd_diff)
    i = sub.add_parser("import", help="tuo Excel- tai CSV-taulukko / import a spreadsheet")
    i.add_argument("file", help=".xlsx (sivuston työkirja) tai Excelin CSV / .xlsx or a CSV saved by Excel")
    i.add_argument("--into", default="data", help="datakansio (oletus data/)")
    i.add_argument("--table", default=None, help="taulukon nimi, jos sitä ei tunnisteta (esim. observations)")
    i.add_argument("--lang", choices=("fi", "sv"), default="fi", help="kieli / språk")
    i.set_defaults(func=cmd_import)
    s = sub.add_parser("serve", help="esikatselu, joka päivittyy muutoksista / live preview")
    s.add_argument("--data", default="data", help="datakansio (oletus data/)")
    s.add_argument("--out", default="site", help="sivuston kansio (oletus site/)")
    s.add_argument("--port", type=int, default=8000, help="portti (oletus 8000)")
    s.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="viestien kieli / språk / language")
    s.set_defaults(func=cmd_serve)
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

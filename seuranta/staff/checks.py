"""The validator's report where a pull request shows it: GitHub annotations on the
changed CSV lines, and a Markdown table for the review comment and job summary."""

from __future__ import annotations

from pathlib import Path

from seuranta.check.problems import ERROR, REPORT_WORDS, Problem, Report

COLUMNS = {"fi": ("Tiedosto", "Rivi", "Sarake", "Ongelma"), "sv": ("Fil", "Rad", "Kolumn", "Problem")}


def github_annotations(report: Report, data_dir: Path, lang: str = "fi") -> str:
    """One workflow command per problem (`::error file=…,line=…::…`): GitHub shows each
    on the changed line of the pull request."""
    lines = []
    for p in report.sorted():
        kind = "error" if p.severity == ERROR else "warning"
        where = f"file={_property(str(Path(data_dir) / p.file))}"
        if p.row is not None:  # the file line the row starts on: a quoted cell may span lines
            where += f",line={report.line(p.file, p.row)}"
        title = _property(f"{p.file}:{p.row}" + (f" {p.column}" if p.column else "") if p.row else p.file)
        lines.append(f"::{kind} {where},title={title}::{_data(p.format(lang))}")
    return "\n".join(lines) + ("\n" if lines else "")


def markdown_problems(report: Report, lang: str = "fi") -> str:
    """The problems as Markdown tables, errors first; the summary line last."""
    errors_t, warnings_t = REPORT_WORDS[lang]["errors"], REPORT_WORDS[lang]["warnings"]
    file_t, row_t, column_t, problem_t = COLUMNS[lang]
    out = []
    for title, group in ((errors_t, report.errors), (warnings_t, report.warnings)):
        group = [p for p in report.sorted() if p in group]
        if not group:
            continue
        out += [f"### {title} ({len(group)})", "", f"| {file_t} | {row_t} | {column_t} | {problem_t} |",
                "|---|---|---|---|"]
        out += [f"| {_cell(p.file)} | {p.row or ''} | {_cell(p.column or '')} | {_cell(_message(p, lang))} |"
                for p in group]
        out.append("")
    out.append(report.summary(lang))
    return "\n".join(out) + "\n"


def _message(p: Problem, lang: str) -> str:
    text = p.message(lang)
    return text + (f" ({p.value!r})" if p.value and "{value}" not in p.kind.template(lang) else "")


def _cell(text: str) -> str:
    # Data text in a table cell: no pipes, no line breaks, no HTML or Markdown markup.
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
            .replace("`", "\\`").replace("*", "\\*").replace("_", "\\_").replace("[", "\\["))


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")

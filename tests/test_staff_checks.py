"""The validator's report where a pull request shows it: annotations and the review table."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

from seuranta.check.validate import validate
from seuranta.staff.checks import github_annotations, markdown_problems


def test_annotations_point_at_the_file_and_line(package_dir):
    data = package_dir("decimal-comma")
    lines = github_annotations(validate(data), data).splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith(f"::error file={data / 'observations.csv'},line=5,title=observations.csv%3A5 value::")
    assert "desimaalipilkku" in line


def test_a_message_with_a_newline_or_percent_stays_one_annotation(package_dir):
    data = package_dir()
    goals = data / "goals.csv"
    goals.write_text(goals.read_text(encoding="utf-8").replace("Toinen tavoite", '"Toinen\n100 % tavoite"'),
                     encoding="utf-8")
    text = github_annotations(validate(data), data)
    assert all(line.startswith("::") for line in text.splitlines())


def test_the_review_table_escapes_data_text(package_dir):
    data = package_dir()
    goals = data / "goals.csv"
    goals.write_text(goals.read_text(encoding="utf-8").replace("testi-t2,", "Testi|<b>T2</b>,", 1),
                     encoding="utf-8")
    text = markdown_problems(validate(data), "sv")
    assert text.startswith("### Fel (")
    row = next(line for line in text.splitlines() if line.startswith("| goals.csv | 3 | id |"))
    assert "<b>" not in row and "\\|" in row  # no HTML, and the pipe cannot open a new cell
    assert text.rstrip().splitlines()[-1].startswith("Uppgifterna godkänns inte")


def test_the_command_writes_each_format(package_dir):
    data = package_dir("decimal-comma")
    for fmt, expected in (("github", "::error file="), ("markdown", "### Virheet (1)")):
        done = subprocess.run([sys.executable, "-m", "seuranta.cli", "validate", str(data), "--format", fmt],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 1 and done.stdout.startswith(expected), done.stdout


def test_an_annotation_after_a_multi_line_cell_points_at_the_rows_first_line(package_dir):
    data = package_dir()
    goals = data / "goals.csv"
    text = goals.read_text(encoding="utf-8")
    # Row 2 spans three file lines; row 3 (with a bad id) starts on line 5.
    text = text.replace("Ensimmäinen tavoite,", '"Ensimmäinen\nkahdella\nrivillä",')
    text = text.replace("testi-t2,", "Testi-T2,", 1)
    goals.write_text(text, encoding="utf-8")
    report = validate(data)
    problem = next(p for p in report.errors if p.file == "goals.csv")
    assert problem.row == 3  # as a spreadsheet shows it
    assert f"file={data / 'goals.csv'},line=5," in github_annotations(report, data)


def test_a_nul_byte_after_a_multi_line_cell_names_the_right_row(package_dir):
    data = package_dir()
    goals = data / "goals.csv"
    text = goals.read_text(encoding="utf-8").replace("Ensimmäinen tavoite,", '"Ensimmäinen\nkahdella\nrivillä",')
    goals.write_text(text.replace("Toinen tavoite", "Toinen\x00 tavoite"), encoding="utf-8")
    assert [(p.file, p.row, p.code) for p in validate(data).errors] == [("goals.csv", 3, "nul-byte")]

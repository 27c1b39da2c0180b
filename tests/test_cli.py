"""The validator as staff run it: exit codes, one line per problem, no tracebacks."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT, SITE_DATA

LINE = re.compile(r"^[a-z_]+\.csv(:\d+)?: ([a-z_, ]+: )?.+$")


def run(*args):
    return subprocess.run([sys.executable, "-m", "seuranta.cli", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_valid_package_exits_zero():
    result = run("validate", str(SITE_DATA))  # the fixture site: valid, with warnings
    assert result.returncode == 0, result.stdout
    assert "0 virhettä" in result.stdout


def test_broken_package_exits_one_with_one_line_per_problem(package_dir):
    result = run("validate", str(package_dir("decimal-comma")))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    problem_lines = [line for line in lines if line.startswith("observations.csv")]
    assert problem_lines == [problem_lines[0]] and LINE.match(problem_lines[0])
    assert problem_lines[0].startswith("observations.csv:5: value:")
    assert "'97,7'" in problem_lines[0]  # the value is shown
    assert "Traceback" not in result.stderr


def test_english_messages(package_dir):
    fi = run("validate", str(package_dir("finnish-date"))).stdout
    en = run("validate", "--lang", "en", str(package_dir("finnish-date"))).stdout
    assert fi != en
    assert "2024-10-08" in en and "2024-10-08" in fi  # the suggested fix


def test_warnings_do_not_fail(package_dir):
    result = run("validate", str(package_dir("few-respondents")))
    assert result.returncode == 0
    assert "feedback.csv:2: respondents:" in result.stdout


def test_missing_folder_is_a_clear_message(tmp_path):
    result = run("validate", str(tmp_path / "ei-ole"))
    assert result.returncode == 1
    assert "ei-ole" in result.stderr and "Traceback" not in result.stderr


def test_every_problem_line_has_the_documented_shape(package_dir):
    out = run("validate", str(package_dir("goal-of-another-plan"))).stdout
    lines = [line for line in out.splitlines() if ".csv:" in line]
    assert len(lines) == 2 and all(LINE.match(line) for line in lines)


def test_swedish_messages(package_dir):
    result = run("validate", "--lang", "sv", str(package_dir("decimal-comma")))
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if line.startswith("observations.csv:5"))
    assert "decimalkomma" in line and "(97.7)" in line
    assert "Uppgifterna godkänns inte" in result.stdout and "Dataavtalets version" in result.stdout


def test_every_problem_has_a_message_in_each_language():
    from seuranta.check.problems import LANGUAGES, PROBLEM_TYPES, Problem

    for code, kind in PROBLEM_TYPES.items():
        messages = {lang: Problem(code, "x.csv", 2, "c", "v", "e", "h").message(lang) for lang in LANGUAGES}
        assert all(messages.values()) and len(set(messages.values())) == len(LANGUAGES), code
        for lang in LANGUAGES:  # the same placeholders in every language
            assert {p for p in ("{value}", "{expected}", "{hint}") if p in kind.template(lang)} == \
                   {p for p in ("{value}", "{expected}", "{hint}") if p in kind.fi}, (code, lang)

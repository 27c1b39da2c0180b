"""`seuranta diff`: the review a person reads on a pull request. Expected lines are
written by hand from what a reviewer must see, not copied from the output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from seuranta.staff.diff import compare, render


def edit(folder: Path, file: str, old: str | None, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    if old is None:
        path.write_text(text + new, encoding="utf-8")
    else:
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pair(package_dir, tmp_path) -> tuple[Path, Path]:
    base = package_dir()
    head = tmp_path / "head"
    import shutil

    shutil.copytree(base, head)
    return base, head


def test_a_resorted_file_is_no_change(package_dir, tmp_path):
    base, head = pair(package_dir, tmp_path)
    lines = (head / "observations.csv").read_text(encoding="utf-8").splitlines()
    (head / "observations.csv").write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    review = compare(base, head)
    assert review.empty
    assert "Datassa ei ole muutoksia." in render(review, "fi")


def test_new_figures_changed_targets_and_statuses_read_as_a_reviewer_needs(package_dir, tmp_path):
    base, head = pair(package_dir, tmp_path)
    edit(head, "observations.csv", "2025-04-30,1064,preliminary", "2025-04-30,1040,final")
    edit(head, "observations.csv", None, "testi-asiakkaat,testi-alue,2025-01-01,2025-12-31,1010,preliminary,,\n")
    edit(head, "goals.csv", None, "testi-t3,testi-suunnitelma,3,Kolmas tavoite,,,,,\n")
    edit(head, "indicators.csv", "at_most,1050,,2026", "at_most,1100,,2026")
    text = render(compare(base, head), "fi", markdown=True)
    lines = text.splitlines()
    assert lines[0] == "## Muutokset datassa"
    assert "### Toteumat (observations.csv): uusia 1, muuttuneita 1" in lines
    # The observation is named by its indicator, area and period; the value as a reader writes it.
    assert any(line.startswith("- Muuttunut: Asiakkaat – Testin hyvinvointialue, 1–4/2025:")
               and "1\u00a0064" in line and "1\u00a0040" in line for line in lines)
    assert "- Uusi: Asiakkaat – Testin hyvinvointialue, 2025: 1\u00a0010 (ennakkotieto)" in lines
    assert "- Uusi: `testi-t3 (Kolmas tavoite)`" in lines
    assert any(line.startswith("- Muuttunut: `testi-asiakkaat (Asiakkaat)`: target_value") for line in lines)
    # The latest value now meets the target: the status changes, and the review says so.
    assert "- `Asiakkaat`: Paranee → Tavoitetaso saavutettu" in lines
    assert "- goals.csv: `testi-t3`: title_sv" in lines  # the new goal has no Swedish title


def test_a_changed_period_is_one_figure_removed_and_one_added(package_dir, tmp_path):
    base, head = pair(package_dir, tmp_path)
    edit(head, "observations.csv", "2023-01-01,2023-12-31,97.7", "2023-01-01,2023-06-30,97.7")
    kinds = sorted((c.table, c.kind) for c in compare(base, head).rows)
    assert kinds == [("observations", "added"), ("observations", "removed")]


def test_swedish_review(package_dir, tmp_path):
    base, head = pair(package_dir, tmp_path)
    edit(head, "goals.csv", "Toinen tavoite,Andra målet", "Toinen tavoite,Det andra målet")
    text = render(compare(base, head), "sv", markdown=False)
    assert text.splitlines()[0] == "Ändringar i data"
    assert "Mål (goals.csv): ändrade 1" in text
    assert "title_sv “Andra målet” → “Det andra målet”" in text


def test_an_invalid_change_is_flagged_and_computes_no_statuses(package_dir, tmp_path):
    base, head = pair(package_dir, tmp_path)
    edit(head, "observations.csv", "2025-04-30,1064,preliminary", "2025-04-30,1040,lopullinen")
    review = compare(base, head)
    assert not review.head_valid and review.statuses == ()
    assert "ei läpäise tarkistusta" in render(review, "fi")


def test_git_versions_are_compared_from_the_command_line(package_dir, tmp_path):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    for f in package_dir().iterdir():
        (repo / "data" / f.name).write_bytes(f.read_bytes())

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", "data")
    git("commit", "-qm", "base")
    edit(repo / "data", "goals.csv", "Toinen tavoite", "Toinen uusi tavoite")
    git("commit", "-qam", "head")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "seuranta.cli", "diff", "HEAD~1", "HEAD", "--format", "markdown"],
                          cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "ei läpäise" not in done.stdout
    assert "title_fi “Toinen tavoite” → “Toinen uusi tavoite”" in done.stdout
    missing = subprocess.run([sys.executable, "-m", "seuranta.cli", "diff", "no-such-version", "HEAD"], cwd=repo,
                             capture_output=True, text=True, env=env)
    assert missing.returncode == 1 and "no-such-version" in missing.stderr and "Traceback" not in missing.stderr


def test_data_text_cannot_write_markdown_into_the_review(package_dir, tmp_path):
    base, head = pair(package_dir, tmp_path)
    edit(head, "assessments.csv", "Väliarvio,", '"![ok](https://example.org/x.png) @someone **Hyväksytty**",')
    edit(head, "indicators.csv", "Osuus,Andel", '"Osuus <b>x</b>\n\n## Kaikki kunnossa",Andel')
    text = render(compare(base, head), "fi", markdown=True)
    outside_code = re.sub(r"`[^`\n]*`", "", text)  # a code span shows its text literally
    for markup in ("![ok](", "<b>", " @someone", "**Hyv"):
        assert markup not in outside_code, markup
    assert not any(line.startswith("## Kaikki") for line in text.splitlines())
    assert "\\@someone" in text and "\\<b\\>" in text  # shown as written, escaped


def test_a_number_the_validator_rejects_does_not_stop_the_review(package_dir, tmp_path):
    base, head = pair(package_dir, tmp_path)
    edit(head, "observations.csv", "2023-12-31,97.7,final", '2023-12-31,"97,7",final')
    review = compare(base, head)
    assert not review.head_valid
    assert "Muuttunut: Osuus – Testin hyvinvointialue, 2023: 97,7\u00a0% → –" in render(review, "fi", markdown=False)

"""One tiny fixture package per failure: the validator names file, row, column and code.

Rows are as a spreadsheet shows them (header = 1). Wording is not asserted.
"""

from __future__ import annotations

import pytest

from seuranta.check.validate import validate

E, W = "error", "warning"

CASES = {
    "decimal-comma": [("observations.csv", 5, "value", "decimal-comma", E)],
    "finnish-date": [("observations.csv", 2, "period_start", "finnish-date", E)],
    "thousands-separator": [("observations.csv", 2, "value", "thousands-separator", E)],
    "saved-with-semicolons": [("organisations.csv", 1, None, "semicolon-delimiter", E)],
    "saved-as-windows-1252": [("goals.csv", 2, None, "not-utf8", E)],
    "bom-accepted": [],
    "stray-spaces": [("indicators.csv", 2, "goal_id", "stray-spaces", E)],
    "missing-file": [("feedback.csv", None, None, "missing-file", E)],
    "missing-required-value": [("goals.csv", 3, "title_fi", "missing-value", E)],
    "unit-not-in-list": [("indicators.csv", 2, "unit", "not-in-list", E)],
    # The assessment of goal testi-t2 now points at a goal that is not there.
    "invalid-id": [("goals.csv", 3, "id", "invalid-id", E),
                   ("assessments.csv", 3, "goal_id", "unknown-reference", E)],
    "duplicate-id": [("goals.csv", 3, "id", "duplicate-key", E),
                     ("assessments.csv", 3, "goal_id", "unknown-reference", E)],
    "duplicate-goal-number": [("goals.csv", 3, "number", "duplicate-goal-number", E)],
    "unknown-plan": [("goals.csv", 3, "plan_id", "unknown-reference", E)],
    "plan-period-reversed": [("plans.csv", 2, "period_end", "period-order", E)],
    "target-value-missing": [("indicators.csv", 2, "target_value", "target-value-missing", E)],
    "target-max-missing": [("indicators.csv", 3, "target_value_max", "target-max-missing", E)],
    "target-max-below-min": [
        ("indicators.csv", 3, "target_value_max", "target-max-below-min", E)],
    "target-value-without-target": [
        ("indicators.csv", 2, "target_value", "target-value-unexpected", E)],
    "goal-of-another-plan": [
        ("indicators.csv", 3, "goal_id", "goal-plan-mismatch", E),
        ("indicators.csv", 3, "plan_id", "unknown-reference", E)],
    "assessment-of-both-goal-and-action": [
        ("assessments.csv", 2, "goal_id, action_id", "exactly-one-target", E)],
    "final-without-value": [("observations.csv", 5, "value", "value-missing", E)],
    "suppressed-with-value": [("observations.csv", 4, "value", "value-unexpected", E)],
    "small-count-published": [("observations.csv", 4, "value", "small-count", E)],
    "percent-over-100": [("observations.csv", 5, "value", "percent-out-of-range", E)],
    "observation-period-reversed": [("observations.csv", 3, "period_end", "period-order", E)],
    "unknown-area": [("observations.csv", 6, "area_id", "unknown-reference", E)],
    "duplicate-observation": [("observations.csv", 4,
                               "indicator_id, area_id, period_start, period_end",
                               "duplicate-key", E)],
    "nps-shares-do-not-sum": [
        ("feedback.csv", 2, "promoters_pct, passives_pct, detractors_pct", "shares-sum", E),
        ("feedback.csv", 2, "passives_pct", "counts-mismatch", E)],
    "nps-mismatch": [("feedback.csv", 2, "nps", "nps-mismatch", E)],
    "nps-counts-mismatch": [
        ("feedback.csv", 2, "passives_pct", "counts-mismatch", E),
        ("feedback.csv", 2, "promoters_pct", "counts-mismatch", E)],
    "nps-out-of-range": [("feedback.csv", 2, "nps", "too-large", E)],
    "few-respondents": [("feedback.csv", 2, "respondents", "few-respondents", W)],
    "swedish-missing": [("goals.csv", 3, "title_sv", "translation-missing", W)],
    "swedish-missing-bilingual": [("goals.csv", 3, "title_sv", "translation-required", E)],
    "unknown-column": [("goals.csv", 1, "extra", "unknown-column", E)],
    "missing-column": [("plans.csv", 1, "title_sv", "missing-column", E)],
    "wrong-cell-count": [("strategic_goals.csv", 2, None, "wrong-cell-count", E)],
    "not-boolean": [("organisations.csv", 2, "bilingual", "not-boolean", E)],
}


def test_every_fixture_folder_has_a_case():
    from conftest import FIXTURES

    folders = {d.name for d in FIXTURES.iterdir() if d.is_dir()} - {"valid-minimal", "contract-1.0"}
    assert folders == set(CASES)


def test_minimal_package_is_valid(package_dir):
    report = validate(package_dir())
    assert report.problems == []
    assert report.rows_checked == 19


@pytest.mark.parametrize("case", sorted(CASES))
def test_fixture_reports_exactly_its_problems(case, package_dir):
    report = validate(package_dir(case))
    found = sorted((p.file, p.row, p.column, p.code, p.severity) for p in report.problems)
    assert found == sorted(CASES[case], key=lambda x: (x[0], x[1] or 0, x[2] or "", x[3]))
    assert report.valid == all(severity == W for *_, severity in CASES[case])


def test_all_problems_are_reported_at_once(package_dir, tmp_path):
    """Two broken files, several problems each: nothing stops at the first one."""
    from conftest import assemble

    target = assemble("decimal-comma", tmp_path / "many")
    goals = (package_dir("duplicate-id") / "goals.csv").read_text(encoding="utf-8")
    (target / "goals.csv").write_text(goals.replace("Ensimmäinen tavoite", ""), encoding="utf-8")
    codes = sorted(p.code for p in validate(target).errors)
    assert codes == ["decimal-comma", "duplicate-key", "missing-value", "unknown-reference"]


def test_small_count_threshold_is_a_setting(package_dir):
    # 1064 clients is fine at the default; a threshold above it makes it "small".
    report = validate(package_dir(), small_count_threshold=2000)
    assert [(p.file, p.row, p.code) for p in report.errors] == [
        ("observations.csv", 2, "small-count"), ("observations.csv", 3, "small-count")]

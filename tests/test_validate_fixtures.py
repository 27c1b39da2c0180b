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
    # Text hygiene and malformed CSV (every version of the contract).
    "bidi-override-in-title": [("goals.csv", 3, "title_fi", "control-character", E)],
    "control-character-in-text": [("goals.csv", 2, "title_fi", "control-character", E)],
    "nul-byte": [("goals.csv", 3, None, "nul-byte", E)],
    "unterminated-quote": [("goals.csv", 4, None, "unterminated-quote", E)],
    # The row cannot be read, so the assessment of its goal points at nothing.
    "malformed-quote": [("goals.csv", 3, None, "malformed-quote", E),
                        ("assessments.csv", 3, "goal_id", "unknown-reference", E)],
    # Contract 1.1.
    "plan-without-period": [("plans.csv", 2, "period_start", "period-missing", E)],
    "report-without-period": [],
    "assessment-without-status-or-comment": [("assessments.csv", 3, "status", "assessment-empty", E)],
    "narrative-assessment": [],
    "range-reversed": [("observations.csv", 2, "value_max", "range-reversed", E)],
    "range-on-a-missing-value": [("observations.csv", 7, "value_max", "value-unexpected", E)],
    "duplicate-section-number": [("sections.csv", 3, "number", "duplicate-section-number", E)],
    # A count of social workers (client_counts false) is not suppressed.
    "staff-count-not-suppressed": [],
    # Found by the differential test (tests/test_differential.py):
    # an empty cell of an optional column reads as its default (plans.kind: plan), so a plan needs
    # its period (an empty kind was accepted, and the plan's pages failed to render);
    "plan-kind-empty-without-period": [("plans.csv", 2, "period_start", "period-missing", E),
                                       ("plans.csv", 2, "period_end", "period-missing", E)],
    # a column name with spaces is read without them, as before, but no longer silently (to
    # frictionless it is another name);
    "column-name-with-spaces": [("goals.csv", 1, "title_sv", "stray-spaces-text", W)],
    # a date is YYYY-MM-DD, not any ISO 8601 form (2025-W19-4, 8 May 2025 as a week date, was
    # accepted; frictionless rejects it).
    "week-date": [("assessments.csv", 2, "date", "not-date", E)],
}


def test_every_fixture_folder_has_a_case():
    from conftest import FIXTURES

    # (chart-labels: charts whose labels collide unless placed, tests/test_chart_labels.py)
    folders = {d.name for d in FIXTURES.iterdir() if d.is_dir()} - {"valid-minimal", "contract-1.0", "contract-1.1",
                                                                     "site", "chart-labels"}
    assert folders == set(CASES)


def test_the_chart_labels_package_is_valid(package_dir):
    report = validate(package_dir("chart-labels"))
    assert (report.errors, report.warnings) == ([], [])


def test_the_fixture_site_is_valid_with_the_warnings_its_readme_lists():
    """tests/fixtures/site/: Swedish missing in four places, one result of 7 respondents."""
    from conftest import SITE_DATA

    report = validate(SITE_DATA)
    assert report.errors == []
    assert report.contract_version == "1.1"
    assert sorted((p.file, p.row, p.column, p.code) for p in report.warnings) == [
        ("actions.csv", 3, "text_sv", "translation-missing"),
        ("feedback.csv", 4, "respondents", "few-respondents"),
        ("goals.csv", 3, "title_sv", "translation-missing"),
        ("sections.csv", 3, "body_sv", "translation-missing"),
        ("sections.csv", 3, "heading_sv", "translation-missing"),
    ]


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


def test_control_characters_are_named_with_their_position(package_dir):
    (problem,) = validate(package_dir("bidi-override-in-title")).errors
    assert (problem.value, problem.expected) == ("U+202E", "8")  # "Toinen \u202etavoite"


def test_a_range_end_in_the_small_count_range_is_suppressed_too(package_dir):
    data = package_dir("range-on-a-missing-value")
    text = (data / "observations.csv").read_text(encoding="utf-8")
    (data / "observations.csv").write_text(text.replace("2024-10-08,1133,,final", "2024-10-08,3,8,final"),
                                           encoding="utf-8")
    found = [(p.row, p.column, p.code) for p in validate(data).errors]
    assert (2, "value", "small-count") in found


# Cases made by one replacement in one file of the minimal package: (file, old, new, expected).
EDITS = {
    "empty-file": ("strategic_goals.csv", None, "", [("strategic_goals.csv", None, None, "empty-file", E)]),
    "unknown-file": ("notes.csv", None, "a,b\n", [("notes.csv", None, None, "unknown-file", W)]),
    "stray-spaces-text": ("goals.csv", ",Toinen tavoite,", ", Toinen tavoite,",
                          [("goals.csv", 3, "title_fi", "stray-spaces-text", W)]),
    "not-integer": ("goals.csv", "testi-suunnitelma,2,", "testi-suunnitelma,2.5,",
                    [("goals.csv", 3, "number", "not-integer", E)]),
    "not-number": ("observations.csv", ",97.7,", ",paljon,", [("observations.csv", 5, "value", "not-number", E)]),
    "not-date": ("observations.csv", "2024-10-08,2024-10-08", "2024-10-08,2024-13-45",
                 [("observations.csv", 2, "period_end", "not-date", E)]),
    "too-small": ("feedback.csv", ",200,117,", ",-1,117,",
                  [("feedback.csv", 2, "respondents", "too-small", E)]),
    "target-max-unexpected": ("indicators.csv", "at_most,1050,,", "at_most,1050,1100,",
                              [("indicators.csv", 2, "target_value_max", "target-max-unexpected", E)]),
    "baseline-date-missing": ("indicators.csv", "1133,2024-10-08", "1133,",
                              [("indicators.csv", 2, "baseline_date", "baseline-date-missing", W)]),
    "counts-exceed-respondents": ("feedback.csv", ",200,117,", ",150,117,",
                                  [("feedback.csv", 2, "respondents", "counts-exceed-respondents", E)]),
    "duplicate-column": ("strategic_goals.csv", "title_sv\n", "title_sv,title_sv\n",
                         [("strategic_goals.csv", 1, "title_sv", "duplicate-column", E),
                          ("strategic_goals.csv", 2, None, "wrong-cell-count", E)]),
    "range-without-value": ("observations.csv", "testi-osuus,testi-alue,2023-01-01,2023-12-31,97.7,final",
                            "testi-osuus,testi-alue,2023-01-01,2023-12-31,,final",
                            [("observations.csv", 5, "value", "value-missing", E)]),
}


@pytest.mark.parametrize("code", sorted(EDITS))
def test_one_edit_reports_exactly_its_problems(code, package_dir):
    data = package_dir()
    file, old, new, expected = EDITS[code]
    path = data / file
    if old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = sorted((p.file, p.row, p.column, p.code, p.severity) for p in validate(data).problems)
    assert found == sorted(expected, key=lambda x: (x[0], x[1] or 0, x[2] or "", x[3]))


def test_a_range_without_its_lower_end_is_named_so(package_dir):
    data = package_dir("range-on-a-missing-value")
    text = (data / "observations.csv").read_text(encoding="utf-8")
    (data / "observations.csv").write_text(text.replace("2023-12-31,97.7,,final", "2023-12-31,,99,final"),
                                           encoding="utf-8")
    found = [(p.row, p.column, p.code) for p in validate(data).errors]
    assert (5, "value", "range-without-value") in found


def test_every_problem_code_has_a_test():
    from seuranta.check.problems import PROBLEM_TYPES

    covered = {code for problems in [*CASES.values(), *(e[3] for e in EDITS.values())] for *_, code, _ in problems}
    assert set(PROBLEM_TYPES) - covered == {"range-without-value"}  # test_a_range_without_its_lower_end…

"""Checking a folder again (check_package_again): a row unchanged since the last check,
at the same place under the same header, keeps its record and is not checked again;
everything reported equals what a check from nothing reports."""

from __future__ import annotations

from pathlib import Path

from seuranta.check.validate import check_package_again

CHANGED = ("2024-10-08,1133,final", "2024-10-08,1144,final")  # a value of testi-asiakkaat


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _again_equals_anew(data: Path, before):
    """Checked again with `before` and from nothing: the same problems and records."""
    report, tables, kept = check_package_again(data, before=before)
    fresh_report, fresh_tables, _ = check_package_again(data)
    assert report.problems == fresh_report.problems
    assert report.rows_checked == fresh_report.rows_checked and report.lines == fresh_report.lines
    assert tables == fresh_tables
    return tables, kept


def test_unchanged_rows_keep_their_records_and_a_changed_row_is_checked_again(package_dir):
    data = package_dir()
    _, first, kept = check_package_again(data)
    edit(data / "observations.csv", *CHANGED)
    tables, _ = _again_equals_anew(data, kept)
    new = [r for r in tables["observations"] if not any(r is old for old in first["observations"])]
    assert [r["value"] for r in new] == [1144]
    assert all(any(r is old for old in first[name]) for name in tables if name != "observations"
               for r in tables[name])


def test_rows_with_problems_are_checked_and_reported_again(package_dir):
    data = package_dir("decimal-comma")
    report, first, kept = check_package_again(data)
    assert [p.code for p in report.problems] == ["decimal-comma"]
    tables, kept = _again_equals_anew(data, kept)  # unchanged: the row is reported again
    tables, _ = _again_equals_anew(data, kept)  # and again
    troubled = next(r for r in first["observations"] if r["_row"] == report.problems[0].row)
    assert not any(r is troubled for r in tables["observations"])


def test_rows_moved_down_by_a_new_row_are_checked_again_with_their_new_numbers(package_dir):
    data = package_dir()
    _, first, kept = check_package_again(data)
    edit(data / "observations.csv", "\ntesti-asiakkaat,", "\ntesti-asiakkaat,testi-alue,2020-01-01,2020-12-31,7,final,,"
                                                         "\ntesti-asiakkaat,")
    tables, _ = _again_equals_anew(data, kept)
    rows = [r["_row"] for r in tables["observations"]]
    assert rows == list(range(2, 2 + len(rows)))


def test_no_record_is_kept_when_the_columns_change(package_dir):
    """Two column names swapped in the header, the rows as they were: every row is read anew."""
    data = package_dir()
    _, first, kept = check_package_again(data)
    edit(data / "observations.csv", "indicator_id,area_id,", "area_id,indicator_id,")
    tables, _ = _again_equals_anew(data, kept)
    assert not any(r is old for r in tables["observations"] for old in first["observations"])

"""What a package loaded with the last build's as `previous` takes from it (model/load.py):
its unchanged rows as the same objects, what was derived from them row by row, and the
digests of slices and page views made of them. What it takes must equal what it would
make anew; what changed must be made anew."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from seuranta.check.schema import load_schema
from seuranta.model.load import load_package
from seuranta.model.package import Package
from seuranta.model.slices import digested_slice, rows_digest
from seuranta.opendata.downloads import csv_memo, keep_row_texts
from seuranta.site.views import embed_view, goal_view, plan_view

CHANGED = ("2024-10-08,1133,final", "2024-10-08,1144,final")  # a value of testi-asiakkaat (goal testi-t1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def rows(package: Package) -> list[object]:
    return [row for table in fields(package) if isinstance(t := getattr(package, table.name), tuple) for row in t]


def test_unchanged_rows_are_the_last_packages_objects_and_a_changed_row_is_new(package_dir):
    data = package_dir()
    before = load_package(data)
    edit(data / "observations.csv", *CHANGED)
    after = load_package(data, previous=before)
    assert after == load_package(data)  # the same values as loaded anew
    old = {id(row) for row in rows(before)}
    new = [o for o in after.observations if id(o) not in old]
    assert [o.value for o in new] == [1144]
    assert sum(id(row) in old for row in rows(after)) == len(rows(after)) - 1


def test_row_memos_are_taken_for_unchanged_rows_only(package_dir):
    data = package_dir()
    before = load_package(data)
    keep_row_texts(before)
    edit(data / "observations.csv", *CHANGED)
    after = load_package(data, previous=before)
    memo = csv_memo(load_schema()["observations"])
    taken = after.row_memo(memo)
    assert len(taken) == len(after.observations) - 1
    assert all(row is before_row for row, (before_row, _) in
               ((o, taken[id(o)]) for o in after.observations if id(o) in taken))
    keep_row_texts(after)  # the changed row's texts are made anew, like every row's of a package loaded anew
    fresh = load_package(data)
    keep_row_texts(fresh)
    assert [after.row_memo(memo)[id(o)][1] for o in after.observations] == \
        [fresh.row_memo(memo)[id(o)][1] for o in fresh.observations]


def test_slice_digests_taken_from_the_last_package_equal_digests_made_anew(package_dir):
    data = package_dir()
    before = load_package(data)
    slices = [("indicator", i) for i in before.indicators] + [("goal", g.id) for g in before.goals] + \
        [("plan", p.id) for p in before.plans]
    digests = {(kind, getattr(item, "id", item)): digested_slice(before, kind, item)[1] for kind, item in slices}
    edit(data / "observations.csv", *CHANGED)
    after, fresh = load_package(data, previous=before), load_package(data)
    changed = set()
    for kind, item in slices:
        key = (kind, getattr(item, "id", item))
        item_now = next((i for i in after.indicators if i.id == key[1]), item) if kind == "indicator" else item
        data_now, taken = digested_slice(after, kind, item_now)
        assert taken == rows_digest(data_now, fresh)  # as if digested anew
        if taken != digests[key]:
            changed.add(key)
    # The changed value is on its indicator's embed page and chart, its goal's page and its plan's.
    assert changed == {("indicator", "testi-asiakkaat"), ("goal", "testi-t1"), ("plan", "testi-suunnitelma")}


def test_view_digests_taken_from_the_last_package_equal_digests_made_anew(package_dir):
    data = package_dir()
    charts = {"fi/indicator/testi-asiakkaat": {"svg": "a.svg", "points": "1"},
              "fi/indicator/testi-osuus": {"svg": "b.svg", "points": "2"}}
    before = load_package(data)

    def views(package: Package, manifest: dict) -> dict[tuple[str, str], str]:
        made = {("embed", i.id): embed_view(package, i, "fi", manifest).digest for i in package.indicators}
        made |= {("goal", g.id): goal_view(package, g.id, "fi", manifest).digest for g in package.goals}
        return made | {("plan", p.id): plan_view(package, p.id, "fi", manifest).digest for p in package.plans}

    first = views(before, charts)
    edit(data / "observations.csv", *CHANGED)
    after = load_package(data, previous=before)
    # The other indicator's chart changed too (its entry, not its rows).
    charts_now = {**charts, "fi/indicator/testi-osuus": {"svg": "b.svg", "points": "3"}}
    taken = views(after, charts_now)
    assert taken == views(load_package(data), charts_now)  # as if made anew
    assert {key for key in taken if taken[key] != first[key]} == {
        ("embed", "testi-asiakkaat"), ("embed", "testi-osuus"), ("goal", "testi-t1"),
        ("plan", "testi-suunnitelma")} | {("goal", g) for g in _goals_showing(after, "testi-osuus")}


def _goals_showing(package: Package, indicator_id: str) -> set[str]:
    return {i.goal_id for i in package.indicators if i.id == indicator_id and i.goal_id}


def test_minus_zero_is_zero(package_dir):
    """A value written "-0" is zero: a minus zero equals zero (a row with it would be
    taken for the row with 0 from the last package), yet would print as "−0"."""
    import math

    data = package_dir()
    edit(data / "observations.csv", *CHANGED)
    edit(data / "observations.csv", "2024-10-08,1144,final", "2024-10-08,-0,final")
    package = load_package(data)
    zero = next(o.value for o in package.observations if o.value == 0)
    assert math.copysign(1, zero) == 1


def _slices(package: Package) -> list[tuple[str, object]]:
    return [("indicator", i) for i in package.indicators] + [("goal", g.id) for g in package.goals] + \
        [("plan", p.id) for p in package.plans] + [("feedback", f) for f in package.feedback]


def _slice_of(package: Package, kind: str, key: str) -> Package:
    item = next((x for x in getattr(package, f"{kind}s" if kind != "feedback" else "feedback")
                 if x.id == key), None) if kind in ("indicator", "feedback") else key
    return digested_slice(package, kind, item)[0]


def test_slices_of_the_same_rows_are_the_last_packages_and_equal_slices_made_anew(package_dir):
    data = package_dir()
    before = load_package(data)
    first = {(kind, getattr(item, "id", item)): digested_slice(before, kind, item)[0] for kind, item in _slices(before)}
    edit(data / "observations.csv", *CHANGED)
    after, fresh = load_package(data, previous=before), load_package(data)
    taken = {key for key in first if _slice_of(after, *key) is first[key]}
    for key in first:
        assert _slice_of(after, *key) == _slice_of(fresh, *key)  # as if sliced anew
    # A slice holding the changed value is made anew; every other is the last build's.
    assert set(first) - taken == {("indicator", "testi-asiakkaat"), ("goal", "testi-t1"),
                                  ("plan", "testi-suunnitelma")}


def test_no_slice_is_taken_when_what_slices_take_whole_changed(package_dir):
    """An organisation's name (the organisations table is taken whole by package_of) or
    the descriptor's licence (a slice carries the package's descriptor): every slice
    is made anew, and shows the new one."""
    data = package_dir()
    (data / "datapackage.json").write_text('{"licenses": [{"name": "CC-BY-4.0", "path": "https://a.example/"}]}',
                                           encoding="utf-8")
    for change in (lambda: edit(data / "organisations.csv", "Testin hyvinvointialue", "Uusi nimi"),
                   lambda: (data / "datapackage.json").write_text(
                       '{"licenses": [{"name": "CC0-1.0", "path": "https://b.example/"}]}', encoding="utf-8")):
        before = load_package(data)
        first = {(kind, getattr(item, "id", item)): digested_slice(before, kind, item)[0]
                 for kind, item in _slices(before)}
        change()
        after = load_package(data, previous=before)
        for key, old in first.items():
            now = _slice_of(after, *key)
            assert now is not old
            assert now.described == after.described and now.organisations == tuple(
                o for o in after.organisations if o.id in {x.id for x in old.organisations})


def test_statuses_of_unchanged_observations_are_the_last_packages(package_dir):
    from seuranta.status.evaluate import all_statuses

    data = package_dir()
    before = load_package(data)
    first = all_statuses(before)
    edit(data / "observations.csv", *CHANGED)
    after = load_package(data, previous=before)
    now = all_statuses(after)
    assert now == all_statuses(load_package(data))  # as if worked out anew
    assert {i for i in now if now[i] is not first[i]} == {"testi-asiakkaat"}

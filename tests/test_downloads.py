"""Open-data files are written from the validated model: never from a file the
validator has not accepted, never named by anything but a well-formed id, and
with every column of the contract."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from seuranta.build import BuildFailed, build_site

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast


def files(site: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(site)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_an_id_that_is_a_path_reaches_no_file(tmp_path, package_dir):
    """An indicator id such as "../../x" must not name a file anywhere: the build fails
    and the live site is untouched."""
    data, site = package_dir(), tmp_path / "live" / "site"
    build_site(data, site)
    before = files(site)
    # From staging/data/indicators/ this leads to the live site's own file.
    target = "../../../../site/data/indicators/testi-asiakkaat"
    with (data / "observations.csv").open("a", encoding="utf-8") as f:
        f.write(f"{target},testi-alue,2025-01-01,2025-01-31,1,final,,\n")
    with pytest.raises(BuildFailed):
        build_site(data, site)
    assert files(site) == before


def test_goal_files_follow_the_validators_reading(tmp_path, package_dir):
    """A header name with a stray space and a last row of only commas (as Excel
    leaves) are accepted by the validator; the per-goal files agree with it."""
    data = package_dir()
    goals = data / "goals.csv"
    goals.write_text(goals.read_text(encoding="utf-8").replace("id,plan_id", "id ,plan_id", 1) + ",,,,,,,,\n",
                     encoding="utf-8")
    site = build_site(data, tmp_path / "site")
    assert sorted(p.name for p in (site / "data" / "goals").iterdir()) == ["testi-t1.csv", "testi-t2.csv"]
    assert "testi-asiakkaat" in (site / "data" / "goals" / "testi-t1.csv").read_text(encoding="utf-8")


def test_a_quote_the_validator_rejects_fails_the_build_plainly(tmp_path, package_dir):
    """A malformed CSV is a validation error with its row, never a crash in a later step."""
    data = package_dir()
    with (data / "goals.csv").open("a", encoding="utf-8") as f:
        f.write('testi-t3,testi-suunnitelma,3,"Kolmas tavoite\n')
    with pytest.raises(BuildFailed) as failed:
        build_site(data, tmp_path / "site")
    assert [(p.file, p.row, p.code) for p in failed.value.report.errors] == [("goals.csv", 4, "unterminated-quote")]
    assert not (tmp_path / "site").exists()


def test_the_site_publishes_the_packages_and_indicator_json(fixture_site):
    """The built site's data/: the zipped package, one package per county, JSON per indicator."""
    from test_open_data import COUNTIES, check_indicator_json, validate

    data = fixture_site / "data"
    assert (data / "seuranta-data.zip").is_file()
    for county in COUNTIES:
        validate(data / county / "datapackage.json")
    assert check_indicator_json(data) > 20

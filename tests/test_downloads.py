"""Open-data files made from the CSVs alone: read as the validator reads them,
and never named by anything but a well-formed id (they may be written before
validation has finished: build.BACKGROUND_DOWNLOADS_FROM)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import seuranta.build
from seuranta.build import BuildFailed, build_site

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast


def files(site: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(site)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_an_id_that_is_a_path_reaches_no_file(tmp_path, package_dir, monkeypatch):
    """The downloads of a large package are written beside validation; an indicator
    id such as "../../x" must not name a file anywhere, even though the build fails."""
    monkeypatch.setattr(seuranta.build, "BACKGROUND_DOWNLOADS_FROM", 0)
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

"""The data shipped in data/ is valid by our rules and by Frictionless itself, and builds.

The only tests that read data/: everything else is tested on the fixture site
(tests/fixtures/site/), so a corrected transcription breaks no test of the code.
What is checked here holds for any valid data, not for particular figures."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import ROOT
from frictionless import Package

from seuranta.build import build_site
from seuranta.check.validate import validate

pytestmark = pytest.mark.slow  # builds sites or drives a browser: not in make test-fast


def test_shipped_data_has_no_errors():
    report = validate(ROOT / "data")
    assert report.errors == []
    assert report.rows_checked > 300


def test_shipped_swedish_texts_are_complete():
    # Swedish is voluntary for these unilingual counties, but we ship it.
    report = validate(ROOT / "data")
    assert [p for p in report.warnings if p.code.startswith("translation")] == []


def test_frictionless_accepts_descriptor_and_data():
    package = Package(str(ROOT / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_descriptor_follows_the_contract_columns():
    """Every column the contract names is declared, in the contract's files."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    declared = {r["name"]: [f["name"] for f in r["schema"]["fields"]]
                for r in descriptor["resources"]}
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")  # the contract
    section = None
    for line in text.splitlines():
        if line.startswith("## ") and line.split()[1].endswith(".csv"):
            section = line.split()[1].removesuffix(".csv")
        elif section and line.startswith("| ") and not line.startswith("| column"):
            cell = line.split("|")[1].strip()
            if cell.startswith("---"):
                continue
            for name in cell.replace(" ", "").split(","):
                assert name in declared[section], (section, name)
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["version"] and descriptor["created"]


def test_no_small_counts_of_clients_in_shipped_data():
    """Counts of clients 1–4 are suppressed; staff counts (client_counts false) are not."""
    clients = {r["id"]: r.get("client_counts") != "false" and r["unit"] == "count" or r.get("client_counts") == "true"
               for r in csv.DictReader(open(ROOT / "data" / "indicators.csv", encoding="utf-8"))}
    for r in csv.DictReader(open(ROOT / "data" / "observations.csv", encoding="utf-8")):
        if clients[r["indicator_id"]]:
            for value in (r["value"], r.get("value_max")):
                assert not (value and 1 <= float(value) < 5), r


def rows(table: str) -> list[dict[str, str]]:
    with open(ROOT / "data" / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    """The portal built from the shipped data with real MkDocs."""
    out = tmp_path_factory.mktemp("shipped") / "site"
    build_site(ROOT / "data", out)
    return out


def test_shipped_data_builds_a_page_for_every_plan_and_goal(shipped_site):
    plans = {p["id"]: p for p in rows("plans")}
    for lang in ("fi", "sv"):
        for p in plans.values():
            assert (shipped_site / lang / p["organisation_id"] / p["id"] / "index.html").is_file(), p["id"]
        for g in rows("goals"):
            org = plans[g["plan_id"]]["organisation_id"]
            assert (shipped_site / lang / org / g["plan_id"] / g["id"] / "index.html").is_file(), g["id"]


def test_shipped_data_is_published_whole(shipped_site):
    for name in ("datapackage.json", "seuranta.xlsx", *(f"{table}.csv" for table in (
            "organisations", "plans", "goals", "actions", "assessments", "indicators", "observations", "feedback"))):
        assert (shipped_site / "data" / name).is_file(), name
    published = {r["indicator_id"] for r in csv.DictReader(open(shipped_site / "data" / "status.csv",
                                                                 encoding="utf-8"))}
    assert published == {i["id"] for i in rows("indicators")}

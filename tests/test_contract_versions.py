"""Contract 1.0 forever, 1.1 in use: a package written to 1.0 validates and builds
untouched, and every 1.1 addition reaches the site and the published data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, assemble

from seuranta.build import build_site
from seuranta.check.schema import load_schema
from seuranta.check.validate import validate

FROZEN = FIXTURES / "contract-1.0"
# The 1.0 contract's files and columns, as its text lists them (shared/data-contract.md).
CONTRACT_1_0 = {
    "organisations": "id kind name_fi name_sv short_name bilingual website sotkanet_region",
    "plans": "id organisation_id title_fi title_sv period_start period_end document_date source_url summary_fi "
             "summary_sv",
    "goals": "id plan_id number title_fi title_sv description_fi description_sv theme_fi theme_sv",
    "actions": "id goal_id text_fi text_sv responsible_fi responsible_sv",
    "assessments": "id goal_id action_id date status comment_fi comment_sv",
    "indicators": "id plan_id goal_id name_fi name_sv unit unit_label_fi unit_label_sv direction target_type "
                  "target_value target_value_max target_year target_text_fi target_text_sv baseline_value "
                  "baseline_date risk_fi risk_sv source_fi source_sv source_url sotkanet_id",
    "observations": "indicator_id area_id period_start period_end value value_status note_fi note_sv",
    "feedback": "id organisation_id goal_id service_fi service_sv question_fi question_sv period_start period_end "
                "respondents promoters passives detractors promoters_pct passives_pct detractors_pct nps mean_score",
}


def frozen_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data-1.0"
    shutil.copytree(FROZEN, data, ignore=shutil.ignore_patterns("*.md"))
    return data


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_the_frozen_package_is_the_1_0_contract():
    """The fixture holds exactly the files and columns of the 1.0 text: nothing added since."""
    files = {p.stem: p.read_text(encoding="utf-8").splitlines()[0].split(",") for p in FROZEN.glob("*.csv")}
    assert files == {name: columns.split() for name, columns in CONTRACT_1_0.items()}


def test_every_column_added_since_1_0_is_optional():
    for name, resource in load_schema().items():
        assert resource.optional_file == (name not in CONTRACT_1_0), name
        if name in CONTRACT_1_0:  # a file new in 1.1 has its own required columns
            old = set(CONTRACT_1_0[name].split())
            for f in resource.fields:
                assert (f.name in old) != f.optional_column, (name, f.name)


def test_a_1_0_package_validates_and_says_so(tmp_path):
    report = validate(frozen_copy(tmp_path))
    assert report.errors == []
    assert report.contract_version == "1.0" and report.contract_source is None


def test_the_version_is_read_from_the_packages_descriptor(tmp_path):
    data = frozen_copy(tmp_path)
    (data / "datapackage.json").write_text(json.dumps({"name": "vanha", "x_contract_version": "1"}))
    assert validate(data).contract_version == "1.0"  # "1", as written before 1.1
    (data / "datapackage.json").write_text(json.dumps({"name": "uusi", "x_contract_version": "1.1"}))
    assert validate(data).contract_version == "1.1"
    assert validate(ROOT / "data").contract_version == "1.1"  # the repository's datapackage.json


def test_the_command_line_names_the_version(tmp_path):
    result = subprocess.run([sys.executable, "-m", "seuranta.cli", "validate", str(frozen_copy(tmp_path))],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "versio 1.0" in result.stdout


def test_the_descriptor_states_its_version():
    assert json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["x_contract_version"] == "1.1"


def test_a_1_1_package_validates(package_dir):
    assert validate(package_dir("contract-1.1")).errors == []


@pytest.mark.slow
def test_a_1_0_package_builds_and_publishes_every_1_1_column(tmp_path):
    site = build_site(frozen_copy(tmp_path), tmp_path / "site")
    goal = soup(site / "fi" / "vanha-alue" / "vanha-suunnitelma" / "vanha-t1" / "index.html")
    assert "Lapset saavat apua ajoissa" in goal.h1.get_text()
    published = site / "data"
    for name, resource in load_schema().items():
        header = (published / resource.filename).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [f.name for f in resource.fields], name
    assert (published / "documents.csv").read_text(encoding="utf-8").count("\n") == 1  # header only
    plans = (published / "plans.csv").read_text(encoding="utf-8").splitlines()
    assert plans[1].split(",")[2] == "plan"  # an absent kind is published as its default

    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(published / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:5]


@pytest.fixture(scope="module")
def site_1_1(tmp_path_factory):
    root = tmp_path_factory.mktemp("contract-1.1")
    data = assemble("contract-1.1", root / "data")
    (data / "README.md").unlink()
    return build_site(data, root / "site")


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "range_text", "source_word", "narrative"), [
    ("fi", "26–31,9", "Lähde", "Sanallinen arvio"),
    ("sv", "26–31,9", "Källa", "Verbal bedömning"),
])
def test_1_1_additions_appear_on_the_pages(site_1_1, lang, range_text, source_word, narrative):
    goal = soup(site_1_1 / lang / "testi-alue" / "testi-suunnitelma" / "testi-t1" / "index.html")
    section = goal.find(id="mittari-testi-mitoitus").find_parent("section")
    assert range_text in section.get_text()  # a range is shown as a range
    assert "Ei tietoa" not in section.get_text() and "Inga uppgifter" not in section.get_text()
    source = section.select_one(".sr-source")
    assert source.get_text().startswith(source_word) and "8.5.2025" in source.get_text()
    assert source.a["href"] == "https://example.org/raportti.pdf"
    action = goal.select_one(".sr-action .sr-assessment")
    assert "8.5.2025" in action.select_one(".sr-source").get_text()  # provenance beside the assessment

    second = soup(site_1_1 / lang / "testi-alue" / "testi-suunnitelma" / "testi-t2" / "index.html")
    summary = second.select_one(".sr-summary").get_text()
    assert narrative in summary  # a written assessment is not "not assessed"
    assert "Ei arviota" not in summary and "Ingen bedömning" not in summary


@pytest.mark.slow
def test_a_reply_keeps_its_own_words(site_1_1):
    plan = soup(site_1_1 / "fi" / "testi-alue" / "testi-vastaus" / "index.html")
    text = plan.select_one("article").get_text()
    assert "Tavoite 1" not in text and "Vastauksen toimenpiteet" in text
    assert "Vastaus aloitteeseen" in text  # its kind, where a plan shows its period
    item = soup(site_1_1 / "fi" / "testi-alue" / "testi-vastaus" / "testi-v1" / "index.html")
    assert item.h1.get_text(strip=True) == "Perhekeskukset vahvistuvat"
    assert "Noin 30 000 euroa" in item.get_text()  # qualifiers kept


@pytest.mark.slow
def test_plan_sections_are_plain_escaped_paragraphs(site_1_1):
    plan = soup(site_1_1 / "fi" / "testi-alue" / "testi-suunnitelma" / "index.html")
    section = plan.find(id="luku-testi-hyvinvointi").find_parent("section")
    paragraphs = [p.get_text() for p in section.find_all("p")]
    assert paragraphs[0] == "Ensimmäinen kappale <script>alert(1)</script> ja {{ 7*7 }}."
    assert paragraphs[1] == "Toinen kappale."
    assert section.find("script") is None
    other = plan.find(id="luku-testi-yhteistyo").find_parent("section")
    assert "**kuntien**" in other.get_text() and other.find("strong") is None
    sv = soup(site_1_1 / "sv" / "testi-alue" / "testi-suunnitelma" / "index.html")
    untranslated = sv.find(id="luku-testi-yhteistyo").find_parent("section").find("p")
    assert untranslated["lang"] == "fi"


@pytest.mark.slow
def test_a_staff_count_is_shown_not_suppressed(site_1_1):
    plan = soup(site_1_1 / "fi" / "testi-alue" / "testi-suunnitelma" / "index.html")
    section = plan.find(id="mittari-testi-sosiaalityontekijat").find_parent("section")
    cells = [td.get_text(strip=True) for td in section.select("td.sr-num")]
    assert cells == ["3"]


@pytest.mark.slow
def test_the_boards_action_grades_show_as_given_not_as_a_goal_grade(site_1_1):
    goal = soup(site_1_1 / "fi" / "testi-alue" / "testi-suunnitelma" / "testi-t1" / "index.html")
    summary = goal.select_one(".sr-summary .sr-action-summary").get_text(" ", strip=True)
    assert summary.startswith("Toimenpiteiden arviot (1): 1 osittain") and "8.5.2025" in summary
    assert "Väliraportti" in summary
    assert "Ei arviota" not in goal.select_one(".sr-summary").get_text()
    plan = soup(site_1_1 / "sv" / "testi-alue" / "testi-suunnitelma" / "index.html")
    goal_overview = plan.select_one('article .sr-goal-overview h3 a[href="testi-t1/"]').find_parent("section")
    assert "Bedömningar av åtgärderna (1): 1 delvis" in goal_overview.get_text(" ", strip=True)


@pytest.mark.slow
def test_a_replys_item_page_claims_nothing_the_reply_does_not_say(site_1_1):
    item = soup(site_1_1 / "fi" / "testi-alue" / "testi-vastaus" / "testi-v1" / "index.html")
    text = item.select_one("article").get_text(" ", strip=True)
    assert "Vastaus aloitteeseen:" in text  # named as what it is, not "Suunnitelma"
    for claim in ("Ei arviota", "Tavoitteelle ei ole", "Mittarien tila"):
        assert claim not in text

"""The published packages: the whole package zipped, one package per organisation,
JSON per indicator. Written with write_downloads from the fixture site's data
(no site built) and read back with frictionless, csv and jsonschema."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import fixture_rows
from frictionless import Package, system
from jsonschema import Draft202012Validator, FormatChecker

from seuranta import settings
from seuranta.check.schema import load_schema
from seuranta.files import link_tree
from seuranta.model.load import load_package
from seuranta.opendata.downloads import write_downloads
from seuranta.opendata.subsets import organisation_ids, organisation_packages
from seuranta.site.data_page import data_page

RESOURCES = load_schema()


@pytest.fixture(scope="module")
def published(tmp_path_factory, fixture_package) -> Path:
    out = tmp_path_factory.mktemp("published") / "data"
    write_downloads(fixture_package, out)
    return out


def validate(descriptor: Path) -> None:
    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["resource", "rowNumber", "fieldName", "type", "note"])[:5]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def same_cell(published: str, source: str, field_type: str, default: str | None) -> bool:
    """A published cell says what the data's cell says: the same number, or the
    same text, or for an empty cell the column's default."""
    if source == "":
        return published == (default or "")
    if field_type in ("number", "integer"):
        return float(published) == float(source)
    return published == source


def assert_rows_are_the_datas(folder: Path, tables: dict[str, list[dict[str, str]]]) -> None:
    for name, resource in RESOURCES.items():
        rows = read_csv(folder / resource.filename)
        assert len(rows) == len(tables[name]), name
        for row, source in zip(rows, tables[name], strict=True):
            for column, text in source.items():
                field = resource.field(column)
                assert same_cell(row[column], text, field.type, field.default), (name, column, row[column], text)


def test_the_archive_is_the_whole_package(published, tmp_path):
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(published / "seuranta-data.zip") as z:
        names = z.namelist()
        z.extractall(unzipped)
    assert names == ["datapackage.json", *[r.filename for r in RESOURCES.values()], "status.csv"]
    validate(unzipped / "datapackage.json")
    for name in names:  # the same files as published beside it
        assert (unzipped / name).read_bytes() == (published / name).read_bytes(), name
    assert_rows_are_the_datas(unzipped, {name: fixture_rows(name) for name in RESOURCES})
    assert [r["indicator_id"] for r in read_csv(unzipped / "status.csv")] == [
        r["id"] for r in fixture_rows("indicators")]


def test_the_archive_is_byte_identical_across_builds(fixture_package, published, tmp_path):
    write_downloads(fixture_package, tmp_path / "again")
    assert (tmp_path / "again" / "seuranta-data.zip").read_bytes() == (published / "seuranta-data.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO((published / "seuranta-data.zip").read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_unchanged_files_are_not_written_again(fixture_package, tmp_path):
    """write_downloads runs on every rebuild: with the same data it writes nothing."""
    out = tmp_path / "data"
    write_downloads(fixture_package, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    write_downloads(fixture_package, out)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_a_changed_table_changes_the_archive(package_dir, tmp_path):
    from seuranta.model.load import load_package

    data = package_dir()
    out = tmp_path / "data"
    write_downloads(load_package(data), out)
    before = (out / "seuranta-data.zip").read_bytes()
    text = (data / "observations.csv").read_text(encoding="utf-8").replace("97.7", "97.8")
    (data / "observations.csv").write_text(text, encoding="utf-8")
    write_downloads(load_package(data), out)
    with zipfile.ZipFile(out / "seuranta-data.zip") as z:
        assert "97.8" in z.read("observations.csv").decode("utf-8")
    assert (out / "seuranta-data.zip").read_bytes() != before


def own_rows(org: str) -> dict[str, list[dict[str, str]]]:
    """An organisation's rows, worked out from the fixture's CSV files."""
    t = {name: fixture_rows(name) for name in RESOURCES}
    plans = {p["id"] for p in t["plans"] if p["organisation_id"] == org}
    goals = {g["id"] for g in t["goals"] if g["plan_id"] in plans}
    actions = {a["id"] for a in t["actions"] if a["goal_id"] in goals}
    indicators = {i["id"] for i in t["indicators"] if i["plan_id"] in plans}
    observations = [o for o in t["observations"] if o["indicator_id"] in indicators]
    areas = {org} | {o["area_id"] for o in observations}
    return {
        "organisations": [o for o in t["organisations"] if o["id"] in areas],
        "plans": [p for p in t["plans"] if p["id"] in plans],
        "documents": [d for d in t["documents"] if d["organisation_id"] == org],
        "sections": [s for s in t["sections"] if s["plan_id"] in plans],
        "goals": [g for g in t["goals"] if g["id"] in goals],
        "actions": [a for a in t["actions"] if a["id"] in actions],
        "assessments": [a for a in t["assessments"] if a["goal_id"] in goals or a["action_id"] in actions],
        "indicators": [i for i in t["indicators"] if i["id"] in indicators],
        "observations": observations,
        "feedback": [f for f in t["feedback"] if f["organisation_id"] == org],
        "strategic_goals": [s for s in t["strategic_goals"] if s["organisation_id"] == org],
        "goal_strategic_goals": [g for g in t["goal_strategic_goals"] if g["goal_id"] in goals],
    }


COUNTIES = sorted(o["id"] for o in fixture_rows("organisations") if o["kind"] == "wellbeing_area")


def test_every_county_has_a_package_of_its_own(published):
    assert sorted(p.parent.name for p in published.glob("*/datapackage.json")) == COUNTIES  # not koko-maa
    for name in RESOURCES:  # every row is in one county's package (organisations: also the comparison areas)
        if name != "organisations":
            assert sum(len(own_rows(c)[name]) for c in COUNTIES) == len(fixture_rows(name)), name
    # the comparison area its values refer to comes with a county's own rows
    assert "koko-maa" in [o["id"] for o in read_csv(published / "jarvilaakso" / "organisations.csv")]


@pytest.mark.parametrize("county", COUNTIES)
def test_a_county_package_is_valid_and_holds_only_its_rows(published, county):
    folder = published / county
    validate(folder / "datapackage.json")  # every foreign key resolves inside it
    expected = own_rows(county)
    assert_rows_are_the_datas(folder, expected)
    others = set(COUNTIES) - {county}
    for resource in [*RESOURCES.values()]:
        for row in read_csv(folder / resource.filename):
            named = {v for k, v in row.items() if k == "id" or k.endswith("_id")}
            assert not named & others, (resource.name, row)
    statuses = read_csv(folder / "status.csv")
    assert [s["indicator_id"] for s in statuses] == [i["id"] for i in expected["indicators"]]
    assert {s["area_id"] for s in statuses} == {county}
    assert statuses == [s for s in read_csv(published / "status.csv") if s["area_id"] == county]


def test_a_row_naming_another_countys_document_brings_it_along(fixture_package, tmp_path):
    """Foreign keys resolve inside the part: the document, its plan and its county come with it."""
    from dataclasses import replace

    other = next(d for d in fixture_package.documents if d.organisation_id == "harjumaa")
    first = next(o for o in fixture_package.observations if o.area_id == "jarvilaakso")
    observations = tuple(replace(o, document_id=other.id) if o is first else o for o in fixture_package.observations)
    write_downloads(replace(fixture_package, observations=observations), tmp_path)
    validate(tmp_path / "jarvilaakso" / "datapackage.json")
    documents = read_csv(tmp_path / "jarvilaakso" / "documents.csv")
    assert other.id in [d["id"] for d in documents]
    assert "harjumaa" in [o["id"] for o in read_csv(tmp_path / "jarvilaakso" / "organisations.csv")]
    assert "harjumaa" not in [p["organisation_id"] for p in read_csv(tmp_path / "jarvilaakso" / "feedback.csv")]


def test_a_county_removed_from_the_data_loses_its_folder(fixture_package, tmp_path):
    write_downloads(fixture_package, tmp_path)
    (tmp_path / "vanha-alue").mkdir()
    (tmp_path / "vanha-alue" / "datapackage.json").write_text("{}", encoding="utf-8")
    write_downloads(fixture_package, tmp_path)
    assert sorted(p.parent.name for p in tmp_path.glob("*/datapackage.json")) == COUNTIES


def number(text: str) -> float | None:
    return None if text == "" else float(text)


def check_indicator_json(folder: Path) -> int:
    """Every indicators/{id}.json in a published `folder` follows indicator.schema.json and
    holds the numbers of the CSV files beside it; returns how many numbers it compared."""
    schema = json.loads((folder / "indicator.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    indicators = read_csv(folder / "indicators.csv")
    observations = read_csv(folder / "observations.csv")
    statuses = {s["indicator_id"]: s for s in read_csv(folder / "status.csv")}
    assert sorted(p.stem for p in (folder / "indicators").glob("*.json")) == sorted(i["id"] for i in indicators)
    compared = 0
    for i in indicators:
        record = json.loads((folder / "indicators" / f"{i['id']}.json").read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(record)] == [], i["id"]
        target = record["target"]
        assert (target["type"], target["value"], target["value_max"], target["year"]) == (
            i["target_type"], number(i["target_value"]), number(i["target_value_max"]), number(i["target_year"]))
        assert record["metadata"]["baseline_value"] == number(i["baseline_value"])
        assert {(o["area_id"], o["period_start"], o["period_end"], o["value"], o["value_max"], o["value_status"])
                for o in record["observations"]} == {
            (o["area_id"], o["period_start"], o["period_end"], number(o["value"]), number(o["value_max"]),
             o["value_status"]) for o in observations if o["indicator_id"] == i["id"]}
        status, row = record["status"], statuses[i["id"]]
        assert status["status"] == row["status"]
        for column in ("latest_value", "compared_value", "reference_value"):
            assert status[column] == number(row[column]), (i["id"], column)
        assert status["reference_is_baseline"] == {"true": True, "false": False, "": None}[row["reference_is_baseline"]]
        compared += len(record["observations"]) + 3
    return compared


def test_indicator_json_follows_its_schema_with_the_csv_numbers(published):
    assert check_indicator_json(published) > 20
    record = json.loads((published / "indicators" / "jl-lasu-asiakkaat.json").read_text(encoding="utf-8"))
    assert record["observations"][0]["value"] == 1133 and record["observations"][0]["period_start"] == "2024-10-08"
    assert record["metadata"]["goal_id"] is not None and record["organisation_id"] == "jarvilaakso"


def test_a_removed_indicator_loses_its_json(fixture_package, tmp_path):
    write_downloads(fixture_package, tmp_path)
    (tmp_path / "indicators" / "vanha-mittari.json").write_text("{}", encoding="utf-8")
    write_downloads(fixture_package, tmp_path)
    assert not (tmp_path / "indicators" / "vanha-mittari.json").exists()


# Top-level keys of Citation File Format 1.2.0 (its schema.json) and the required ones.
CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers",
            "keywords", "license", "license-url", "message", "preferred-citation", "references", "repository",
            "repository-artifact", "repository-code", "title", "type", "url", "version"}
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}


def test_citation_file_describes_the_data():
    import yaml
    from conftest import ROOT

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert CFF_REQUIRED <= set(citation) <= CFF_KEYS
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert all(isinstance(a.get("name"), str) and a["name"] for a in citation["authors"])
    assert citation["license"] == descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert citation["title"] == descriptor["title"] and citation["version"] == descriptor["version"]
    assert set(descriptor["keywords"]) <= set(citation["keywords"])
    assert all(isinstance(k, str) for k in citation["keywords"])


def test_the_excel_fi_variant_has_the_same_values_in_finnish_excel_form(tmp_path, package_dir):
    data = package_dir()
    write_downloads(load_package(data), tmp_path)
    for name in ("observations.csv", "status.csv"):
        raw = (tmp_path / "excel-fi" / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        finnish = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
        plain = list(csv.reader(io.StringIO((tmp_path / name).read_text(encoding="utf-8"), newline="")))
        assert finnish[0] == plain[0] and len(finnish) == len(plain)
        assert [[c.replace(",", ".") for c in row] for row in finnish[1:]] == plain[1:]
    observations = (tmp_path / "excel-fi" / "observations.csv").read_text(encoding="utf-8-sig")
    assert ";97,7;" in observations  # a decimal comma, as Excel in Finnish expects


def test_the_excel_fi_variant_opens_notes_as_text_not_formulas(tmp_path, package_dir):
    """Excel runs a cell beginning with = + - @ as a formula: in the file meant for a
    double-click such a note gets the apostrophe Excel hides; the package keeps it exact."""
    data = package_dir()
    with open(data / "observations.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    notes = ['=HYPERLINK("http://example.com","x")', "-2+3", "@SUM(1)", "+358 40"]
    for row, note in zip(rows[:len(notes)], notes, strict=True):
        row["note_fi"] = note
    with open(data / "observations.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    write_downloads(load_package(data), tmp_path)
    excel = list(csv.DictReader(io.StringIO((tmp_path / "excel-fi" / "observations.csv").read_text(
        encoding="utf-8-sig"), newline=""), delimiter=";"))
    exact = list(csv.DictReader(io.StringIO((tmp_path / "observations.csv").read_text(encoding="utf-8"), newline="")))
    excel_notes, exact_notes = {r["note_fi"] for r in excel}, {r["note_fi"] for r in exact}
    for note in notes:
        assert "'" + note in excel_notes and note not in excel_notes
        assert note in exact_notes and "'" + note not in exact_notes


def test_every_indicator_has_its_csv_even_without_values(tmp_path, package_dir):
    """Pages link each indicator's CSV; one with no values yet gets the header alone."""
    data = package_dir()
    with open(data / "observations.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    emptied = rows[0]["indicator_id"]
    with open(data / "observations.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r["indicator_id"] != emptied)
    write_downloads(load_package(data), tmp_path)
    with open(data / "indicators.csv", encoding="utf-8", newline="") as f:
        ids = {r["id"] for r in csv.DictReader(f)}
    assert {p.stem for p in (tmp_path / "indicators").glob("*.csv")} == ids
    lines = (tmp_path / "indicators" / f"{emptied}.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "indicator_id" in lines[0]


# --- the data page (site/data_page.py), generated from the published descriptor ----------------

class _Page(HTMLParser):
    """The column tables of a data page (by caption: row-header code, then the cells'
    text) and its JSON-LD scripts, read as a browser would."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.scripts: list[str] = []
        self._stack: list[str] = []
        self._caption: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._caption = None
        elif tag == "caption":
            self._cell = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._cell is not None:
            self._caption = "".join(self._cell)
            self.tables[self._caption] = []
            self._cell = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._caption is not None and self._row and not self._row[0] == "":
                self.tables[self._caption].append(self._row)
            self._row = None
        elif tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        for part in (self._cell, self._script):
            if part is not None:
                part.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _published_descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def test_every_file_and_column_has_a_title_and_a_meaning_in_both_languages(published):
    for resource in _published_descriptor(published)["resources"]:
        for item in (resource, *resource["schema"]["fields"]):
            for key in ("title", "description", "x_title_sv", "x_description_sv"):
                assert isinstance(item.get(key), str) and item[key].strip(), (resource["name"], item["name"], key)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_data_page_lists_every_column_of_every_file(fixture_package, published, lang):
    page = _parse(data_page(fixture_package, lang))
    title, description = ("x_title_sv", "x_description_sv") if lang == "sv" else ("title", "description")
    resources = _published_descriptor(published)["resources"]  # read from the written file, not the code
    assert len(page.tables) == len(resources) + 1  # and the table of downloads
    for resource in resources:
        [caption] = [c for c in page.tables if resource["path"] in c.split()]
        rows = page.tables[caption][1:]  # after the header row
        assert [r[0] for r in rows] == [f["name"] for f in resource["schema"]["fields"]]
        for row, field in zip(rows, resource["schema"]["fields"], strict=True):
            assert row[1] == field[title] and row[3] == field[description]
            assert all(code in row[4] for code in field.get("constraints", {}).get("enum", []))
            assert row[5] == field.get("x_unit", "")


def test_the_json_ld_describes_the_dataset_and_every_download(fixture_package, published):
    descriptor = _published_descriptor(published)
    [script] = _parse(data_page(fixture_package, "fi")).scripts
    dataset = json.loads(script)
    assert (dataset["@context"], dataset["@type"]) == ("https://schema.org", "Dataset")
    assert dataset["name"] == descriptor["title"] and dataset["description"] == descriptor["description"]
    assert dataset["license"] == descriptor["licenses"][0]["path"]
    assert dataset["version"] == descriptor["version"] == descriptor["x_releases"][0]["version"]
    assert dataset["dateModified"] == descriptor["x_releases"][0]["date"]
    assert dataset["creator"] and all(c["name"] for c in dataset["creator"])
    # Absolute, under the site's address (settings.site_url), as dataset search engines want them.
    base = settings.site_url() + "data/"
    urls = {d["contentUrl"].replace(base, "../../../data/"): d["encodingFormat"] for d in dataset["distribution"]}
    assert urls["../../../data/seuranta-data.zip"] == "application/zip"
    assert urls["../../../data/seuranta.xlsx"].endswith("spreadsheetml.sheet")
    for resource in descriptor["resources"]:
        assert urls[f"../../../data/{resource['path']}"] == "text/csv"
    for county in ("jarvilaakso", "harjumaa"):
        assert urls[f"../../../data/{county}/datapackage.json"] == "application/json"
    for url in urls:  # every download exists in the written open data
        assert (published / url.removeprefix("../../../data/")).is_file(), url


def test_descriptor_text_cannot_break_out_of_the_page(fixture_package, published):
    descriptor = _published_descriptor(published)
    hostile = "</script><script>alert(1)</script> & <b>lihava</b>"
    descriptor["description"] = hostile
    descriptor["resources"][0]["schema"]["fields"][0]["description"] = hostile
    page = data_page(fixture_package, "fi", descriptor)
    assert "<script>alert" not in page and "<b>lihava" not in page
    assert page.count("</script>") == 1  # only the JSON-LD's own end
    [script] = _parse(page).scripts
    assert json.loads(script)["description"] == hostile


@pytest.mark.parametrize(("lang", "column"), [("fi", "name_fi"), ("sv", "name_sv")])
def test_release_notes_name_the_organisations_that_changed(fixture_package, published, lang, column):
    descriptor = _published_descriptor(published)
    descriptor["version"] = "2.0.0"
    descriptor["x_releases"] = [{"version": "2.0.0", "date": "2025-06-30", "organisations": ["jarvilaakso"],
                                 "note_fi": "Uudet luvut.", "note_sv": "Nya siffror."}]
    page = data_page(fixture_package, lang, descriptor)
    name = next(r[column] for r in fixture_rows("organisations") if r["id"] == "jarvilaakso")
    releases = page[page.index('<ul class="sr-releases">'):]
    releases = releases[:releases.index("</ul>")]
    assert "2.0.0" in releases and "30.6.2025" in releases and name in releases
    assert ("Nya siffror." if lang == "sv" else "Uudet luvut.") in releases
    assert json.loads(_parse(page).scripts[0])["dateModified"] == "2025-06-30"


def test_the_repository_descriptor_names_its_release(published):
    """`version` is the newest entry of x_releases, and CITATION.cff says the same."""
    import yaml
    from conftest import ROOT

    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    newest = descriptor["x_releases"][0]
    assert newest["version"] == descriptor["version"]
    assert [r["date"] for r in descriptor["x_releases"]] == sorted((r["date"] for r in descriptor["x_releases"]),
                                                                     reverse=True)
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["date-released"]) == newest["date"]


def _own_and_repository_descriptors() -> tuple[dict, dict]:
    from conftest import ROOT, SITE_DATA

    return tuple(json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))  # type: ignore[return-value]
                 for folder in (SITE_DATA, ROOT))


def test_the_package_s_own_descriptor_is_published_not_the_repository_s(published):
    """The fixture has its own datapackage.json: its name, version and release notes are
    published; the repository's release notes and sources are not. It names no licence,
    so the portal's applies."""
    own, repository = _own_and_repository_descriptors()
    descriptor = _published_descriptor(published)
    assert (descriptor["name"], descriptor["version"], descriptor["x_releases"]) == (
        own["name"], own["version"], own["x_releases"])
    assert descriptor["version"] != repository["version"] and "sources" not in descriptor
    assert descriptor["licenses"] == repository["licenses"]
    assert [r["name"] for r in descriptor["resources"][:-1]] == [r["name"] for r in repository["resources"]]
    county = _published_descriptor(published / "harjumaa")
    assert county["name"] == f"{own['name']}-harjumaa" and county["version"] == own["version"]
    with zipfile.ZipFile(published / "seuranta.xlsx") as z:  # the workbook is dated by the fixture's release
        assert z.read("docProps/core.xml").decode().count(f"{own['x_releases'][0]['date']}T00:00:00Z") == 2


@pytest.mark.parametrize(("lang", "note"), [("fi", "note_fi"), ("sv", "note_sv")])
def test_the_data_page_shows_the_package_s_own_releases(fixture_package, lang, note):
    own, repository = _own_and_repository_descriptors()
    page = data_page(fixture_package, lang)
    releases = page[page.index('<ul class="sr-releases">'):]
    releases = releases[:releases.index("</ul>")]
    assert [r["version"] for r in own["x_releases"]] == re.findall(r"<strong>([^<]+)</strong>", releases)
    assert all(r[note] in releases for r in own["x_releases"])
    assert not any(r[note] in page for r in repository["x_releases"])
    assert json.loads(_parse(page).scripts[0])["dateModified"] == own["x_releases"][0]["date"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_data_page_names_the_package_s_own_licence(fixture_package, published, lang):
    descriptor = _published_descriptor(published)
    terms = lambda page: page[page.index('id="kayttoehdot"'):page.index("<blockquote>")]  # noqa: E731
    assert "CC BY 4.0" in terms(data_page(fixture_package, lang, descriptor))  # the portal's licence
    descriptor["licenses"] = [{"name": "CC0-1.0", "title": "CC0 <1.0>", "path": "https://example.org/cc0"}]
    page = data_page(fixture_package, lang, descriptor)
    assert '<a href="https://example.org/cc0">CC0 &lt;1.0&gt;</a>' in terms(page) and "CC BY" not in terms(page)
    assert json.loads(_parse(page).scripts[0])["license"] == "https://example.org/cc0"


def test_the_page_lists_the_same_county_packages_as_are_written(fixture_package, published):
    written = sorted(p.parent.name for p in published.glob("*/datapackage.json"))
    assert sorted(organisation_ids(fixture_package)) == written == sorted(organisation_packages(fixture_package))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_link_and_download_of_the_data_page_resolves(fixture_site, lang):
    page_file = fixture_site / lang / "tietoa" / "data" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    [script] = _parse(html).scripts
    base = settings.site_url() + "data/"  # the fixture site is built for its test server's address
    urls = [d["contentUrl"].replace(base, "../../../data/") for d in json.loads(script)["distribution"]]
    assert all(u.startswith("../../../data/") for u in urls)
    urls += [u for u in re.findall(r'href="([^"#:]+)"', html[html.index('<div class="sr-page">'):])]
    assert len(urls) > 40
    for url in urls:
        target = (page_file.parent / url).resolve()
        assert target.is_file() or (target / "index.html").is_file(), url
    assert "sha256-" in html  # the strict policy is in place
    own, repository = _own_and_repository_descriptors()  # the built page names the fixture's own releases
    assert all(f"<strong>{r['version']}</strong>" in html for r in own["x_releases"])
    assert not any(r["note_fi"] in html or r["note_sv"] in html for r in repository["x_releases"])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_makes_only_the_files_of_what_changed_and_equals_a_full_write(fixture_package, tmp_path):
    """Files per organisation, goal and indicator are made again only when the rows they
    are made from changed (write_downloads' made_from); the result equals a full write."""
    from dataclasses import replace

    live = tmp_path / "live"
    made_from = write_downloads(fixture_package, live)
    changed_one = next(o for o in fixture_package.observations if o.value is not None)
    observations = tuple(replace(o, value=o.value + 1) if o is changed_one else o  # type: ignore[operator]
                         for o in fixture_package.observations)
    changed = replace(fixture_package, observations=observations)
    rebuilt = tmp_path / "rebuilt"
    link_tree(live, rebuilt)  # as a rebuild's copy of the live site
    now = write_downloads(changed, rebuilt, made_from=made_from)
    write_downloads(changed, tmp_path / "full")
    assert _files(rebuilt) == _files(tmp_path / "full")
    own = next(i for i in fixture_package.indicators if i.id == changed_one.indicator_id)
    redone = {path for path, made in now.items() if made_from.get(path) != made}
    organisation = fixture_package.plan(own.plan_id).organisation_id
    assert redone == {f"indicators/{own.id}.json", f"indicators/{own.id}.csv", f"goals/{own.goal_id}.csv",
                      f"{organisation}/datapackage.json"} - {"goals/None.csv"}


def test_a_file_missing_from_the_copy_is_written_again(fixture_package, tmp_path):
    """A file per goal, indicator or organisation whose rows are unchanged, but which
    the copy of the live site lacks, is written again."""
    live = tmp_path / "live"
    made_from = write_downloads(fixture_package, live)
    rebuilt = tmp_path / "rebuilt"
    link_tree(live, rebuilt)
    i = fixture_package.indicators[0]
    organisation = fixture_package.plan(i.plan_id).organisation_id
    lost = [f"indicators/{i.id}.json", f"indicators/{i.id}.csv", f"{organisation}/datapackage.json"]
    for path in lost:
        (rebuilt / path).unlink()
    write_downloads(fixture_package, rebuilt, made_from=made_from)
    assert _files(rebuilt) == _files(live)


def test_each_tables_json_is_what_json_writes_for_each_record(published):
    """observations.json and the other tables' JSON are put together record by record
    (downloads._records_json); each record must be exactly what json.dumps writes,
    for every kind of text: quotes, backslashes, line breaks, control characters, letters
    beyond ASCII, separators JavaScript reads as line ends."""
    from seuranta.opendata.downloads import _records_json

    header = ["id", 'say "hi"', "ääkköset"]
    rows = [["a", 'x "y" \\ z', "rivi\nrivi\tsarkain\x01"], ["", "\u2028\u2029", "€ – ö"], ["<&>", "\x7f", "{}"]]
    records = [json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) for row in rows]
    assert b"".join(_records_json(header, rows)).decode("utf-8") == "[\n" + ",\n".join(records) + "\n]\n"
    for table in ("observations", "indicators", "feedback"):
        text = (published / f"{table}.json").read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0] == "[" and lines[-1] == "]"
        assert [line.rstrip(",") for line in lines[1:-1]] == \
            [json.dumps(record, ensure_ascii=False) for record in json.loads(text)]

"""Shared fixtures: fixture packages assembled in tmp dirs, and the fixture site
(tests/fixtures/site/, see its README) built once with real MkDocs.

Tests of the code use the fixture site; the production data in data/ is tested
only by test_shipped_data.py."""

from __future__ import annotations

import csv
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "valid-minimal"
SITE_DATA = FIXTURES / "site"  # the package the fixture site is built from


def fixture_rows(table: str) -> list[dict[str, str]]:
    """The rows of one CSV file of the fixture site, as written: tests derive what
    the pages must show from these, not from the code's output."""
    with open(SITE_DATA / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def assemble(case: str, target: Path) -> Path:
    """The minimal valid package with a case's files laid over it.

    A case folder holds only the files that differ; a file named MISSING lists
    files to remove.
    """
    target.mkdir(parents=True, exist_ok=True)
    for f in BASE.glob("*.csv"):
        shutil.copy(f, target / f.name)
    case_dir = FIXTURES / case
    for f in case_dir.iterdir():
        if f.name == "MISSING":
            for name in f.read_text().split():
                (target / name).unlink()
        else:
            shutil.copy(f, target / f.name)
    return target


def pytest_addoption(parser):
    parser.addoption("--regenerate-golden", action="store_true",
                     help="rewrite tests/golden/ from the current code (review the diff!)")


@pytest.fixture
def regenerate_golden(request):
    return request.config.getoption("--regenerate-golden")


def expected_embeds() -> dict[str, set[str]]:
    """The embed pages the fixture must have, by kind, worked out from its CSV files: one
    per indicator; one per feedback result shown with its figures (at least 10 respondents,
    MIN_RESPONDENTS_SHOWN); one per comparison (indicators of two or more organisations
    sharing a Sotkanet id and unit, named sotkanet-{id}-{unit})."""
    organisation = {p["id"]: p["organisation_id"] for p in fixture_rows("plans")}
    shared: dict[str, set[str]] = {}
    for i in fixture_rows("indicators"):
        if i["sotkanet_id"]:
            shared.setdefault(f"sotkanet-{i['sotkanet_id']}-{i['unit']}", set()).add(organisation[i["plan_id"]])
    return {"mittarit": {i["id"] for i in fixture_rows("indicators")},
            "palaute": {f["id"] for f in fixture_rows("feedback") if int(f["respondents"]) >= 10},
            "vertailu": {slug for slug, organisations in shared.items() if len(organisations) >= 2}}


@pytest.fixture
def package_dir(tmp_path):
    return lambda case="valid-minimal": assemble(case, tmp_path / case)


@pytest.fixture(scope="session")
def fixture_package():
    """The fixture site's package, validated and loaded (no site built)."""
    from seuranta.model.load import load_package

    return load_package(SITE_DATA)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def fixture_server(tmp_path_factory):
    """(folder, address): a local web server for the fixture site, started before the
    site is built so that the site is built for the address it is served at, as a
    published site is (its canonical links, alternates and sitemaps are absolute)."""
    out = tmp_path_factory.mktemp("fixture") / "site"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def fixture_site(fixture_server):
    """The portal built once from tests/fixtures/site/ with real MkDocs, for the
    address `fixture_server` serves it at."""
    from seuranta.build import build_site

    out, address = fixture_server
    build_site(SITE_DATA, out, site_url=address)
    return out

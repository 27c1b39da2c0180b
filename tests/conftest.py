"""Shared fixtures: fixture packages assembled in tmp dirs, and one real site build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "valid-minimal"


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


@pytest.fixture
def package_dir(tmp_path):
    return lambda case="valid-minimal": assemble(case, tmp_path / case)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory):
    """The portal built once from the shipped data with real MkDocs."""
    from seuranta.build import build_site

    out = tmp_path_factory.mktemp("shipped") / "site"
    build_site(ROOT / "data", out)
    return out

"""The core package stays importable and testable without MkDocs; catalogs agree."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

from seuranta.i18n import LANGUAGES, catalog


def test_only_the_adapter_and_build_step_import_mkdocs():
    offenders = []
    for path in (ROOT / "seuranta").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            # build.py runs MkDocs, but only inside run_mkdocs (a lazy import).
            if any(n.split(".")[0] == "mkdocs" for n in names):
                if not (path.name == "build.py" and node.col_offset > 0):
                    offenders.append(path.name)
    assert offenders == []


def test_fi_and_sv_catalogs_have_the_same_keys_and_no_empty_strings():
    fi, sv = catalog("fi"), catalog("sv")
    assert set(fi) == set(sv)
    assert all(catalog(lang)[k].strip() for lang in LANGUAGES for k in fi)


def test_every_key_used_in_code_exists():
    keys = set(catalog("fi"))
    used = set()
    for path in (ROOT / "seuranta").rglob("*.py"):
        used |= set(re.findall(r'(?:_|gettext)\("([a-z_]+\.[a-z_]+)"', path.read_text("utf-8")))
    assert used and used <= keys

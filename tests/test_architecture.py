"""The layout follows the flow: each stage imports only earlier stages; only the
adapter imports MkDocs; the fi/sv catalogs agree."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT

from seuranta.i18n import catalog
from seuranta.settings import LANGUAGES

PACKAGE = ROOT / "seuranta"
# The flow, in order. A module may import its own folder and any earlier stage.
STAGES = [
    {"settings", "digest", "i18n", "formatting", "files", "processes"},  # shared by every stage
    {"check"},
    {"model"},
    {"status"},
    {"charts", "opendata"},
    {"site"},
    {"mkdocs_adapter"},
    {"build_state"},  # what a build leaves for the next
    {"build"},
    {"staff"},  # staff tools beside the flow (a live preview runs the build)
    {"cli"},
]


def _stage(part: str) -> int:
    return next(n for n, names in enumerate(STAGES) if part in names)


def _imports(path) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.module, node.lineno)]
            found += [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
    return found


def _modules(root=PACKAGE):
    for path in sorted(root.rglob("*.py")):
        yield path, path.relative_to(root).parts


def upward_imports(root=PACKAGE) -> list[str]:
    """Imports of a stage that is not earlier than the importing module's own."""
    found = []
    for path, parts in _modules(root):
        here = parts[0].removesuffix(".py")
        if here == "__init__":
            continue
        for name, line in _imports(path):
            bits = name.split(".")
            if bits[0] == "seuranta" and len(bits) > 1 and bits[1] != here and bits[1] in set().union(*STAGES) \
                    and _stage(bits[1]) >= _stage(here):
                found.append(f"{'/'.join(parts)}:{line} imports {name}")
    return found


def test_every_module_is_in_a_stage():
    unplaced = [parts for _, parts in _modules()
                if parts[0] != "__init__.py" and parts[0].removesuffix(".py") not in set().union(*STAGES)]
    assert unplaced == []


def test_no_stage_imports_a_later_stage():
    assert upward_imports() == []


@pytest.mark.parametrize(("module", "source", "found"), [
    ("status/x.py", "from seuranta.site.html import esc", True),
    ("charts/x.py", "from seuranta.opendata import xlsx", True),  # peers: neither comes first
    ("site/x.py", "import seuranta.build", True),
    ("site/x.py", "from seuranta.status.evaluate import evaluate", False),
])
def test_the_layering_check_sees_upward_imports(tmp_path, module, source, found):
    (tmp_path / module).parent.mkdir(parents=True)
    (tmp_path / module).write_text(source + "\n")
    assert bool(upward_imports(tmp_path)) is found


def test_no_relative_imports():
    relative = [f"{'/'.join(parts)}:{node.lineno}" for path, parts in _modules()
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom) and node.level > 0]
    assert relative == []


def test_only_the_mkdocs_adapter_imports_mkdocs():
    offenders = [f"{'/'.join(parts)}:{line}" for path, parts in _modules() for name, line in _imports(path)
                 if name.split(".")[0] == "mkdocs" and parts[0] != "mkdocs_adapter"]
    assert offenders == []
    macros = [name for path in (ROOT / "macros").rglob("*.py") for name, _ in _imports(path)]
    assert not any(n.split(".")[0] == "mkdocs" for n in macros)


def test_fi_and_sv_catalogs_have_the_same_keys_and_no_empty_strings():
    fi, sv = catalog("fi"), catalog("sv")
    assert set(fi) == set(sv)
    assert all(catalog(lang)[k].strip() for lang in LANGUAGES for k in fi)


def test_every_key_used_in_code_exists():
    keys = set(catalog("fi"))
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r'(?:_|gettext)\("([a-z_]+\.[a-z_]+)"', path.read_text("utf-8")))
    assert used and used <= keys

"""Type checking is part of the test suite: mypy, strict, on the core package
(settings in pyproject.toml's [tool.mypy]).

Its cache (.mypy_cache/) makes a run after a small edit take a second or two;
the very first run in a fresh checkout reads the dependencies' types and takes
about 40 s of CPU.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

# Slow only on a cold cache (about 40 s); `make typecheck` is the quick way in the edit loop.
pytestmark = pytest.mark.slow


def test_mypy_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr

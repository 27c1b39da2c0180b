"""Lint is part of the test suite, so CI keeps the code style in step."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "seuranta", "macros", "tests", "tools",
                             "benchmarks"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout

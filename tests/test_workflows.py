"""The GitHub workflows staff rely on: valid, pinned, least privilege, no zizmor findings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def test_there_are_the_three_workflows():
    assert [w.name for w in WORKFLOWS] == ["check.yml", "comment.yml", "deploy.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_the_workflow_follows_githubs_schema(workflow):
    done = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing():
    done = subprocess.run([BIN / "zizmor", "--offline", "--persona", "auditor", str(ROOT / ".github" / "workflows")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_and_permissions_are_declared(workflow):
    text = workflow.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert re.search(r"^permissions:", text, re.M)  # a default for every job
    assert "pull_request_target" not in text
    assert "${{ secrets." not in text  # no secrets where none are needed


def test_the_pull_request_check_never_runs_with_write_access():
    check = (ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8")
    assert re.search(r"^permissions:\n  contents: read\n", check, re.M)
    assert not re.search(r":\s*write\b", check)  # no permission to write anything
    comment = (ROOT / ".github" / "workflows" / "comment.yml").read_text(encoding="utf-8")
    assert "actions/checkout" not in comment  # the pull request's code never runs with write access

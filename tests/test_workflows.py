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


# --- the comment script of comment.yml, run with Node against a real review ------------------
# The script is ours; GitHub's API is not, so the test gives it a small fake `github`
# object that keeps the pull request's comments in a JSON file between runs.

HARNESS = r"""
const fs = require("fs");
const state = JSON.parse(fs.readFileSync("state.json", "utf8"));
const save = () => fs.writeFileSync("state.json", JSON.stringify(state));
const listComments = async () => ({ data: state.comments });
const github = {
  paginate: async (method, params) => {
    if (method !== listComments || params.issue_number !== state.number) throw new Error("unexpected list");
    return state.comments;
  },
  rest: {
    pulls: {
      get: async ({ pull_number }) => ({ data: { number: pull_number, state: "open", head: { sha: state.head } } }),
    },
    issues: {
      listComments,
      createComment: async ({ issue_number, body }) => {
        state.comments.push({ id: state.comments.length + 1, issue_number, body, user: { type: "Bot" } });
        state.calls.push("create"); save();
      },
      updateComment: async ({ comment_id, body }) => {
        state.comments.find(c => c.id === comment_id).body = body;
        state.calls.push(`update ${comment_id}`); save();
      },
    },
  },
};
const context = { repo: { owner: "seuranta", repo: "seuranta" }, payload: { workflow_run: { head_sha: "c0ffee" } } };
const script = fs.readFileSync("script.js", "utf8");
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("require", "github", "context", script)(require, github, context)
  .catch(e => { console.error(e.message); process.exit(3); });
"""


def _comment_script() -> str:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "comment.yml").read_text(encoding="utf-8"))
    [step] = [s for s in workflow["jobs"]["comment"]["steps"] if s["uses"].startswith("actions/github-script@")]
    return step["with"]["script"]


def _post(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", "harness.js"], cwd=folder, capture_output=True, text=True, timeout=60)


def test_the_comment_script_posts_a_real_review_once_and_then_updates_it(tmp_path, package_dir):
    import json

    broken = package_dir("final-without-value")  # observations.csv row 5: final, but no value
    report = subprocess.run([sys.executable, "-m", "seuranta.cli", "validate", str(broken), "--format", "markdown",
                             "--lang", "fi"], capture_output=True, text=True, cwd=ROOT)
    assert report.returncode == 1, report.stderr
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "pr-number.txt").write_text("7\n", encoding="utf-8")
    comment = "<!-- seuranta-review -->\n" + report.stdout
    (tmp_path / "review" / "comment.md").write_text(comment, encoding="utf-8")
    (tmp_path / "script.js").write_text(_comment_script(), encoding="utf-8")
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")
    human = {"id": 100, "body": "<!-- seuranta-review --> quoted by a person", "user": {"type": "User"}}
    state = {"number": 7, "head": "c0ffee", "comments": [human], "calls": []}
    (tmp_path / "state.json").write_text(json.dumps(state), encoding="utf-8")

    done = _post(tmp_path)
    assert done.returncode == 0, done.stderr
    state = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert state["calls"] == ["create"]
    posted = state["comments"][-1]["body"]
    assert posted == comment
    assert "| observations.csv | 5 | value |" in posted  # the problem's file, row and column

    # A second push: the same comment is updated, not repeated; the person's comment is left alone.
    (tmp_path / "review" / "comment.md").write_text(comment + "\nToinen ajo.\n", encoding="utf-8")
    done = _post(tmp_path)
    assert done.returncode == 0, done.stderr
    state = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert state["calls"] == ["create", "update 2"]
    assert [c["id"] for c in state["comments"]] == [100, 2]
    assert state["comments"][1]["body"].endswith("Toinen ajo.\n") and state["comments"][0] == human


def test_the_comment_script_posts_nothing_for_a_review_of_another_commit(tmp_path):
    import json

    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "pr-number.txt").write_text("7\n", encoding="utf-8")
    (tmp_path / "review" / "comment.md").write_text("<!-- seuranta-review -->\nOK\n", encoding="utf-8")
    (tmp_path / "script.js").write_text(_comment_script(), encoding="utf-8")
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")
    state = {"number": 7, "head": "another-commit", "comments": [], "calls": []}
    (tmp_path / "state.json").write_text(json.dumps(state), encoding="utf-8")
    done = _post(tmp_path)
    assert done.returncode == 3 and "does not belong" in done.stderr
    assert json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["calls"] == []

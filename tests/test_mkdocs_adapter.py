"""What the MkDocs adapter changes in how MkDocs and its plugins run."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

ASK_TWICE = """
import json, sys
from mkdocs_macros import context
plain = context.get_git_info()  # as the plugin asks on each build
from seuranta.mkdocs_adapter.run import _ask_git_once
_ask_git_once()
started = []
sys.addaudithook(lambda event, args: started.append(event) if event == "subprocess.Popen" else None)
first, second = context.get_git_info(), context.get_git_info()
print(json.dumps({"same": plain == first == second, "started": len(started), "copies": first is not second}))
"""


def test_git_is_asked_once_a_process_and_answers_as_the_plugin_would():
    """mkdocs-macros' `git` variables (run._ask_git_once): the same answers, with no
    git command started by the builds after the first."""
    out = subprocess.run([sys.executable, "-c", ASK_TWICE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"same": True, "started": 0, "copies": True}

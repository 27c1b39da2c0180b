"""What a build leaves for the next one (state.json in the work folder): read, written,
and kept in memory for the next build in the same process (seuranta serve).

At national scale the file is 17 MB, most of it the charts' manifest (each chart's
text alternative and data points): reading it took 0.12 s and writing it 0.1 s of
each rebuild. A build in the process that wrote the file takes what it wrote, while
the file is that one; each chart's entry is written as the text the pages quote
(charts.manifest.entry_json, made once while the entry is the same).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

from seuranta.charts.manifest import Manifest, entry_json
from seuranta.files import file_identity


class BuildState(TypedDict, total=False):
    """What a build leaves in state.json for the next one (empty: nothing to start from)."""

    shell: str  # build._shell_fingerprint: when it changes, the next build is a full one
    charts: Manifest
    configs: dict[str, str]  # language -> digest of its MkDocs config and navigation
    pages: dict[str, dict[str, str]]  # language -> LivePages digests
    inputs: dict[str, dict[str, str]]  # language -> LivePages inputs
    downloads: dict[str, str]  # open-data file -> what it was made from (downloads.write_downloads)


STATE_FILE = "state.json"


# The states this process wrote, by the file's path: the file as it was then, and the state.
_written: dict[Path, tuple[tuple[int, ...] | None, BuildState]] = {}


def read_state(work: Path) -> BuildState:
    """The state the last build left in `work`; empty if there is none or it cannot be read.
    (Not to be changed: the same object may serve the next build in this process.)"""
    path = work / STATE_FILE
    try:
        written = _written.get(path)
        if written is not None and written[0] == file_identity(path):
            return written[1]
        state: BuildState = json.loads(path.read_text(encoding="utf-8"))
        return state
    except (OSError, ValueError):
        return {}


def write_state(work: Path, state: BuildState) -> None:
    """state.json: the same text as json.dumps(state, sort_keys=True, ensure_ascii=False)."""
    path = work / STATE_FILE
    with path.open("w", encoding="utf-8") as file:  # part by part: the whole would be 17 MB twice over
        file.write("{")
        for n, name in enumerate(sorted(state)):
            file.write(f"{', ' if n else ''}{_json(name)}: ")
            if name == "charts":
                file.write("{")
                charts = state["charts"]
                for m, key in enumerate(sorted(charts)):
                    file.write(f"{', ' if m else ''}{_json(key)}: {entry_json(key, charts[key])}")
                file.write("}")
            else:
                file.write(_json(state[name]))  # type: ignore[literal-required]
        file.write("}")
    _written[path] = (file_identity(path), state)


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def forget_states(keep: Path | None = None) -> None:
    """Let go of the states this process wrote, but `keep`'s (a work folder)."""
    for path in [p for p in _written if keep is None or p.parent != keep]:
        del _written[path]


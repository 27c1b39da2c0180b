"""The build's state file (build_state.py): the text json.dumps would write, and the
state this process wrote taken back only while the file is the one it wrote."""

from __future__ import annotations

import json
import os

from seuranta.build_state import STATE_FILE, forget_states, read_state, write_state


def _state(points: str) -> dict:
    charts = {f"fi/indicator/m{n}": {"svg": f"fi/m{n}.svg", "alt": "Kaavio: ”ö” \u00a0%", "points": points,
                                      "width": 320, "height": 189 + n} for n in range(3)}
    return {"shell": "abc", "charts": charts, "configs": {"sv": "2", "fi": "1"},
            "pages": {"fi": {"b/index.md": "x", "a/index.md": "y"}}, "downloads": {}}


def test_the_file_is_what_json_dumps_writes_also_when_entries_are_taken_from_the_last(tmp_path):
    first = _state("[[1,2]]")
    write_state(tmp_path, first)
    assert (tmp_path / STATE_FILE).read_text(encoding="utf-8") == json.dumps(first, sort_keys=True, ensure_ascii=False)
    second = _state("[[1,2]]")
    second["charts"]["fi/indicator/m0"] = first["charts"]["fi/indicator/m0"]  # unchanged: the same object
    second["charts"]["fi/indicator/m1"]["points"] = "[[3,4]]"
    write_state(tmp_path, second)
    assert (tmp_path / STATE_FILE).read_text(encoding="utf-8") == json.dumps(second, sort_keys=True, ensure_ascii=False)
    forget_states()


def test_the_state_written_is_taken_back_while_the_file_is_the_one_written(tmp_path):
    state = _state("[[1,2]]")
    write_state(tmp_path, state)
    assert read_state(tmp_path) is state
    # Another process (a build started anew) writes the file: it is read.
    other = _state("[[5,6]]")
    path = tmp_path / STATE_FILE
    path.write_text(json.dumps(other), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert read_state(tmp_path) == other
    forget_states()
    path.unlink()
    assert read_state(tmp_path) == {}

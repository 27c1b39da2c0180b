"""`seuranta serve`: the live preview rebuilds on a change, reloads open pages with a
same-origin script, and shows the validator's messages when the data is invalid."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from seuranta.staff.serve import serve

pytestmark = pytest.mark.slow  # builds a site several times


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def status(base: str) -> dict:
    return json.loads(get(base + "_seuranta/status.json"))


def wait_for_version(base: str, version: int, seconds: float = 120) -> dict:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        now = status(base)
        if now["version"] >= version:
            return now
        time.sleep(0.2)
    raise AssertionError(f"no rebuild within {seconds} s")


@contextmanager
def preview(data, out):
    """`seuranta serve` on a free port in a thread; yields its address, then stops it."""
    stop, started = threading.Event(), []
    thread = threading.Thread(target=serve, args=(data, out), daemon=True,
                              kwargs={"port": 0, "stop": stop, "ready": started.append})
    thread.start()
    try:
        end = time.monotonic() + 120
        while not started and time.monotonic() < end:
            time.sleep(0.1)
        yield started[0]
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_a_changed_value_is_rebuilt_and_an_error_is_shown_in_plain_words(package_dir, tmp_path):
    data, out = package_dir(), tmp_path / "site"
    with preview(data, out) as base:
        page = base + "fi/testi-alue/testi-suunnitelma/"
        assert status(base) == {"version": 1, "ok": True, "problems": ""}
        html = get(page)
        assert '<script src="/_seuranta/reload.js"></script></body>' in html  # same origin, not inline
        assert "Content-Security-Policy" in html and "97,7" in html
        assert "location.reload()" in get(base + "_seuranta/reload.js")

        observations = data / "observations.csv"
        observations.write_text(observations.read_text(encoding="utf-8").replace("97.7", "88.8"), encoding="utf-8")
        assert wait_for_version(base, 2)["ok"]
        assert "88,8" in get(page)

        text = observations.read_text(encoding="utf-8")
        finnish = text.replace("testi-alue,2023-01-01,2023-12-31,88.8", "testi-alue,1.1.2023,2023-12-31,88.8")
        observations.write_text(finnish, encoding="utf-8")
        failed = wait_for_version(base, 3)
        assert not failed["ok"] and "observations.csv:5: period_start:" in failed["problems"]
        assert "suomalaisessa muodossa" in failed["problems"]  # in plain words
        assert "88,8" in get(page)  # the last good site stays


def test_data_invalid_from_the_start_shows_why_and_recovers(package_dir, tmp_path):
    data, out = package_dir("decimal-comma"), tmp_path / "site"
    with preview(data, out) as base:
        first = status(base)
        assert not first["ok"] and "observations.csv:5: value:" in first["problems"]
        waiting = get(base + "fi/")
        assert "Sivustoa ei voitu rakentaa" in waiting and "/_seuranta/reload.js" in waiting
        observations = data / "observations.csv"
        observations.write_text(observations.read_text(encoding="utf-8").replace('"97,7"', "97.7"), encoding="utf-8")
        assert wait_for_version(base, 2)["ok"]
        assert "97,7" in get(base + "fi/testi-alue/testi-suunnitelma/")


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux: /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:  # (the field after the state: the parent's pid)
            found.append(int(stat.parent.name))
    return found


def test_the_command_serves_from_a_process_of_its_own(package_dir, tmp_path):
    """`seuranta serve` runs no thread beside its builds (a thread would make them start
    new Pythons, with nothing of the last build): the server is a process of its own,
    which rebuilds are seen through and which ends with the command."""
    data, out = package_dir(), tmp_path / "site"
    command = subprocess.Popen([sys.executable, "-m", "seuranta.cli", "serve", "--data", str(data), "--out", str(out),
                                "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        line = ""
        while "Esikatselu" not in line:
            line = command.stdout.readline()
            assert line, "the command ended before serving"
        base = line.split(": ", 1)[1].strip()
        assert status(base)["ok"]
        servers = _children(command.pid)
        assert len(servers) == 1
        observations = data / "observations.csv"
        observations.write_text(observations.read_text(encoding="utf-8").replace("97.7", "88.8"), encoding="utf-8")
        assert wait_for_version(base, 2)["ok"]
        assert "88,8" in get(base + "fi/testi-alue/testi-suunnitelma/")
    finally:
        os.killpg(command.pid, signal.SIGINT)  # Ctrl-C in a terminal: to every process of the command
        _, errors = command.communicate(timeout=30)
    assert "Traceback" not in errors
    assert not Path(f"/proc/{servers[0]}").exists() or "Z" in Path(f"/proc/{servers[0]}/stat").read_text()
    with pytest.raises(OSError):
        get(base)

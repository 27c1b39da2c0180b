"""`seuranta serve`: the live preview rebuilds on a change, reloads open pages with a
same-origin script, and shows the validator's messages when the data is invalid."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from contextlib import contextmanager

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

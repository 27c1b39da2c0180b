"""Work in a process of its own (processes.py): its result, its exception, its end."""

from __future__ import annotations

import os
import time
from functools import partial

import pytest

from seuranta.processes import ProcessFailed, Running


class Refused(Exception):
    pass


def _made(text: str) -> dict[str, str]:
    return {"made": text, "in": str(os.getpid())}


def _refuse(why: str) -> None:
    raise Refused(why)


def _vanish() -> None:
    os._exit(3)  # as if killed: no result, no exception


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_job_gives_its_result_from_another_process(method):
    made = Running(partial(_made, "tulos"), method).result()
    assert made["made"] == "tulos" and made["in"] != str(os.getpid())


def _spin(cpu_seconds: float) -> float:
    """Work for `cpu_seconds` of this process's CPU time; how much it used before."""
    before = time.process_time()
    while time.process_time() - before < cpu_seconds:
        pass
    return before


def test_a_job_s_process_reports_its_own_cpu_time():
    _spin(0.3)  # this process's, which a forked one does not inherit
    running = Running(partial(_spin, 0.05), "fork")
    assert running.cpu_seconds == 0.0  # not known before the result
    before = running.result()
    assert before < 0.3 and 0.05 <= running.cpu_seconds < 0.3


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_job_s_exception_is_raised_here_with_its_traceback(method):
    with pytest.raises(Refused, match="ei käy") as raised:
        Running(partial(_refuse, "ei käy"), method).result()
    assert any("_refuse" in note for note in raised.value.__notes__)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_process_that_ends_without_a_result_is_an_error(method):
    with pytest.raises(ProcessFailed, match="exit code 3"):
        Running(_vanish, method).result()


def _wait() -> None:
    time.sleep(60)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_stopped_job_ends_at_once(method):
    """A failed build stops the other processes: what they would write is not used."""
    running = Running(_wait, method)
    running.stop()
    with pytest.raises(ProcessFailed, match="exit code -15"):  # ended by SIGTERM, not after its minute
        running.result()

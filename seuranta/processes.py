"""Work done by a process of its own, beside the build's (build.py): the open data,
and in a full build of a large site each language's charts and pages.

The process is forked where that is safe (Linux, while no other thread runs): it
then has the package and everything the build derived from it, without copying
anything. Pickling a national package and unpickling it again is 0.7 s, starting a
new Python and importing Seuranta about 1 s, per process. Elsewhere (macOS and
Windows, whose system libraries are not safe to fork, or with another thread
running: `seuranta serve` therefore serves from a process, not a thread, on Linux),
a new Python is started and handed the job pickled: it may then use only the job's
arguments, never something the build's process set up.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
import traceback
from collections.abc import Callable
from functools import cache
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")

FORK = sys.platform == "linux"  # a setting for the tests: False starts a new Python every time


class ProcessFailed(Exception):
    """The process ended without giving its result (killed, or out of memory)."""


def start_method() -> str:
    """fork where that is safe, else spawn (see above). A forked process copies only
    the thread that forks; one that another thread held a lock of would wait forever.
    (Work left to finish in the background is waited for first.)"""
    wait_for_background()
    return "fork" if FORK and threading.active_count() == 1 else "spawn"


# Threads finishing what a build left for the next one (finish_in_background).
_background: list[threading.Thread] = []


def finish_in_background(job: Callable[[], None]) -> None:
    """Run `job` in a thread: work whose result the next build needs, not this one's
    site (the build's state, kept for the next). Waited for by wait_for_background,
    which the next build and start_method call first, and by Python before it exits."""
    thread = threading.Thread(target=job, name="seuranta: finishing a build")
    thread.start()
    _background.append(thread)


def wait_for_background() -> None:
    """Wait until the jobs given to finish_in_background are done."""
    while _background:
        _background.pop().join()


class Running(Generic[T]):
    """`job` running in a process of its own, started by `method` ("fork" or "spawn")."""

    def __init__(self, job: Callable[[], T], method: str) -> None:
        self.method = method
        context = get_context(method)
        self._results, sender = context.Pipe(duplex=False)
        # (typeshed's BaseContext lacks Process; the fork and spawn contexts have it)
        self._process = context.Process(target=_run, args=(job, sender))  # type: ignore[attr-defined]
        self._process.start()
        sender.close()  # the process holds the other end: its end closing means it is gone
        self.cpu_seconds = 0.0  # the CPU time the process used, once its result is in

    def result(self) -> T:
        """The job's result, or the exception it raised (with its traceback as a note)."""
        try:
            ok, value, self.cpu_seconds = self._results.recv()
        except EOFError:
            self._process.join()
            raise ProcessFailed(f"A process of the build ended without a result (exit code "
                                f"{self._process.exitcode}).") from None
        finally:
            self._results.close()
        self._process.join()
        if ok:
            made: T = value
            return made
        raise value

    def stop(self) -> None:
        """End the process now (a failed build: what it writes is not used) and wait for it."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _run(job: Callable[[], object], results: Connection) -> None:
    try:
        outcome: tuple[bool, object] = (True, job())
    except BaseException as e:  # handed to the build's process, which raises it
        e.add_note(f"In a process of the build:\n{traceback.format_exc()}")
        outcome = (False, e)
    try:
        results.send((*outcome, time.process_time()))
    except Exception as e:  # the result or the exception could not be pickled
        results.send((False, ProcessFailed(f"{type(outcome[1]).__name__} could not be handed back: "
                                           f"{type(e).__name__}: {e}"), time.process_time()))
    results.close()


def give_back_free_memory() -> None:
    """Return to the system the memory the C allocator keeps free (glibc's malloc_trim;
    elsewhere nothing). A build frees a package's worth of memory when it lets the last
    one go, and more when it ends; kept, it stays in the process's resident size, and in
    that of every process it forks, whose peak it adds to (some 30–50 MiB at national
    scale)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if sys.platform != "linux":
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # glibc's (absent from musl)
    except (OSError, AttributeError):
        return None
    return trim

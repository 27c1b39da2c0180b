"""What a build leaves for the next one is finished in a thread once the new site is
live (processes.finish_in_background): the next build, and anything that forks, waits
for it first."""

from __future__ import annotations

import threading
import time

from seuranta import processes


def test_forking_waits_for_work_left_in_the_background():
    done = []

    def slow() -> None:
        time.sleep(0.3)
        done.append(True)

    threads = threading.active_count()  # (the tests' own: a web server's, maybe)
    processes.finish_in_background(slow)
    assert threading.active_count() == threads + 1  # running beside the test
    processes.start_method()
    assert done == [True]
    assert threading.active_count() == threads  # it has ended: a fork copies no thread of it

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

    processes.finish_in_background(slow)
    assert threading.active_count() > 1  # running beside the test
    assert processes.start_method() == ("fork" if processes.FORK else "spawn")  # after waiting: no thread is left
    assert done == [True]

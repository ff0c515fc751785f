"""Run a build's independent jobs on every core, in forked workers that share the model already in memory.

    results = run_all([partial(render_chunk, plans[0:64]), partial(render_chunk, plans[64:128])], workers=2)

Parsing testimonies, rendering pages and drawing share cards are each made of
thousands of independent jobs. A worker is a fork of the build: it starts with
the whole model, the theme and the fonts already in its memory, so nothing but
a job's number goes to it and nothing but its result (bytes and problems) comes
back. Results come back in the order of the jobs, so a build's output does not
depend on how many cores ran it. Where fork does not exist (Windows, macOS's
default), or with one worker or one job, the jobs run here, one after another.

A worker ends as soon as its build is gone, however the build ended (killed, say):
it would otherwise wait for its next job for good. It looks every WATCH seconds
whether its parent is still the build; that works wherever fork does (Linux's
PR_SET_PDEATHSIG does not exist on macOS, and a pipe to the build can be kept open
by any process that inherits it).
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
AHEAD = 3  # jobs sent ahead per worker: enough to keep every core busy, few enough to bound memory
WATCH = 0.2  # seconds between a worker's looks at whether its build is still there
OLDEST_NEVER = 1_000_000  # collections of the middle generation before the oldest is collected: never, in one build

_jobs: Sequence[Callable[[], object]] = ()  # set in each worker, at fork, by _receive: never in the build itself


def cores() -> int:
    """Return how many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_all(jobs: Sequence[Callable[[], T]], workers: int) -> Iterator[T]:
    """Yield the result of each job, in order, running them in up to `workers` forked processes."""
    if workers < 2 or len(jobs) < 2 or not hasattr(os, "fork"):
        yield from (job() for job in jobs)
        return
    import multiprocessing  # here: a rebuild whose few jobs run in this process need not load it (10 ms)
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context, initializer=_receive,
                             initargs=(jobs, os.getpid())) as pool:  # fmt: skip
        waiting: deque[Future] = deque()
        for number in range(len(jobs)):
            waiting.append(pool.submit(_run, number))
            if len(waiting) > AHEAD * workers:  # results wait in memory until their turn: keep few
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


@contextlib.contextmanager
def young_collections_only() -> Iterator[None]:
    """Leave the oldest objects uncollected while a build or check runs: what outlives two collections is its model.

    A build reads the whole site and keeps it to the end. Each full collection walks
    every object alive, and a rebuild at 20,000 testimonies made ten of them while it
    loaded its parses and planned (1.1 s of 8.3 s); short-lived cycles still go in the
    young collections, and the workers forked meanwhile inherit the policy. The command
    line sets it for one command; `serve`, which builds again and again, has its own.
    """
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], OLDEST_NEVER)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def chunks(values: Sequence[T], size: int) -> list[Sequence[T]]:
    """Split values into consecutive runs of at most `size`: the unit of work sent to a worker."""
    return [values[start : start + size] for start in range(0, len(values), size)]


def _receive(jobs: Sequence[Callable[[], object]], build: int) -> None:
    """Keep the jobs in the worker (fork handed them over without copying or pickling); end it when `build` ends."""
    global _jobs
    _jobs = jobs
    threading.Thread(target=_orphaned, args=(build,), name="sitegen-watch", daemon=True).start()


def _orphaned(build: int) -> None:
    """End this worker as soon as the build that forked it is gone: then it has a parent of another number."""
    while os.getppid() == build:
        time.sleep(WATCH)
    os._exit(1)


def _run(number: int) -> object:
    """Run one job in a worker."""
    return _jobs[number]()

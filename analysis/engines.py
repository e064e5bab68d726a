"""Where the scoring tasks run: in this process, in a local process pool, or on a Dask cluster.

Each engine is a context manager yielding an object with ``submit(fn, *args) -> future``
(``future.result()`` gives the value), which :func:`ordered` turns into an ordered stream with
a bounded number of tasks in flight, so memory stays flat however long the corpus is.
"""
from __future__ import annotations

import logging
import multiprocessing
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

from .errors import BackendError

ENGINES = ("local", "dask")


class Inline:
    """Run each task at once in this process (one worker: no pickling, no start-up)."""

    def submit(self, fn, *args):
        future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # re-raised by result(), like a pool would
            future.set_exception(exc)
        return future


def _warm_up():
    from .nlp import load_nlp

    load_nlp()


def _start_method(fork: bool) -> str:
    """fork on Linux when the caller allows it: the workers inherit the loaded model at once (open the
    engine before starting threads). spawn otherwise, e.g. for torch models, whose thread pools do
    not survive a fork."""
    return "fork" if fork and sys.platform == "linux" else "spawn"


@contextmanager
def open_engine(engine: str = "local", workers: int = 1, scheduler: str | None = None, fork: bool = False):
    """Yield an executor for ``engine``: ``local`` (``workers`` processes) or ``dask``."""
    if engine == "local":
        if scheduler:
            raise BackendError("--scheduler needs --engine dask")
        if workers <= 1:
            yield Inline()
            return
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(_start_method(fork)),
                                 initializer=_warm_up) as pool:
            for future in [pool.submit(_warm_up) for _ in range(workers)]:  # start them all now
                future.result()
            try:
                yield pool
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        return
    if engine != "dask":
        raise BackendError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BackendError("--engine dask needs the dask extra: pip install 'framing-analysis[dask]'") from None
    if scheduler:
        with Client(scheduler) as client:
            yield client.get_executor(pure=False)
        return
    with LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client.get_executor(pure=False)


def ordered(executor, fn, tasks, window: int):
    """For each ``(tag, args)`` in ``tasks`` yield ``(tag, fn(*args))`` in task order, ``window`` in flight.

    ``args`` None means nothing to run (the result is None), e.g. a batch found whole in the cache.
    """
    pending: deque = deque()
    for tag, args in tasks:
        pending.append((tag, None if args is None else executor.submit(fn, *args)))
        while len(pending) >= window:
            tag, future = pending.popleft()
            yield tag, None if future is None else future.result()
    while pending:
        tag, future = pending.popleft()
        yield tag, None if future is None else future.result()

"""Where stages 1-4 run: this process, a pool of processes on this machine, or a Ray cluster.

Reading, cleaning and per-article analysis need only the article itself, so they can run
anywhere; resolution, grouping, scoring and writing read what earlier articles left in the
store, so they stay in one process, in input order (``marsad.pipeline`` decides which is which).
A ``Workers`` runs a function over units of work and ``imap`` gives the results back in the
order the units came, so the store ends up the same whatever ran the analysis.

- ``InProcess``: the calling process, one unit when its result is wanted (the default).
- ``ProcessPool``: N processes of this machine; each loads the models once, when it starts.
- ``RayWorkers``: tasks on a Ray cluster (``pip install 'marsad[ray]'``); each Ray worker
  process loads the models once, on its first task, and keeps them for the next ones.

A worker that dies (killed, out of memory) raises ``WorkerLost``: the pipeline stops before
writing the batch it was in, so what is stored is whole and a re-run stores the rest.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from marsad.errors import MarsadError

U = TypeVar("U")
R = TypeVar("R")


class WorkerLost(MarsadError):
    """A worker process died while it had work: nothing of its unit was written."""


class WorkersUnavailable(MarsadError):
    """The workers cannot be started: no Ray cluster at the address, Ray not installed."""


@dataclass(slots=True, frozen=True)
class Ready(Generic[R]):
    """A unit's result already at hand (read in this process): ``imap`` passes it on in its place."""

    value: R


class Workers(ABC):
    """Runs ``fn(unit)`` somewhere; ``result`` waits for it and returns what it returned."""

    size: int = 1  # how many units run at once

    @abstractmethod
    def submit(self, fn: Callable[[Any], Any], unit: Any) -> Any: ...

    @abstractmethod
    def result(self, handle: Any) -> Any: ...

    def close(self) -> None:  # noqa: B027 (most workers have nothing to stop)
        """Stop the workers."""

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def imap(workers: Workers, fn: Callable[[U], R], units: Iterable[U | Ready[R]], ahead: int) -> Iterator[R]:
    """``fn`` over ``units`` on ``workers``, results in unit order, about ``ahead`` units in flight.

    Keeping units in flight while the caller works on earlier results is what lets the
    workers analyse batch k+1 while this process writes batch k.
    """
    pending: deque[Any] = deque()
    for unit in units:
        pending.append(unit if isinstance(unit, Ready) else workers.submit(fn, unit))
        while pending and (isinstance(pending[0], Ready) or len(pending) > ahead):
            yield _take(workers, pending.popleft())
    while pending:
        yield _take(workers, pending.popleft())


def _take(workers: Workers, handle: Any) -> Any:
    return handle.value if isinstance(handle, Ready) else workers.result(handle)


class InProcess(Workers):
    """The calling process: a unit runs when its result is taken, exactly as without workers."""

    def submit(self, fn: Callable[[Any], Any], unit: Any) -> Any:
        return fn, unit

    def result(self, handle: Any) -> Any:
        fn, unit = handle
        return fn(unit)


class ProcessPool(Workers):
    """``size`` processes of this machine, started fresh (spawn) and warmed by ``warm_up`` once each.

    Spawned, not forked: the calling process may hold threads (a progress bar, Ray, a web
    server) and an open store, which a forked child must not inherit.
    """

    def __init__(self, size: int, warm_up: Callable[[], None] | None = None) -> None:
        self.size = size
        self._pool = ProcessPoolExecutor(
            max_workers=size,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(warm_up,),
        )

    def submit(self, fn: Callable[[Any], Any], unit: Any) -> Future[Any]:
        try:
            return self._pool.submit(fn, unit)
        except BrokenProcessPool as error:
            raise WorkerLost("a worker process stopped (killed, or out of memory)") from error

    def result(self, handle: Future[Any]) -> Any:
        try:
            return handle.result()
        except BrokenProcessPool as error:
            raise WorkerLost("a worker process stopped (killed, or out of memory)") from error

    def start(self) -> None:
        """Start and warm every worker now, so that a timing or the first batch does not wait for it.

        A worker answers only once its warm-up is done, so this waits until each has answered."""
        answered: set[int] = set()
        while len(answered) < self.size:
            futures = [self._pool.submit(_pid_after_pause) for _ in range(self.size)]
            answered.update(self.result(future) for future in futures)

    def pids(self) -> list[int]:
        """The worker processes' ids (to watch them, or to stop one in a test)."""
        return [p.pid for p in (self._pool._processes or {}).values() if p.pid]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _pid_after_pause() -> int:
    time.sleep(0.1)  # long enough that an idle worker, not the one that just answered, takes the next
    return os.getpid()


def _start_worker(warm_up: Callable[[], None] | None) -> None:
    # Ctrl-C reaches the whole process group: the command stops the pool, a worker need not
    # print its own traceback for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm_up:
        warm_up()


class RayWorkers(Workers):
    """Ray tasks on the cluster at ``address`` ("auto": the one this machine belongs to; "local": a
    Ray of this machine alone, started for the ingest).

    When Ray is already started in this process (``ray.init`` by the caller), that Ray is
    used and left running; otherwise this connects and disconnects around the ingest.
    A task whose worker dies is retried by Ray (up to ``RETRIES`` times) before the ingest
    stops with ``WorkerLost``.
    """

    RETRIES = 2

    def __init__(self, address: str | None) -> None:
        try:
            import ray
        except ImportError as error:
            raise WorkersUnavailable("Ray is not installed: pip install 'marsad[ray]'") from error
        self._ray = ray
        self._owned = not ray.is_initialized()
        if self._owned:
            _connect(ray, address)
        self.size = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._remote = ray.remote(max_retries=self.RETRIES, num_cpus=1)(_run_unit)

    def submit(self, fn: Callable[[Any], Any], unit: Any) -> Any:
        return self._remote.remote(fn, unit)

    def result(self, handle: Any) -> Any:
        from ray.exceptions import RayError, RayTaskError

        try:
            return self._ray.get(handle)
        except RayTaskError as error:  # the function itself raised: raise that, as in this process
            raise error.as_instanceof_cause() from None
        except RayError as error:
            raise WorkerLost(
                f"a Ray worker stopped and its task failed {self.RETRIES + 1} times ({error})"
            ) from error

    def close(self) -> None:
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()


def _run_unit(fn: Callable[[Any], Any], unit: Any) -> Any:
    return fn(unit)


def _connect(ray: Any, address: str | None) -> None:
    """Join the cluster at ``address``, or fail in one line naming it.

    Ray itself keeps retrying a head that does not answer (minutes, with warnings on stderr);
    a user who typed a wrong address should know within seconds, so the port is tried first.
    """
    where = address or "auto"
    if where not in ("auto", "local"):
        _check_reachable(where)
    try:
        if where == "local":  # a Ray of this machine alone, started for this ingest
            ray.init(
                include_dashboard=False, logging_level="ERROR", log_to_driver=False, configure_logging=False
            )
        else:
            ray.init(address=where, logging_level="ERROR", log_to_driver=False, configure_logging=False)
    except Exception as error:  # Ray raises ConnectionError, RuntimeError or its own types
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise WorkersUnavailable(f"{where}: no Ray cluster answers there ({reason})") from error


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Raise ``WorkersUnavailable`` unless something accepts connections at ``address`` (host:port)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise WorkersUnavailable(f"{address}: not a Ray address (host:port, ray://host:port, auto or local)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as error:
        reason = (
            error.strerror or type(error).__name__ if not isinstance(error, TimeoutError) else "no answer"
        )
        raise WorkersUnavailable(f"{address}: no Ray cluster answers there ({reason})") from error


def open_workers(
    workers: int = 1, ray_address: str | None = None, warm_up: Callable[[], None] | None = None
) -> Workers:
    """The workers a user asked for: Ray when an address is given, else N local processes, else this one."""
    if ray_address:
        return RayWorkers(ray_address)
    if workers > 1:
        return ProcessPool(workers, warm_up)
    return InProcess()

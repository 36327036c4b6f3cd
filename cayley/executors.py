"""One convention for searches made of independent runs: ``executor=``.

Growth sweeps over n, flip-graph populations, simplicial ensemble sampling and batches of
assortment instances are lists of small, picklable work items that carry their own seeds,
so a result never depends on which worker ran an item. Each of these functions takes
``executor=``, resolved here:

* ``None`` (the default): a local process pool (spawn context) with one worker per core, up
  to the number of items; a single item runs in this process;
* ``"local"``: that pool even for a single item;
* ``"inline"``: one item after the other in this process (debugging, profiling, or when
  the caller is itself a worker);
* any :class:`concurrent.futures.Executor`: a ``ProcessPoolExecutor``, a Dask
  ``Client(...).get_executor()``, ``mpi4py.futures.MPIPoolExecutor()`` and so on. The caller
  owns it; it is not shut down here.

Pools made here use the spawn start method: forking a process whose numba threads have
already run can abort the child. Their workers split the machine's cores between them, so
numba kernels inside the workers do not oversubscribe the CPU.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

from cayley.errors import WorkerError

__all__ = ["InlineExecutor", "local_pool", "map_independent"]

T = TypeVar("T")
R = TypeVar("R")


class InlineExecutor(Executor):
    """An executor that runs each call at ``submit`` time, in the calling thread.

    Examples
    --------
    >>> with InlineExecutor() as ex:
    ...     ex.submit(pow, 2, 10).result()
    1024
    """

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the Future carries it to .result(), as a pool would
            future.set_exception(exc)
        return future


def _limit_numba_threads(threads: int) -> None:
    """Pool initializer: give each worker its share of the cores.

    Before numba is imported, ``NUMBA_NUM_THREADS`` sizes its thread pool. Once it is
    imported, only the run-time mask may change: numba re-reads its environment when it
    compiles, and a ``NUMBA_NUM_THREADS`` different from the launched pool's then aborts the
    compilation (only a cold cache compiles, so this failed on fresh installs alone).
    """
    if "numba" in sys.modules:
        import numba

        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
    else:
        os.environ["NUMBA_NUM_THREADS"] = str(threads)


def local_pool(max_workers: int | None = None) -> ProcessPoolExecutor:
    """A spawn-context process pool whose workers share the cores evenly.

    Parameters
    ----------
    max_workers : int, optional
        Worker processes (default: the number of cores).

    Examples
    --------
    >>> with local_pool(1) as pool:
    ...     pool.submit(sum, [1, 2, 3]).result()
    6
    """
    import multiprocessing

    cores = os.cpu_count() or 1
    workers = cores if max_workers is None else int(max_workers)
    if workers < 1:
        raise ValueError(f"max_workers must be a positive integer, got {max_workers!r}")
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_limit_numba_threads,
                               initargs=(max(1, cores // workers),))


def map_independent(fn: Callable[[T], R], items: Iterable[T],
                    executor: Executor | str | None = None) -> list[R]:
    """``[fn(item) for item in items]``, the items run on ``executor``; results in item order.

    Parameters
    ----------
    fn : callable
        A module-level function (it is pickled for process and cluster executors).
    items : iterable
        Picklable work items, each carrying everything its result depends on (seeds too).
    executor : None, "inline", "local" or concurrent.futures.Executor
        See the module docstring. ``None``: a local process pool for two or more items.

    Examples
    --------
    >>> map_independent(abs, [-1, 2, -3], executor="inline")
    [1, 2, 3]
    """
    items = list(items)
    if executor is None:
        executor = "inline" if len(items) <= 1 else "local"
    if executor == "inline":
        return [fn(item) for item in items]
    if executor == "local":
        from concurrent.futures.process import BrokenProcessPool

        try:
            with local_pool(min(len(items), os.cpu_count() or 1)) as pool:
                return map_independent(fn, items, pool)
        except BrokenProcessPool as exc:
            raise WorkerError(
                "a worker of the local process pool died. The pool starts workers with "
                "'spawn', which re-imports the main script: guard a script's entry point "
                "with `if __name__ == \"__main__\":`, or pass executor=\"inline\" to run "
                "in this process") from exc
    if isinstance(executor, str) or not callable(getattr(executor, "submit", None)):
        raise TypeError("executor must be None, 'inline', 'local' or a concurrent.futures."
                        f"Executor, got {executor!r}")
    futures = [executor.submit(fn, item) for item in items]
    return [f.result() for f in futures]

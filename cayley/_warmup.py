"""Compile numba kernels ahead of their first use: ``python -m cayley warmup``.

The kernels are compiled lazily (``@njit(cache=True)``) on their first call and cached on
disk, so the first run of a command on a fresh install spends most of its time compiling.
:func:`warmup` runs a small task of every kind once, each in its own process and several
processes at a time, which compiles (and caches) every kernel those commands use. Later
runs load the kernels from the cache in well under a second.

The tasks are command lines (``python -m MODULE ...``) on tiny inputs, so this module
imports nothing of ``combinat`` or ``solvers``; a task whose module is not installed is
skipped. :func:`first_use_notice` tells a command on a terminal that it will compile.
"""
from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEMO_TASK", "TOPICS", "WarmupTask", "TaskResult", "WarmupReport", "warmup", "kernels_cached",
           "first_use_notice", "COMMAND_KERNELS"]


@dataclass(frozen=True)
class WarmupTask:
    """One small run that compiles the kernels of one code path.

    Attributes
    ----------
    name : str
        Short label printed while warming up, e.g. ``"growth lrx 6 (rotation hash)"``.
    topic : str
        One of :data:`TOPICS`; ``python -m cayley warmup TOPIC`` runs only that topic.
    commands : tuple of tuple of str
        Command lines run one after the other as ``python -m ARGS`` in a scratch folder.
    seconds : float
        Wall time on a cold cache, measured alone on a 2-core machine; orders the tasks
        (longest first) and sizes the time announced.
    files : dict of str to str
        Input files written into the scratch folder first (name to content).
    """

    name: str
    topic: str
    commands: tuple[tuple[str, ...], ...]
    seconds: float
    files: dict[str, str] = field(default_factory=dict)

    @property
    def module(self) -> str:
        """The top-level package the task needs (``cayley``, ``solvers``, ``combinat``)."""
        return self.commands[0][0].split(".")[0]


_FACETS = "0 1 2\n0 1 3\n0 2 3\n1 2 3\n0 4\n"

TASKS: tuple[WarmupTask, ...] = (
    # n large enough for dense layers, which go by whole planes (kernels of their own)
    WarmupTask("growth lrx 9 (rotation hash)", "growth", (("cayley", "growth", "lrx", "9"),), 60),
    WarmupTask("growth top_spin 9 (rotation hash of A_n)", "growth",
               (("cayley", "growth", "top_spin", "9"),), 55),
    WarmupTask("growth coxeter 9 (Lehmer hash)", "growth", (("cayley", "growth", "coxeter", "9"),), 50),
    WarmupTask("growth three_cycles 9 (alternating hash)", "growth",
               (("cayley", "growth", "three_cycles", "9"),), 50),
    WarmupTask("growth burnt_pancake 6 (signed hash)", "growth",
               (("cayley", "growth", "burnt_pancake", "6"),), 30),
    WarmupTask("growth lrx 12 --start 000000111111 (multiset hash)", "growth",
               (("cayley", "growth", "lrx", "12", "--start", "000000111111"),), 25),
    WarmupTask("growth of a dihedral group (stabilizer-chain hash)", "growth",
               (("cayley", "growth", "--generators", "(1,2,3,4),(1,3)"),), 5),
    WarmupTask("growth lrx 6 --engine hashed", "growth",
               (("cayley", "growth", "lrx", "6", "--engine", "hashed"),), 2),
    WarmupTask("path lrx 6 (bidirectional BFS and beam search)", "paths",
               (("cayley", "path", "lrx", "6", "--state", "1,0,5,4,3,2"),
                ("cayley", "path", "lrx", "6", "--state", "1,0,5,4,3,2", "--beam", "16")), 10),
    WarmupTask("walks lrx 6 (plain, non-backtracking, BFS)", "walks",
               (("cayley", "walks", "lrx", "6", "--length", "4", "--count", "8", "--out", "w.npz"),
                ("cayley", "walks", "lrx", "6", "--length", "4", "--count", "8", "--out", "w.npz",
                 "--mode", "nbt"),
                ("cayley", "walks", "lrx", "6", "--length", "4", "--count", "8", "--out", "w.npz",
                 "--mode", "bfs", "--distances")), 25),
    WarmupTask("spectrum lrx 6", "spectra", (("cayley", "spectrum", "lrx", "6", "--k", "2"),), 6),
    WarmupTask("flip-graph search 2x2x2 over GF(2) and Z", "flipgraph",
               (("solvers.flipgraph", "search", "2", "2", "2", "--max-flips", "2000", "--target", "7",
                 "--quiet", "--backend", "numba", "--out", "s.json"),
                ("solvers.flipgraph", "search", "2", "2", "2", "--ring", "zt", "--max-flips", "2000",
                 "--target", "7", "--quiet", "--backend", "numba", "--out", "t.json"),
                ("solvers.flipgraph", "lift", "s.json")), 35),
    WarmupTask("simplicial realize and sample", "simplicial",
               (("combinat.simplicial", "realize", "--degrees", "d.txt", "--sizes", "s.txt"),
                ("combinat.simplicial", "sample", "f.txt", "-n", "2", "--burn-in", "20",
                 "--thinning", "5", "--seed", "1")), 10,
               {"d.txt": "3 3 3 3 1\n", "s.txt": "3 3 3 3 2\n", "f.txt": _FACETS}),
    WarmupTask("assortment solve (MNL and Markov chain)", "assortment",
               (("solvers.assortment", "generate", "mnl", "--n", "6", "--output", "mnl.json"),
                ("solvers.assortment", "solve", "mnl.json"),
                ("solvers.assortment", "generate", "mc", "--n", "6", "--output", "mc.json"),
                ("solvers.assortment", "solve", "mc.json")), 3),
)
"""Every warm-up task, one per code path with kernels of its own."""

TOPICS: tuple[str, ...] = tuple(dict.fromkeys(t.topic for t in TASKS))
"""The topics :func:`warmup` accepts, in the order of :data:`TASKS`, besides ``demo``."""

DEMO_TASK = TASKS[0]
"""The task that compiles the kernels of ``python -m cayley demo`` (``warmup demo``)."""

COMMAND_KERNELS: dict[str, tuple[str, ...]] = {
    "growth": ("cayley.bfs._ranked_cpu", "cayley.bfs._two_bit_cpu", "cayley.bfs._planes_cpu"),
    "walks": ("cayley.walks",),
    "spectrum": ("cayley.spectra",),
}
"""Modules whose kernels a ``python -m cayley`` command compiles on first use; ``demo`` and
``sweep`` use the growth kernels. ``path`` is left out: its bidirectional BFS runs numpy
code and only ``--beam`` compiles."""
COMMAND_KERNELS["demo"] = COMMAND_KERNELS["sweep"] = COMMAND_KERNELS["growth"]


@dataclass(frozen=True)
class TaskResult:
    """The outcome of one :class:`WarmupTask`.

    Attributes
    ----------
    task : WarmupTask
    seconds : float
        Wall time of its commands.
    error : str or None
        None on success, else the failing command and the end of its standard error.
    """

    task: WarmupTask
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class WarmupReport:
    """What :func:`warmup` did.

    Attributes
    ----------
    results : list of TaskResult
        One per task run, in the order they finished.
    skipped : list of str
        Tasks whose package is not installed.
    seconds : float
        Wall time of the whole warm-up.
    jobs : int
        Processes run at a time.
    """

    results: list[TaskResult]
    skipped: list[str]
    seconds: float
    jobs: int

    @property
    def ok(self) -> bool:
        """True when every task ran without error."""
        return all(r.error is None for r in self.results)


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _run_task(task: WarmupTask) -> TaskResult:
    """Run the commands of ``task`` in a scratch folder; stop at the first failure."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="permlab-warmup-") as scratch:
        for name, text in task.files.items():
            Path(scratch, name).write_text(text)
        for argv in task.commands:
            done = subprocess.run([sys.executable, "-m", *argv], cwd=scratch, capture_output=True,
                                  text=True, stdin=subprocess.DEVNULL, env=_child_environment())
            if done.returncode not in (0, 1):  # 1: a search that missed its target, still compiled
                tail = done.stderr.strip().splitlines()[-3:]
                return TaskResult(task, time.perf_counter() - start,
                                  f"python -m {' '.join(argv)} exited with {done.returncode}: "
                                  + " | ".join(tail))
    return TaskResult(task, time.perf_counter() - start)


def _child_environment() -> dict[str, str]:
    """The environment of a task: ours, with this checkout importable from the scratch folder."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def select_tasks(topics: Iterable[str] | None = None) -> list[WarmupTask]:
    """The tasks of ``topics`` (all of :data:`TOPICS` when None; ``"demo"``: :data:`DEMO_TASK`),
    longest first.

    Raises
    ------
    ValueError
        An unknown topic.
    """
    wanted = set(TOPICS if topics is None else topics)
    unknown = wanted - set(TOPICS) - {"demo"}
    if unknown:
        raise ValueError(f"unknown warm-up topic(s) {', '.join(sorted(unknown))}; "
                         f"choose from demo, {', '.join(TOPICS)}")
    chosen = [t for t in TASKS if t.topic in wanted or ("demo" in wanted and t is DEMO_TASK)]
    return sorted(chosen, key=lambda t: -t.seconds)


def warmup(topics: Iterable[str] | None = None, jobs: int | None = None,
           report: Callable[[str], None] | None = None) -> WarmupReport:
    """Compile (or load from the cache) every numba kernel by running small tasks.

    Parameters
    ----------
    topics : iterable of str, optional
        Topics of :data:`TOPICS` to warm up (default: all), or ``"demo"``: the kernels of
        ``python -m cayley demo`` alone.
    jobs : int, optional
        Tasks run at a time, each in its own process (default: the number of CPUs).
    report : callable, optional
        Called with one line of text per finished task.

    Returns
    -------
    WarmupReport

    Raises
    ------
    ValueError
        An unknown topic or ``jobs`` below 1.

    Examples
    --------
    The tasks a topic runs, then the run itself (a few seconds once the kernels are cached):

    >>> [task.name for task in select_tasks(["demo"])]
    ['growth lrx 9 (rotation hash)']
    >>> warmup(["spectra"], jobs=1).ok  # doctest: +SKIP
    True
    """
    tasks = select_tasks(topics)
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    runnable = [t for t in tasks if _installed(t.module)]
    skipped = [t.name for t in tasks if t not in runnable]
    start = time.perf_counter()
    results = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in as_completed([pool.submit(_run_task, task) for task in runnable]):
            result = future.result()
            results.append(result)
            if report is not None:
                status = "ok" if result.error is None else f"FAILED: {result.error}"
                report(f"  {result.seconds:6.1f} s  {result.task.name}  {status}")
    return WarmupReport(results, skipped, time.perf_counter() - start, jobs)


def estimated_seconds(tasks: Sequence[WarmupTask], jobs: int) -> float:
    """Rough cold wall time of ``tasks`` on ``jobs`` processes (greedy longest-first packing)."""
    loads = [0.0] * max(1, jobs)
    for task in sorted(tasks, key=lambda t: -t.seconds):
        loads[loads.index(min(loads))] += task.seconds
    return max(loads)


def kernels_cached(modules: Iterable[str]) -> bool | None:
    """Whether numba's on-disk cache holds compiled kernels of ``modules``.

    Parameters
    ----------
    modules : iterable of str
        Modules that define ``@njit(cache=True)`` kernels; missing ones are passed over.

    Returns
    -------
    bool or None
        False on a cold cache: no kernel of any of the modules has a cache entry valid for
        its current source (a fresh install, an empty ``NUMBA_CACHE_DIR``). True when some
        have one (other kernels may still compile, e.g. for a new kind of graph). None when
        that cannot be told (a numba without this cache layout).
    """
    try:
        for name in modules:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            for kernel in vars(module).values():
                cache = getattr(kernel, "_cache", None)
                if getattr(kernel, "py_func", None) is not None and cache is not None \
                        and getattr(kernel.py_func, "__module__", None) == name \
                        and cache._cache_file._load_index():
                    return True
    except (AttributeError, ImportError, OSError, ValueError):
        return None
    return False


def first_use_notice(command: str, stream=None) -> str | None:
    """Announce on a terminal that ``python -m cayley COMMAND`` is about to compile kernels.

    Nothing is printed when ``stream`` (default standard error) is not a terminal, or when
    the kernels of ``command`` (see :data:`COMMAND_KERNELS`) are cached already.

    Returns
    -------
    str or None
        The notice printed, if any.
    """
    stream = sys.stderr if stream is None else stream
    kernels = COMMAND_KERNELS.get(command)
    if kernels is None or not stream.isatty() or kernels_cached(kernels) is not False:
        return None
    topic = {"path": "paths", "spectrum": "spectra"}.get(command, command)
    topic = topic if topic in TOPICS else "growth"
    seconds = max(t.seconds for t in TASKS if t.topic == topic)
    notice = (f"compiling kernels for first use, about {seconds:.0f} s; cached afterwards "
              f"(python -m cayley warmup compiles them all at once)")
    print(notice, file=stream, flush=True)
    return notice

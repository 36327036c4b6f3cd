"""permlab's exceptions and the one error policy of its command lines.

Every exception permlab raises on purpose derives from :class:`PermlabError`. The command
lines (``python -m cayley``, ``solvers.flipgraph``, ``solvers.assortment``,
``combinat.simplicial``, ``cayley.bfs.distributed``) all run through :func:`run_command`:
a user error (a permlab error, a bad value, an unusable path, a job that does not fit in
memory) prints one line ``error: ...`` on standard error and exits with status 2, and with
``--json`` also one JSON object ``{"error": ...}`` on standard output; an interrupt (Ctrl-C)
prints one line saying how to resume and exits with status 130.

Examples
--------
>>> from cayley.errors import InputError, PermlabError
>>> issubclass(InputError, PermlabError) and issubclass(InputError, ValueError)
True
>>> error_line(FileNotFoundError(2, "No such file or directory", "x.txt"))
"cannot use 'x.txt': No such file or directory"
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

__all__ = [
    "BackendUnavailableError", "CheckpointError", "CommandLineParser", "FitError", "InputError",
    "MemoryBudgetError", "PathNotFoundError", "PermlabError", "WorkerError", "error_line", "run_command",
    "run_script",
]


class PermlabError(Exception):
    """Base class of permlab's own exceptions."""


class InputError(PermlabError, ValueError):
    """An argument, a file or a value given by the user is not allowed; the message says what is."""


class BackendUnavailableError(PermlabError, RuntimeError):
    """A requested backend (e.g. ``"cupy"``) cannot be used on this machine."""


class MemoryBudgetError(PermlabError, MemoryError):
    """A computation would need more memory than is available; raised before it starts."""


class CheckpointError(PermlabError, ValueError):
    """A checkpoint cannot be used: another graph's or engine's, inconsistent or damaged,
    or locked by a run still writing it."""


class FitError(PermlabError, ValueError):
    """The data cannot pin down a quasi-polynomial within the given period and degree."""


class PathNotFoundError(PermlabError, LookupError):
    """No word was found: the state is unreachable, or a heuristic search gave up."""


class WorkerError(PermlabError, RuntimeError):
    """A worker process of a local pool died (see :mod:`cayley.executors`)."""


# What a command line reports as the user's error (one line, exit 2) rather than a bug.
USER_ERRORS = (PermlabError, ValueError, TypeError, OSError, MemoryError, OverflowError, LookupError,
               json.JSONDecodeError, UnicodeDecodeError)


def error_line(exc: BaseException) -> str:
    """The one-line message for ``exc``, without the ``error:`` prefix."""
    if isinstance(exc, OSError) and not isinstance(exc, PermlabError) and exc.filename is not None:
        message = f"cannot use {str(exc.filename)!r}: {exc.strerror or type(exc).__name__}"
    elif isinstance(exc, MemoryError) and not isinstance(exc, MemoryBudgetError):
        message = f"out of memory{': ' + str(exc) if str(exc) else ''} (the job does not fit on this machine)"
    elif isinstance(exc, OverflowError):
        message = f"a number is too large: {exc}"
    elif isinstance(exc, KeyError):
        message = str(exc.args[0]) if exc.args else "unknown key"
    else:
        message = str(exc) or type(exc).__name__
    return " ".join(message.split())


class CommandLineParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose usage errors are one line ``error: ...`` (exit 2).

    Sub-command parsers made by :meth:`add_subparsers` are of this class too.
    """

    def error(self, message: str):  # noqa: D401 - argparse's hook
        self.exit(2, f"error: {' '.join(message.split())} (see {self.prog} --help)\n")


def run_command(args: argparse.Namespace, run: Callable[[argparse.Namespace], int],
                on_interrupt: str | None = None) -> int:
    """Run ``run(args)`` under the error policy; returns the exit status.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments; ``args.json`` (if present) asks for a JSON error object, and
        ``args.checkpoint`` (if present) is named in the line printed on an interrupt.
    run : callable
        The command; returns its exit status.
    on_interrupt : str, optional
        What the line printed on an interrupt says about resuming, for commands that save
        their work otherwise than in ``args.checkpoint``.

    Examples
    --------
    >>> import argparse
    >>> def fail(args):
    ...     raise InputError("--n must be at least 1")
    >>> run_command(argparse.Namespace(json=True), fail)
    {"error": "--n must be at least 1", "type": "InputError"}
    2
    """
    as_json = bool(getattr(args, "json", False))
    try:
        return run(args)
    except KeyboardInterrupt:
        hint = on_interrupt or (_resume_hint(args) if hasattr(args, "checkpoint") else None)
        _report("interrupted" + (f"; {hint}" if hint else ""), "Interrupted", as_json)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly, as Unix tools do
        _silence_stdout()
        return 141
    except USER_ERRORS as exc:
        _report(error_line(exc), type(exc).__name__, as_json)
        return 2


def run_script(main: Callable[[], int | None]) -> int:
    """Run a script's ``main()`` under the error policy (no JSON); returns the exit status
    (0 when ``main`` returns None). For example scripts: ``sys.exit(run_script(main))``.

    Examples
    --------
    >>> run_script(lambda: None)
    0
    """
    return run_command(argparse.Namespace(), lambda _: main() or 0)


def _resume_hint(args: argparse.Namespace) -> str:
    """How to resume a command that takes ``--checkpoint``."""
    if args.checkpoint:
        return f"the checkpoint in {args.checkpoint} holds every finished layer: run the same command to resume"
    return "nothing was saved (give --checkpoint DIR to make a long run resumable)"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _report(message: str, kind: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"error": message, "type": kind}), flush=True)
    print(f"error: {message}", file=sys.stderr, flush=True)

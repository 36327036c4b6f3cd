"""Helpers of the combinat tests: the command line run in-process, and its error contract."""
from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable

import pytest

from combinat.simplicial.__main__ import main

CliRun = Callable[[list[str]], tuple[int, str, str]]


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``(exit status, stdout, stderr)`` of ``python -m combinat.simplicial *argv``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # usage errors exit through argparse
            status = exc.code
    return status, out.getvalue(), err.getvalue()


def _assert_cli_error(argv: list[str]) -> str:
    """Run ``argv`` and check the error policy of :mod:`cayley.errors`: exit status 2,
    exactly one non-empty stderr line ``error: ...``, no traceback, and with ``--json`` the
    same message as one JSON object on stdout (else nothing on stdout). Returns the message."""
    status, out, err = _run_cli(argv)
    lines = err.splitlines()
    assert status == 2, (argv, status, out, err)
    assert len(lines) == 1 and err.endswith("\n"), (argv, err)
    assert lines[0].startswith("error: ") and lines[0][len("error: "):].strip(), (argv, err)
    assert "Traceback" not in out + err
    message = lines[0][len("error: "):]
    if "--json" in argv:
        assert json.loads(out)["error"] == message, (argv, out)
        assert out.count("\n") == 1
    else:
        assert out == "", (argv, out)
    return message


@pytest.fixture(scope="session")
def run_cli() -> CliRun:
    """The command line run in-process: ``run_cli(argv) -> (status, stdout, stderr)``."""
    return _run_cli


@pytest.fixture(scope="session")
def assert_cli_error() -> Callable[[list[str]], str]:
    """``assert_cli_error(argv)`` checks that ``argv`` fails as a user error; returns the message."""
    return _assert_cli_error

"""Fixtures for the flip-graph tests."""
import contextlib
import csv
import io
import json

import pytest


@pytest.fixture(scope="session")
def scheme_index(shared_data):
    """Rows of ``schemes/index.csv`` from the shared data (skips when absent)."""
    with open(shared_data / "schemes" / "index.csv") as f:
        return list(csv.DictReader(f))


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``python -m solvers.flipgraph`` with ``argv``, in this process: (status, stdout, stderr)."""
    from solvers.flipgraph.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse: --help and usage errors
            status = exc.code
    return status, out.getvalue(), err.getvalue()


def _assert_user_error(status: int, out: str, err: str) -> str:
    """The error policy: status 2, nothing on stdout, exactly one line ``error: ...`` on
    stderr and no traceback. Returns the message."""
    assert status == 2, (status, out, err)
    assert "Traceback" not in out + err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and lines[0][len("error: "):].strip(), err
    return lines[0][len("error: "):]


@pytest.fixture(scope="session")
def run_cli():
    """Run the flip-graph command line in this process; returns (status, stdout, stderr)."""
    return _run_cli


@pytest.fixture(scope="session")
def assert_user_error():
    """Check one command's outcome against the error policy of :mod:`cayley.errors`."""
    return _assert_user_error


@pytest.fixture(scope="session")
def strassen_json() -> dict:
    """Strassen's scheme as a Perminov JSON dictionary (a valid file to break)."""
    from solvers.flipgraph import Scheme, scheme_to_text

    return json.loads(scheme_to_text(Scheme.strassen(), "json"))

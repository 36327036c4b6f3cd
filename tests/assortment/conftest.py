"""Fixtures for the assortment tests: the command line run in this process."""
import contextlib
import io
import json

import pytest


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``python -m solvers.assortment`` with ``argv``, in this process: (status, stdout, stderr)."""
    from solvers.assortment._cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse: --help and usage errors
            status = exc.code
    return status, out.getvalue(), err.getvalue()


def strict_json(text: str):
    """Parse JSON, refusing the NaN and Infinity that ``json.dumps`` writes by default."""
    def refuse(constant):
        raise AssertionError(f"invalid JSON constant {constant} in {text!r}")

    return json.loads(text, parse_constant=refuse)


def _assert_user_error(status: int, out: str, err: str, as_json: bool = False) -> str:
    """The error policy: status 2, exactly one line ``error: ...`` on stderr, no traceback,
    and on stdout nothing or (``as_json``) one valid JSON error object. Returns the message."""
    assert status == 2, (status, out, err)
    assert "Traceback" not in out + err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and lines[0][len("error: "):].strip(), err
    message = lines[0][len("error: "):]
    if as_json and out:  # usage errors come from argparse, before the JSON switch is known
        assert strict_json(out) == {"error": message, "type": strict_json(out)["type"]}
    else:
        assert out == ""
    return message


@pytest.fixture(scope="session")
def run_cli():
    """Run the assortment command line in this process; returns (status, stdout, stderr)."""
    return _run_cli


@pytest.fixture(scope="session")
def assert_user_error():
    """Check one command's outcome against the error policy of :mod:`cayley.errors`."""
    return _assert_user_error


@pytest.fixture(scope="session")
def parse_strict_json():
    """``json.loads`` that refuses NaN and Infinity."""
    return strict_json

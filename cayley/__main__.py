"""Command line: ``python -m cayley demo|growth|path|sweep|spectrum|walks|families|order ...``.

Run ``python -m cayley --help`` for the commands, ``python -m cayley COMMAND --help`` for one.
"""
from __future__ import annotations

import contextlib
import io
import json
import sys

from cayley.cli import build_parser
from cayley.errors import run_command


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    A usage error prints one line ``error: ...`` (with ``--json`` also a JSON object
    ``{"error": ..., "type": "UsageError"}``) and returns 2; ``--help`` returns 0. Everything
    else runs under :func:`cayley.errors.run_command`.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    usage = io.StringIO()
    try:
        with contextlib.redirect_stderr(usage):
            args = build_parser().parse_args(argv)
    except SystemExit as exc:
        sys.stderr.write(usage.getvalue())
        if exc.code == 2 and "--json" in argv:
            message = usage.getvalue().strip().removeprefix("error: ")
            print(json.dumps({"error": message, "type": "UsageError"}), flush=True)
        return int(exc.code or 0)
    return run_command(args, args.run)


if __name__ == "__main__":
    sys.exit(main())

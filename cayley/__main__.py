"""Command line: ``python -m cayley growth|families|order|demo ...``."""
from __future__ import annotations

import sys

from cayley.errors import PermlabError
from cayley.cli import build_parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, TypeError, MemoryError, PermlabError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

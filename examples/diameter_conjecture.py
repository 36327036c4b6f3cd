"""Find a diameter formula for a family of Cayley graphs and check it on a held-out n.

Sweeps the family over n, fits the simplest quasi-polynomial to the diameters with the
largest n held out, prints the table, the formula and the check, and saves a plot when
matplotlib is installed.

Usage: python examples/diameter_conjecture.py [N_MAX] [--family lrx] [--n-min 4] [--plot FILE]
"""
from __future__ import annotations

import sys

from cayley.conjecture import FitError, fit_quasipolynomial, plot_diameters, sweep
from cayley.errors import CommandLineParser, run_script


def main(argv: list[str] | None = None) -> None:
    parser = CommandLineParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_max", nargs="?", type=int, default=10, help="largest n (default 10)")
    parser.add_argument("--family", default="lrx")
    parser.add_argument("--n-min", type=int, default=4, help="smallest n (lrx: n=3 is an exception)")
    parser.add_argument("--plot", default="diameter_conjecture.png", help="where to save the plot")
    args = parser.parse_args(argv)

    table = sweep(args.family, range(args.n_min, args.n_max + 1))
    print(table)
    print(table.oeis_line())
    try:
        fit = fit_quasipolynomial(table.column("n"), table.column("diameter"))
    except FitError as exc:
        print(f"no formula: {exc}")
        return
    print(f"conjecture: diameter {fit}")
    for n, value, predicted in fit.held_out:
        print(f"held out n={n}: diameter {value}, formula gives {predicted}")
    print("confirmed" if fit.confirmed else f"refuted at n = {fit.refuted_at}")
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        print("(matplotlib is not installed: no plot)")
        return
    plot_diameters(table, fit).figure.savefig(args.plot)
    print(f"plot saved to {args.plot}")


if __name__ == "__main__":
    sys.exit(run_script(main))

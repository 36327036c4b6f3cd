"""Mixing of random walks on the lrx Cayley graph of S_n (exact and Monte-Carlo).

Run ``python examples/random_walk_mixing.py [N] [--out mixing.png]``. Prints the total-variation
distance to uniform after each step of the lazy walk (exact, by sparse products) next to the
empirical distance of batched numba walks, and plots both when matplotlib is installed.
"""
from __future__ import annotations

import sys

import numpy as np

from cayley import CayleyGraph
from cayley.spectra import spectral_gap
from cayley.walks import empirical_tv_to_uniform, random_walks, tv_to_uniform
from cayley.errors import CommandLineParser, run_script


def main(argv: list[str] | None = None) -> None:
    parser = CommandLineParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=6, help="degree of S_n (default 6)")
    parser.add_argument("--steps", type=int, default=None, help="walk length (default 4 n^2)")
    parser.add_argument("--walkers", type=int, default=200_000)
    parser.add_argument("--out", default="mixing.png", help="plot file (needs matplotlib)")
    args = parser.parse_args(argv)

    graph = CayleyGraph.from_family("lrx", args.n)
    steps = args.steps or 4 * args.n**2
    exact_lazy = tv_to_uniform(graph, steps, lazy=True)
    exact_plain = tv_to_uniform(graph, steps)
    walks = random_walks(graph, steps, args.walkers, mode="plain", seed=0)
    empirical = empirical_tv_to_uniform(graph, walks)
    gap = spectral_gap(graph)

    print(f"lrx n={args.n}: {graph.n_generators}-regular, spectral gap {gap:.4f}")
    print(f"{'step':>5} {'TV lazy (exact)':>16} {'TV plain (exact)':>17} {'TV plain (walks)':>17}")
    for t in range(0, steps + 1, max(1, steps // 12)):
        print(f"{t:>5} {exact_lazy[t]:>16.4f} {exact_plain[t]:>17.4f} {empirical[t]:>17.4f}")
    below = np.flatnonzero(exact_lazy < 0.25)
    print("mixing time t_mix(1/4) of the lazy walk:", int(below[0]) if below.size else f"> {steps}")

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed; no plot written")
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(exact_lazy, label="lazy walk (exact)")
    ax.plot(exact_plain, label="plain walk (exact)")
    ax.plot(empirical, "--", label=f"plain walk ({args.walkers} walkers)")
    ax.set(xlabel="steps", ylabel="TV distance to uniform", yscale="log", title=f"lrx, S_{args.n}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"plot written to {args.out}")


if __name__ == "__main__":
    sys.exit(run_script(main))

"""Search for a 3x3x3 matrix-multiplication scheme of rank 23 (Laderman's rank).

Walks the GF(2) flip graph from the naive rank-27 scheme, then lifts the result to a scheme
valid over the integers (coefficients -1, 0, 1, by sign assignment) or, failing that, over
the rationals (Hensel lifting), and prints its products m1, m2, ..., one per line, as in
Kauers' .exp files: (linear form in A) * (linear form in B) * (linear form in C), where the
C factor lists the entries that receive the product (cij is entry C[j, i]).

Usage: python examples/search_3x3x3.py [N] [--ring gf2|zt] [--time-limit SEC]
(N x N x N; default 3).
"""
import sys

from solvers.flipgraph import known_rank, lift, scheme_to_text, search
from cayley.errors import CommandLineParser, run_script


def main(argv=None) -> None:
    ap = CommandLineParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=3)
    ap.add_argument("--ring", choices=["gf2", "zt"], default="gf2")
    ap.add_argument("--time-limit", type=float, default=60.0)
    args = ap.parse_args(argv)
    n = args.n
    target = known_rank(n, n, n, args.ring)
    res = search((n, n, n), ring=args.ring, target=target, time_limit=args.time_limit, progress=True)
    print(f"{n}x{n}x{n}: rank {res.rank} over {args.ring} (best known {target}), "
          f"{res.flips:,} flips in {res.seconds:.2f} s, target reached: {res.reached}")
    scheme = res.scheme
    if args.ring == "gf2":
        lifted = lift(scheme)
        ring = {"zt": "the integers (coefficients -1, 0, 1)", "z": "the integers", "q": "the rationals"}
        print(f"lifting: {lifted.message}; valid over {ring.get(lifted.ring, 'GF(2) only')}")
        if lifted.scheme is not None:
            scheme = lifted.scheme
    for t, product in enumerate(scheme_to_text(scheme, "exp").splitlines()):
        print(f"m{t + 1} = {product}")


if __name__ == "__main__":
    sys.exit(run_script(main))

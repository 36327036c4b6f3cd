"""Choose which products to offer: MNL and a customised mixture, exact vs greedy.

Usage: ``python examples/assortment.py [n]`` (default n = 200 products).
"""
import sys

from solvers.assortment import optimize, random_mixed_mnl, random_mnl
from solvers.submodular import FacilityLocation, lazy_greedy


def main(n: int = 200) -> None:
    k = max(1, n // 20)
    # MNL: prices and mean utilities uniform on [15, 25], v = exp(mu - r)
    mnl = random_mnl(n, seed=0)
    print(f"MNL with {n} products, at most {k} offered")
    for method in ("exact", "threshold", "revenue_ordered", "adxopt"):
        res = optimize(mnl, {"cardinality": k}, method=method)
        print(f"  {method:16s} revenue {res.revenue:8.4f}  items {res.assortment.size:3d}  "
              f"{'optimal' if res.optimal else ''}")
    # customised mixture: every segment sees its own best subset of what is offered
    cap = random_mixed_mnl(n, segments=5, seed=1, customized=True)
    greedy = optimize(cap, {"cardinality": k}, method="threshold")
    print(f"customised mixed MNL, 5 segments: threshold greedy revenue {greedy.revenue:.4f} "
          f"(guarantee {greedy.info['guarantee']:.2f} of optimal) in {greedy.seconds:.3f} s")
    if n <= 60:
        exact = optimize(cap, {"cardinality": k}, method="mip")
        print(f"  MIP optimum {exact.revenue:.4f}")
    # plain submodular maximisation: pick k representatives of n random points
    import numpy as np

    x = np.random.default_rng(2).random((n, 5))
    sim = np.exp(-((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    res = lazy_greedy(FacilityLocation(sim), k)
    print(f"facility location: {k} representatives cover {res.value:.2f} of {n:.0f} "
          f"with {res.oracle_calls} gain queries")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

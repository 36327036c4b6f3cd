"""Command line: ``python -m solvers.assortment solve|generate ...``."""
from __future__ import annotations

import argparse
import json
import sys
import time

from ._generators import random_markov_chain, random_mixed_mnl, random_mnl
from ._io import dumps_instance, load_instance
from ._optimize import METHODS, _exact_method, optimize
from ._validate import as_constraint


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m solvers.assortment", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="optimise the assortment of an instance file")
    s.add_argument("instance", help="JSON instance (see docs/assortment.md)")
    s.add_argument("--method", default="exact", choices=METHODS)
    s.add_argument("--cardinality", "-k", type=int, help="override the file's constraint")
    s.add_argument("--eps", type=float, default=0.05, help="accuracy of the threshold method")
    s.add_argument("--time-limit", type=float, default=60.0, help="seconds for the MIP")
    s.add_argument("--compare-exact", action="store_true", help="also solve exactly and report the ratio")
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    g = sub.add_parser("generate", help="write a random instance as used in the literature")
    g.add_argument("model", choices=["mnl", "mmnl", "cmmnl", "mc"])
    g.add_argument("--n", type=int, default=20)
    g.add_argument("--segments", type=int, default=5)
    g.add_argument("--cardinality", "-k", type=int)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--output", "-o", help="file to write (default: stdout)")
    return p


def _generate(args) -> int:
    if args.model == "mnl":
        model = random_mnl(args.n, args.seed)
    elif args.model == "mc":
        model = random_markov_chain(args.n, args.seed)
    else:
        model = random_mixed_mnl(args.n, args.segments, args.seed, customized=args.model == "cmmnl")
    cons = None if args.cardinality is None else {"cardinality": args.cardinality}
    text = dumps_instance(model, cons)
    if args.output:
        with open(args.output, "w") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


def _solve(args) -> int:
    model, cons = load_instance(args.instance)
    if args.cardinality is not None:
        cons = {"cardinality": args.cardinality}
    resolved = _exact_method(model, as_constraint(cons, model.n)) if args.method == "exact" else args.method
    options = {"time_limit": args.time_limit} if resolved == "mip" else {}
    res = optimize(model, cons, method=args.method, eps=args.eps, **options)
    out = res.to_dict()
    if args.compare_exact and not res.optimal:
        start = time.perf_counter()
        exact = optimize(model, cons, method="exact", **options)
        out["exact"] = {"revenue": exact.revenue, "optimal": exact.optimal, "bound": exact.bound,
                        "seconds": time.perf_counter() - start}
        if exact.bound:
            out["ratio_to_bound"] = res.revenue / exact.bound
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"model      {type(model).__name__} (n = {model.n}), constraint {cons}")
    print(f"method     {res.method}")
    print(f"assortment {res.assortment.tolist()}")
    print(f"revenue    {res.revenue:.10g}")
    status = "optimal" if res.optimal else ("upper bound %.10g" % res.bound if res.bound else "no bound")
    print(f"bound      {status}")
    if "exact" in out:
        e = out["exact"]
        print(f"exact      {e['revenue']:.10g} ({'optimal' if e['optimal'] else 'bound %s' % e['bound']}), ratio {out.get('ratio_to_bound', float('nan')):.4f}")
    print(f"time       {res.seconds:.4f} s, oracle calls {res.oracle_calls}")
    return 0


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _generate(args) if args.command == "generate" else _solve(args)
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

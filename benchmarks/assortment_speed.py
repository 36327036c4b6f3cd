"""Assortment speed: MNL (n = 10,000, k = 100) and customised mixed MNL (50 segments,
n = 1,000, k = 50), exact methods and the submodular-order threshold greedy side by side.

Instances follow the literature: prices and mean utilities uniform on [15, 25],
``v_i = exp(mu_i - r_i)``, ``v0 = 1``; mixture shares from a flat Dirichlet.  Times are medians
of ``--repeats`` runs after one warm-up (numba kernels load from the on-disk cache).  The MIP
for the customised mixture runs once with ``--mip-time-limit``; when it stops on the limit,
the greedy value is compared with the best proven upper bound: the MIP's dual bound or the
segment-wise bound ``sum_g shares_g max_{|X| <= k} R_g(X)``, whichever is smaller.

Usage: ``python benchmarks/assortment_speed.py [--repeats 5] [--mip-time-limit 120]``
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from solvers.assortment import optimize, random_mixed_mnl, random_mnl  # noqa: E402


def timed(model, constraint, method: str, repeats: int, **options) -> dict:
    optimize(model, constraint, method=method, **options)  # warm-up
    times, res = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        res = optimize(model, constraint, method=method, **options)
        times.append(time.perf_counter() - t)
    return {"method": method, "median_s": statistics.median(times), "revenue": res.revenue,
            "size": int(res.assortment.size), "oracle_calls": res.oracle_calls, "optimal": res.optimal}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--mip-time-limit", type=float, default=120.0)
    ap.add_argument("--n-mnl", type=int, default=10_000)
    ap.add_argument("--k-mnl", type=int, default=100)
    ap.add_argument("--n-cap", type=int, default=1_000)
    ap.add_argument("--segments", type=int, default=50)
    ap.add_argument("--k-cap", type=int, default=50)
    args = ap.parse_args()
    report: dict = {}

    mnl = random_mnl(args.n_mnl, seed=1)
    cons = {"cardinality": args.k_mnl}
    rows = [timed(mnl, cons, m, args.repeats) for m in ("parametric", "sales_lp", "threshold", "revenue_ordered")]
    opt = rows[0]["revenue"]
    print(f"\nMNL, n = {args.n_mnl}, k = {args.k_mnl} (median of {args.repeats})")
    print(f"{'method':16s} {'median s':>9s} {'revenue':>12s} {'/ OPT':>7s} {'size':>5s} {'oracle calls':>13s}")
    for r in rows:
        r["ratio_to_opt"] = r["revenue"] / opt
        print(f"{r['method']:16s} {r['median_s']:9.4f} {r['revenue']:12.6f} {r['ratio_to_opt']:7.4f} {r['size']:5d} {r['oracle_calls']:13d}")
    report["mnl"] = {"n": args.n_mnl, "k": args.k_mnl, "rows": rows}

    cap = random_mixed_mnl(args.n_cap, args.segments, seed=2, customized=True)
    cons = {"cardinality": args.k_cap}
    thr = timed(cap, cons, "threshold", args.repeats)
    ro = timed(cap, cons, "revenue_ordered", args.repeats)
    t = time.perf_counter()
    mip = optimize(cap, cons, method="mip", time_limit=args.mip_time_limit)
    mip_row = {"method": "mip", "median_s": time.perf_counter() - t, "revenue": mip.revenue,
               "size": int(mip.assortment.size), "oracle_calls": 0, "optimal": mip.optimal,
               "bound": mip.bound, "status": mip.info.get("mip_message")}
    segment_bound = optimize(cap, cons, method="threshold").bound  # sum_g shares_g OPT_g(k)
    bounds = [b for b in (mip.bound, segment_bound) if b]
    ref = mip.revenue if mip.optimal else min(bounds)
    ref_name = "OPT" if mip.optimal else "best bound"
    print(f"\ncustomised mixed MNL, {args.segments} segments, n = {args.n_cap}, k = {args.k_cap}")
    print(f"MIP: {'optimal' if mip.optimal else 'stopped'} after {mip_row['median_s']:.1f} s "
          f"(limit {args.mip_time_limit:.0f} s), incumbent {mip.revenue:.6f}, MIP bound {mip.bound}")
    print(f"segment-wise bound sum_g shares_g max_(|X|<=k) R_g(X) = {segment_bound:.6f}")
    print(f"{'method':16s} {'median s':>9s} {'revenue':>12s} {'/ ' + ref_name:>11s} {'size':>5s}")
    for r in (thr, ro, mip_row):
        r["ratio_to_reference"] = r["revenue"] / ref if ref else None
        print(f"{r['method']:16s} {r['median_s']:9.4f} {r['revenue']:12.6f} {r['ratio_to_reference']:11.4f} {r['size']:5d}")
    report["customized_mixed_mnl"] = {"n": args.n_cap, "segments": args.segments, "k": args.k_cap,
                                      "reference": ref_name, "reference_value": ref, "mip_bound": mip.bound,
                                      "segment_bound": segment_bound, "rows": [thr, ro, mip_row]}
    out = HERE / "results" / "assortment_speed.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=1, default=str))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

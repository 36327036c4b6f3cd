"""Dense realizability instances: ``realize`` beside SimplicialTest 1.3.0 in the same run.

Four sets: the 60 shared dense instances (``dense_random_realizable.json``), the 8 shared
n = 12-16 ones, seeded random instances (n up to 40, m up to 5n, sizes 2-8): a random
antichain gives a realizable pair, and moving one unit of degree between two vertices of it
(or of size between two facets) gives a pair that may not be realizable (every second
instance); and a stress set of random sequences (same ranges, sizes uniform, degrees drawn
with skewed weights, equal sums) which holds the hard non-realizable pairs. For each set the
table reports how many were decided and the median and maximum seconds of ``realize``, and
of SimplicialTest 1.3.0 (run in its own venv with numpy<2, see ``simplicial_realize.py``,
on the shared sets and the first ``--reference-sample`` instances of each random set, each
cut off after ``--reference-limit`` seconds; its "no" on a realizable instance is counted as
false) when ``--reference`` is given. ``realize`` runs single-threaded (CP-SAT: one worker).

Usage: ``python benchmarks/simplicial_dense.py [--generated 500] [--sequences 50] [--seed 1]
[--time-limit 10] [--reference] [--reference-limit 10] [--reference-sample 20]``; writes
``benchmarks/results/simplicial_dense.json``.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from combinat.simplicial import prune_included, realize  # noqa: E402
from combinat.simplicial._checks import antichain_gale_ryser  # noqa: E402
from combinat.simplicial._local import local_search  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data" / "simplicial" / "test_vectors"
REFERENCE_RUNNER = """
import json, sys, time
from simplicial_test import Test
for line in sys.stdin:
    case = json.loads(line)
    t = time.perf_counter()
    ok, _ = Test(case["d"], case["s"]).is_simplicial()
    print(json.dumps({"realizable": bool(ok), "seconds": time.perf_counter() - t}), flush=True)
"""


def random_dense_pair(rng: random.Random, n_max: int = 40, m_factor: int = 5,
                      size_max: int = 8) -> tuple[list[int], list[int]]:
    """Degrees and sizes of a random antichain: n vertices, up to ``m_factor * n`` facets.

    Examples
    --------
    >>> d, s = random_dense_pair(random.Random(1))
    >>> sum(d) == sum(s) and min(d) >= 1
    True
    """
    while True:
        n = rng.randint(8, n_max)
        m = rng.randint(2 * n, m_factor * n)
        top = rng.randint(3, min(size_max, n - 1))
        facets = [rng.sample(range(n), rng.randint(2, top)) for _ in range(m)]
        facets = prune_included(facets)
        degrees = [0] * n
        for f in facets:
            for v in f:
                degrees[v] += 1
        if min(degrees) > 0:
            return degrees, [len(f) for f in facets]


def perturbed(rng: random.Random, degrees: list[int], sizes: list[int]) -> tuple[list[int], list[int]]:
    """Move one unit of degree (or of size) from one entry to another: same sums, all >= 1."""
    d, s = list(degrees), list(sizes)
    values = d if rng.random() < 0.5 and max(d) >= 2 else s
    a = rng.choice([i for i, x in enumerate(values) if x >= 2])
    b = rng.choice([i for i in range(len(values)) if i != a])
    values[a] -= 1
    values[b] += 1
    return d, s


def random_sequences(rng: random.Random, n_max: int = 40, m_factor: int = 5,
                     size_max: int = 8) -> tuple[list[int], list[int]]:
    """Random sizes (2 to 3-8) and degrees with the same sum, drawn with skewed weights.

    Examples
    --------
    >>> d, s = random_sequences(random.Random(1))
    >>> sum(d) == sum(s) and min(d) >= 1 and max(d) <= len(s)
    True
    """
    while True:
        n = rng.randint(8, n_max)
        m = rng.randint(2 * n, m_factor * n)
        top = rng.randint(3, min(size_max, n - 1))
        sizes = [rng.randint(2, top) for _ in range(m)]
        weights = [rng.random() ** 2 for _ in range(n)]
        degrees = [1] * n
        for v in rng.choices(range(n), weights, k=sum(sizes) - n):
            degrees[v] += 1
        if max(degrees) <= m:
            return degrees, sizes


def instances(seed: int, generated: int, sequences: int) -> dict[str, list[dict]]:
    """The benchmark's sets of ``{"d", "s", "expected"}`` (expected: True, or None)."""
    shared = json.loads((DATA / "dense_random_realizable.json").read_text())
    small = json.loads((DATA / "dense_realizable_n12_n16.json").read_text())["instances"]
    rng = random.Random(seed)
    random_sets: list[dict] = []
    for k in range(generated):
        d, s = random_dense_pair(rng)
        if k % 2:
            d, s = perturbed(rng, d, s)
            random_sets.append({"d": d, "s": s, "expected": None})
        else:
            random_sets.append({"d": d, "s": s, "expected": True})
    rng = random.Random(seed)
    stress = [dict(zip(("d", "s"), random_sequences(rng)), expected=None) for _ in range(sequences)]
    return {
        "shared dense (60)": [{"d": c["degrees"], "s": c["sizes"], "expected": True} for c in shared],
        "shared n=12-16 (8)": [{"d": c["d"], "s": c["s"], "expected": True} for c in small],
        f"generated (seed {seed})": random_sets,
        f"sequences (seed {seed})": stress,
    }


def run_ours(cases: list[dict], time_limit: float) -> list[dict]:
    rows = []
    for case in cases:
        start = time.perf_counter()
        result = realize(case["d"], case["s"], time_limit=time_limit, progress=False)
        seconds = time.perf_counter() - start
        if case["expected"] is True and result.status == "not_realizable":
            raise SystemExit(f"wrong answer on {case}")
        rows.append({"n": len(case["d"]), "m": len(case["s"]), "status": result.status,
                     "reason": result.reason, "steps": result.steps, "seconds": seconds})
    return rows


def run_reference(cases: list[dict], limit: float) -> list[dict]:
    """SimplicialTest on each case in one subprocess; a case past ``limit`` seconds is cut
    off (the process is restarted for the next cases)."""
    from simplicial_realize import reference_python

    python = str(reference_python())
    rows: list[dict] = []
    while len(rows) < len(cases):
        proc = subprocess.Popen([python, "-c", REFERENCE_RUNNER], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        try:
            for case in cases[len(rows):]:
                proc.stdin.write(json.dumps({"d": case["d"], "s": case["s"]}) + "\n")
                proc.stdin.flush()
                line = _readline(proc, limit)
                if line is None:
                    rows.append({"realizable": None, "seconds": limit})
                    break
                rows.append(json.loads(line))
        finally:
            proc.kill()
            proc.wait()
    return rows


def _readline(proc: subprocess.Popen, limit: float) -> str | None:
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=limit):
            return None
    return proc.stdout.readline()


def summary(name: str, cases: list[dict], ours: list[dict], ref: list[dict] | None) -> dict:
    seconds = [r["seconds"] for r in ours]
    decided = sum(r["status"] != "unknown" for r in ours)
    row = {"set": name, "instances": len(cases), "decided": decided,
           "realizable": sum(r["status"] == "realizable" for r in ours),
           "proved_not": sum(r["status"] == "not_realizable" for r in ours),
           "median_s": statistics.median(seconds), "max_s": max(seconds)}
    if ref is not None:
        ours_yes = [o["status"] == "realizable" for o in ours]
        ours_no = [o["status"] == "not_realizable" for o in ours]
        row.update(reference_instances=len(ref),
                   reference_decided=sum(r["realizable"] is not None for r in ref),
                   reference_median_s=statistics.median(r["seconds"] for r in ref),
                   reference_max_s=max(r["seconds"] for r in ref),
                   reference_false_no=sum(r["realizable"] is False and yes
                                          for r, yes in zip(ref, ours_yes)),
                   reference_false_yes=sum(r["realizable"] is True and no
                                           for r, no in zip(ref, ours_no)))
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", type=int, default=500)
    ap.add_argument("--sequences", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--reference", action="store_true", help="also run SimplicialTest 1.3.0")
    ap.add_argument("--reference-limit", type=float, default=10.0)
    ap.add_argument("--reference-sample", type=int, default=20,
                    help="SimplicialTest on this many instances of each random set")
    args = ap.parse_args()
    realize([5, 5, 3, 3, 2, 2], [4, 4, 3, 3, 3, 3], progress=False)  # load the numba kernels
    local_search(np.array([2, 2, 2, 1, 1]), np.array([3, 3, 2]), time_limit=10)
    antichain_gale_ryser(np.array([2, 2, 1]), np.array([2, 2, 1]))
    rows, details = [], {}
    for name, cases in instances(args.seed, args.generated, args.sequences).items():
        ours = run_ours(cases, args.time_limit)
        ref = None
        if args.reference:
            sample = cases if name.startswith("shared") else cases[:args.reference_sample]
            ref = run_reference(sample, args.reference_limit)
        rows.append(summary(name, cases, ours, ref))
        details[name] = {"cases": cases, "ours": ours, "reference": ref}
        print(f"{name}: done", file=sys.stderr, flush=True)
    print(f"\nrealize on dense instances (time limit {args.time_limit:g} s per instance, "
          "one thread)")
    print(f"{'set':22s} {'count':>5s} {'decided':>7s} {'yes':>4s} {'no':>4s} {'median s':>8s} "
          f"{'max s':>6s}   SimplicialTest 1.3.0 (cut off at {args.reference_limit:g} s): "
          "count, decided, median s, max s, false no, false yes")
    for r in rows:
        line = (f"{r['set']:22s} {r['instances']:5d} {r['decided']:7d} {r['realizable']:4d} "
                f"{r['proved_not']:4d} {r['median_s']:8.3f} {r['max_s']:6.2f}")
        if "reference_median_s" in r:
            line += (f"   {r['reference_instances']:4d} {r['reference_decided']:4d} "
                     f"{r['reference_median_s']:7.3f} {r['reference_max_s']:6.2f} "
                     f"{r['reference_false_no']:4d} {r['reference_false_yes']:4d}")
        print(line)
    out = HERE / "results" / "simplicial_dense.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"summary": rows, "details": details, "time_limit": args.time_limit,
                               "reference_limit": args.reference_limit, "seed": args.seed},
                              indent=1))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()

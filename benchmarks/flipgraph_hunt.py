"""Reproducible flip-graph hunts for a target rank (one JSON line per seed).

For each seed in turn: :func:`search` from the chosen start with a fixed flip budget
(``--max-flips``; the run is bit-reproducible for its seed and arguments), over GF(2) or
directly over ``zt``; with ``--ring lift`` a GF(2) search followed by :func:`assign_signs`
when it reached the target (a ternary scheme). The first scheme at the target is verified
and saved under ``--out-dir`` (default ``benchmarks/results/``, not tracked) next to a
``<name>.run.json`` with the command line and the result line; the loop stops
there, or when ``--time-limit`` seconds have passed (no new seed is started after it).

Starts: ``naive``; ``strassen`` (:func:`strassen_start`: Strassen tiling / product);
``s2`` (Strassen (x) Strassen, 4x4x4 only); ``s-naive`` / ``naive-s`` (Strassen (x) naive 2x2x2
and naive 2x2x2 (x) Strassen, 4x4x4 rank 56); ``s2-project-n|m|p`` (Strassen (x) Strassen with
one dimension shrunk by :func:`project`, a 3x4x4 / 4x3x4 / 4x4x3 start of rank 42); or a
scheme file.

``--avoid-dead-ends`` undoes every reduction into a scheme without flips (the walk's
Strassen (x) Strassen-like traps of 4x4x4 over GF(2)); ``--descent-flips L`` restarts each
walker from the start after L flips (independent descents with ``--restart-flips`` large).

Usage: python benchmarks/flipgraph_hunt.py 3 4 4 --ring zt --target 38 --start s2-project-n
       --seeds 0:10 --max-flips 600000000 --walkers 2 --plateau 3000 --plus-band 4
Reproduce one seed: the same command with ``--seeds S:S+1``.
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

from solvers.flipgraph import (Scheme, assign_signs, product, project, read_scheme, search,
                               strassen_start, verify, write_scheme)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text + "\n")
    tmp.replace(path)


def make_start(fmt: tuple[int, int, int], kind: str, ring: str) -> Scheme:
    """The start scheme ``kind`` for ``fmt`` over ``ring`` ("gf2" or "zt")."""
    if kind == "naive":
        s = Scheme.naive(*fmt, "zt")
    elif kind == "strassen":
        s = strassen_start(*fmt, "zt")
    elif kind in ("s-naive", "naive-s"):
        pair = (Scheme.strassen("zt"), Scheme.naive(2, 2, 2, "zt"))
        s = product(*pair) if kind == "s-naive" else product(*pair[::-1])
    elif kind == "s2" or kind.startswith("s2-project-"):
        s = product(Scheme.strassen("zt"), Scheme.strassen("zt"))
        if kind != "s2":
            s = project(s, kind.rsplit("-", 1)[1])
    else:
        s = read_scheme(kind)
    if s.format != fmt:
        raise ValueError(f"start {kind!r} has format {s.format}, not {fmt}")
    if ring == "gf2":
        s = Scheme(*fmt, s.u % 2, s.v % 2, s.w % 2, "gf2")
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dims", nargs=3, type=int)
    ap.add_argument("--ring", choices=["gf2", "zt", "lift"], required=True)
    ap.add_argument("--target", type=int, required=True)
    ap.add_argument("--start", default="naive")
    ap.add_argument("--seeds", default="0:10", help="seed range a:b")
    ap.add_argument("--max-flips", type=int, default=100_000_000)
    ap.add_argument("--walkers", type=int, default=2)
    ap.add_argument("--plateau", type=int, default=3000)
    ap.add_argument("--plus-band", type=int, default=2)
    ap.add_argument("--restart-flips", type=int, default=200_000)
    ap.add_argument("--avoid-dead-ends", action="store_true",
                    help="undo reductions into schemes without flips (search(avoid_dead_ends=True))")
    ap.add_argument("--sign-tries", type=int, default=64)
    ap.add_argument("--time-limit", type=float, default=1e9)
    ap.add_argument("--descent-flips", type=int, default=None,
                    help="path length limit: restart a walker from the start after this many flips")
    ap.add_argument("--progress", action="store_true", help="print each improvement to stderr")
    ap.add_argument("--out-dir", default=str(Path(__file__).resolve().parent / "results"))
    args = ap.parse_args()
    fmt = tuple(args.dims)
    walk_ring = "gf2" if args.ring in ("gf2", "lift") else "zt"
    start = make_start(fmt, args.start, walk_ring)
    a, b = (int(x) for x in args.seeds.split(":"))
    t0 = time.perf_counter()
    for seed in range(a, b):
        if time.perf_counter() - t0 > args.time_limit:
            break
        res = search(start, ring=walk_ring, target=args.target, walkers=args.walkers,
                     max_flips=args.max_flips, time_limit=1e9, seed=seed, plateau=args.plateau,
                     plus_band=args.plus_band, restart_flips=args.restart_flips,
                     avoid_dead_ends=args.avoid_dead_ends, descent_flips=args.descent_flips,
                     progress=args.progress, backend="numba")
        found, ring = (res.scheme if res.reached else None), walk_ring
        if args.ring == "lift" and found is not None:
            found, ring = assign_signs(found, tries=args.sign_tries, seed=seed), "zt"
        ok = found is not None and verify(found, ring)
        line = {"seed": seed, "start": args.start, "start_rank": start.rank, "ring": args.ring,
                "walkers": args.walkers, "plateau": args.plateau, "plus_band": args.plus_band,
                "avoid_dead_ends": args.avoid_dead_ends, "descent_flips": args.descent_flips,
                "dead_ends": res.dead_ends, "descents": res.descents,
                "rank": res.rank, "flips": res.flips, "seconds": round(res.seconds, 1),
                "reached": ok, "history": [[round(t, 1), r] for t, r in res.history[-4:]]}
        print(json.dumps(line), flush=True)
        if ok:
            out = Path(args.out_dir) / f"{'x'.join(map(str, fmt))}_m{found.rank}_{ring}_seed{seed}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            write_scheme(found, out)
            command = shlex.join(["python", "benchmarks/flipgraph_hunt.py", *sys.argv[1:]])
            run = {"command": command, "reproduce_seed": f"--seeds {seed}:{seed + 1}", "result": line}
            write_text_atomic(out.with_suffix(".run.json"), json.dumps(run, indent=1))
            print(json.dumps({"saved": str(out), "rank": found.rank, "ring": ring, "seed": seed}), flush=True)
            break


if __name__ == "__main__":
    main()

"""The ranked engine with two bits per state beside the byte codes, same machine, same run.

Every case of ``benchmarks/growth_vs_cayleypy.py`` (and lrx 12 and 13 unless ``--quick``),
each codes layout in a fresh process with warm kernels, runs interleaved (byte, two-bit,
byte, ...) so that a noisy machine weighs on both alike. Reports the median seconds, their
ratio, and the peak resident memory of each process; layer sizes must agree. Prints a table
and writes ``benchmarks/results/two_bit_vs_byte.json``.

Usage: ``python benchmarks/two_bit_vs_byte.py [--quick | --cases lrx:11,top_spin:11] [--repeat K]``
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from growth_vs_cayleypy import CASES, QUICK  # noqa: E402

RESULTS = HERE / "results" / "two_bit_vs_byte.json"
EXTRA = [("lrx", 12), ("top_spin", 12), ("lrx", 13)]

RUN = r"""
import json, resource, sys, time
from cayley import CayleyGraph, growth
family, n, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# load the compiled kernels this case uses: the same hash kind (n of the same parity) and
# planes of the same kinds of moves (small n have none), so no cache load is timed
growth(CayleyGraph.from_family(family, n if n <= 11 else n - 2), codes=codes)
graph = CayleyGraph.from_family(family, n)
t = time.perf_counter()
result = growth(graph, progress=False, codes=codes)
print(json.dumps({"seconds": time.perf_counter() - t, "layer_sizes": result.layer_sizes,
                  "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                  "state_space": result.state_space}))
"""


def run(family: str, n: int, codes: str) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN, family, str(n), codes], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the quick cases of growth_vs_cayleypy.py")
    parser.add_argument("--cases", help="comma-separated family:n pairs instead of the full list")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each layout per case (median)")
    args = parser.parse_args()
    cases = QUICK if args.quick else CASES + EXTRA
    if args.cases:
        try:
            cases = [(name, int(n)) for name, n in (case.split(":") for case in args.cases.split(","))]
        except ValueError:
            parser.error(f"--cases takes family:n pairs separated by commas, e.g. lrx:11; got {args.cases!r}")
    print(f"{'case':<22} {'states':>12} {'byte s':>8} {'2-bit s':>8} {'byte/2-bit':>10} "
          f"{'byte RSS':>9} {'2-bit RSS':>9} agree", flush=True)
    rows = []
    for family, n in cases:
        runs: dict[str, list] = {"byte": [], "two_bit": []}
        for _ in range(args.repeat):
            for codes in runs:
                runs[codes].append(run(family, n, codes))
        byte, two = (statistics.median(r["seconds"] for r in runs[c]) for c in ("byte", "two_bit"))
        agree = all(r["layer_sizes"] == runs["byte"][0]["layer_sizes"] for rs in runs.values() for r in rs)
        rss = {c: max(r["peak_rss_bytes"] for r in runs[c]) for c in runs}
        row = {"family": family, "n": n, "states": sum(runs["byte"][0]["layer_sizes"]),
               "byte_seconds": [r["seconds"] for r in runs["byte"]],
               "two_bit_seconds": [r["seconds"] for r in runs["two_bit"]],
               "byte_median": byte, "two_bit_median": two, "ratio": byte / two,
               "byte_peak_rss": rss["byte"], "two_bit_peak_rss": rss["two_bit"], "layers_agree": agree}
        rows.append(row)
        print(f"{family + ' ' + str(n):<22} {row['states']:>12} {byte:>8.2f} {two:>8.2f} {byte / two:>9.2f}x "
              f"{rss['byte'] / 1e9:>8.2f}G {rss['two_bit'] / 1e9:>8.2f}G {agree}", flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": platform.processor() or platform.machine(),
                                   "date": time.strftime("%Y-%m-%d %H:%M"), "rows": rows}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

"""Full growth on one GPU (backend="cupy"): lrx/coxeter n=12, lrx n=13, and a time-boxed S_14.

Prints one table and writes benchmarks/results/gpu_growth.json. Layer sizes are checked
against the numba engine after the GPU runs, while the deadline allows (``--compare-up-to``,
default 12), and every full run must reach all n! states. The S_14 case stops at ``--budget`` seconds (or
when the ``--deadline`` for the whole script comes) and reports the layers reached, the rate
in states per second and the projected total time.

Usage: ``PYTHONPATH=. python benchmarks/gpu_growth.py [--budget 200] [--deadline 330]``
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

from cayley import CayleyGraph, growth
from cayley.bfs import _gpu_kernels as gk
from cayley.bfs import gpu
from cayley.bfs._state_space import lehmer_space

CASES = [("lrx", 12), ("coxeter", 12), ("lrx", 13)]
TIMEBOXED = [("lrx", 14), ("coxeter", 14)]
CAYLEYPY_H200_SECONDS = {("lrx", 12): 1.3, ("coxeter", 12): 2.0, ("lrx", 13): 114.0}


class _TimeUp(Exception):
    pass


def _device_name() -> str:
    import cupy

    props = cupy.cuda.runtime.getDeviceProperties(cupy.cuda.Device().id)
    name = props["name"]
    return name.decode() if isinstance(name, bytes) else str(name)


def full_run(family: str, n: int) -> dict:
    result = growth(CayleyGraph.from_family(family, n), backend="cupy", progress=False)
    return {"graph": f"{family} {n}", "family": family, "n": n, "seconds": result.seconds,
            "layers": len(result.layer_sizes), "states": result.order, "complete": result.complete,
            "rate": result.order / result.seconds, "cayleypy_h200_s": CAYLEYPY_H200_SECONDS.get((family, n)),
            "gpu_bytes": result.peak_memory_bytes, "order_ok": result.order == math.factorial(n),
            "layer_sizes": result.layer_sizes}


def compare_with_cpu(row: dict) -> None:
    """Run the numba engine on the same graph and record whether the layer sizes agree."""
    cpu = growth(CayleyGraph.from_family(row["family"], row["n"]), backend="numba", progress=False)
    row["cpu_seconds"] = cpu.seconds
    row["same_as_cpu"] = cpu.layer_sizes == row["layer_sizes"]


def timeboxed_run(family: str, n: int, budget: float) -> dict:
    graph = CayleyGraph.from_family(family, n)
    layers: list[tuple[int, int, float]] = []
    t0 = time.perf_counter()

    def on_layer(distance: int, size: int, seconds: float) -> None:
        layers.append((distance, size, seconds))
        if time.perf_counter() - t0 > budget:
            raise _TimeUp

    complete = True
    try:
        growth(graph, backend="cupy", on_layer=on_layer, progress=False)
    except _TimeUp:
        complete = False
    seconds = time.perf_counter() - t0
    states = sum(size for _, size, _ in layers)
    rate = states / seconds
    total = math.factorial(n)
    return {"graph": f"{family} {n}", "seconds": seconds, "layers": len(layers), "states": states,
            "complete": complete and states == total, "rate": rate, "gpu_bytes": gk.device_bytes(total),
            "projected_seconds": seconds if complete else total / rate,
            "layer_sizes": [size for _, size, _ in layers]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=200.0, help="seconds for the S_14 run")
    parser.add_argument("--deadline", type=float, default=330.0, help="seconds for the whole script")
    parser.add_argument("--compare-up-to", type=int, default=12, help="check against numba up to this n")
    parser.add_argument("--cpu-reserve", type=float, default=60.0,
                        help="seconds kept from the S_14 run for the numba cross-checks")
    parser.add_argument("--n14", choices=[f for f, _ in TIMEBOXED], default="lrx")
    args = parser.parse_args()
    start = time.perf_counter()
    gpu.require_cupy()
    device = _device_name()
    warm = time.perf_counter()
    for n in (11, 12, 13, 14):  # NVRTC compiles once per degree (generators are arguments)
        gk.compiled_kernels(lehmer_space(n), n)
    compile_seconds = time.perf_counter() - warm
    rows = [full_run(family, n) for family, n in [("lrx", 11), ("coxeter", 11)] + CASES]
    left = args.deadline - (time.perf_counter() - start)
    rows.append(timeboxed_run(args.n14, 14, max(10.0, min(args.budget, left - 15 - args.cpu_reserve))))
    for row in rows[:-1]:  # GPU figures first; the CPU cross-check takes the time that is left
        if row["n"] <= args.compare_up_to and args.deadline - (time.perf_counter() - start) > 20:
            compare_with_cpu(row)

    print(f"\nGPU growth on {device} (kernel compilation for n=11..14: {compile_seconds:.1f} s)")
    header = f"{'graph':<12} {'seconds':>9} {'layers':>6} {'states':>15} {'states/s':>10} {'done':>5} " \
             f"{'GPU GB':>6} {'CayleyPy H200 s':>15} {'same as CPU':>11} {'projected s':>11}"
    print(header)
    print("-" * len(header))
    for r in rows:
        same = {True: "yes", False: "NO"}.get(r.get("same_as_cpu"), "-")
        if "order_ok" in r and not r["order_ok"]:
            same = "BAD ORDER"
        print(f"{r['graph']:<12} {r['seconds']:>9.2f} {r['layers']:>6} {r['states']:>15,} {r['rate']:>10.3g} "
              f"{'yes' if r['complete'] else 'no':>5} {r['gpu_bytes'] / 1e9:>6.2f} {r.get('cayleypy_h200_s') or '-':>15} {same:>11} "
              f"{r.get('projected_seconds', r['seconds']):>11.0f}")
    out = Path(__file__).resolve().parent / "results" / "gpu_growth.json"
    out.parent.mkdir(exist_ok=True)
    for row in rows:
        row.pop("family", None)
    out.write_text(json.dumps({"device": device, "compile_seconds": compile_seconds, "rows": rows}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""Facility location, n = 3000, k = 100: our lazy greedy against apricot-select and submodlib.

Every tool gets the same precomputed dense similarity matrix (an RBF kernel of 3000 random
points in 20 dimensions) and selects 100 items with its lazy greedy.  apricot-select and
submodlib-py are installed into their own venvs (``benchmarks/.venv-<tool>``) and run in
subprocesses; a tool that fails to install is reported and skipped.  Each tool runs once to
warm up (JIT compilation) and then ``--repeats`` timed runs; the table shows medians.

Usage: ``python benchmarks/submodular_facility_location.py [--n 3000] [--k 100] [--repeats 3]``
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from solvers.submodular import FacilityLocation, lazy_greedy  # noqa: E402

TOOLS = {
    "apricot-select": {
        "packages": ["apricot-select", "scikit-learn"],  # apricot imports sklearn undeclared
        "code": """
from apricot import FacilityLocationSelection
def run(S, k):
    sel = FacilityLocationSelection(k, metric="precomputed", optimizer="lazy", verbose=False)
    sel.fit(S)
    return [int(i) for i in sel.ranking]
""",
    },
    "submodlib": {
        "packages": ["submodlib-py"],
        "code": """
from submodlib import FacilityLocationFunction
def run(S, k):
    obj = FacilityLocationFunction(n=S.shape[0], mode="dense", sijs=S, separate_rep=False)
    out = obj.maximize(budget=k, optimizer="LazyGreedy", stopIfZeroGain=False,
                       stopIfNegativeGain=False, verbose=False)
    return [int(i) for i, _ in out]
""",
    },
}

RUNNER = """
import json, sys, time
import numpy as np
{code}
S = np.load(sys.argv[1]); k = int(sys.argv[2]); repeats = int(sys.argv[3])
run(S, k)  # warm-up (JIT compilation, caches)
times = []
for _ in range(repeats):
    t = time.perf_counter(); sel = run(S, k); times.append(time.perf_counter() - t)
print(json.dumps({{"times": times, "selection": sel}}))
"""


def similarity(n: int, seed: int = 0) -> np.ndarray:
    """RBF similarities of ``n`` random points in 20 dimensions (median-distance bandwidth)."""
    x = np.random.default_rng(seed).random((n, 20))
    sq = (x * x).sum(axis=1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * x @ x.T, 0.0)
    return np.exp(-d2 / np.median(d2))


def ensure_venv(tool: str, packages: list[str]) -> tuple[Path | None, str]:
    """Create ``benchmarks/.venv-<tool>`` and pip install the packages; (python, message)."""
    venv = HERE / f".venv-{tool}"
    py = venv / "bin" / "python"
    stamp = venv / ".installed"
    if stamp.exists() and stamp.read_text() == " ".join(packages):
        return py, "cached venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, text=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True, capture_output=True, text=True, timeout=600)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", *packages, "numpy<2.3"], check=True, capture_output=True, text=True, timeout=1800)
    except subprocess.CalledProcessError as exc:
        return None, f"install failed: {(exc.stderr or exc.stdout or '').strip().splitlines()[-1:]}"
    except subprocess.TimeoutExpired:
        return None, "install timed out"
    stamp.write_text(" ".join(packages))
    return py, "installed"


def run_reference(tool: str, spec: dict, matrix_file: str, k: int, repeats: int) -> dict:
    py, message = ensure_venv(tool, spec["packages"])
    if py is None:
        print(f"[{tool}] could not be installed ({message}); running ours only", flush=True)
        return {"status": message}
    script = RUNNER.format(code=spec["code"])
    proc = subprocess.run([str(py), "-c", script, matrix_file, str(k), str(repeats)], capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        print(f"[{tool}] failed to run: {tail}; running ours only", flush=True)
        return {"status": f"run failed: {tail}"}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["status"] = message
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--k", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-reference", action="store_true", help="time our solver only")
    args = ap.parse_args()
    S = similarity(args.n)

    def ours():
        return lazy_greedy(FacilityLocation(S), args.k)

    ours()  # warm-up: numba kernels load from the on-disk cache
    times = []
    for _ in range(args.repeats):
        t = time.perf_counter()
        res = ours()
        times.append(time.perf_counter() - t)
    f = FacilityLocation(S)
    rows = {"permlab lazy_greedy": {"times": times, "selection": res.items.tolist(), "status": "ours", "oracle_calls": res.oracle_calls}}
    if not args.skip_reference:
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "S.npy")
            np.save(path, S)
            for tool, spec in TOOLS.items():
                rows[tool] = run_reference(tool, spec, path, args.k, args.repeats)
    ours_median = statistics.median(times)
    print(f"\nfacility location, n = {args.n}, k = {args.k}, dense precomputed similarities, median of {args.repeats}")
    print(f"{'tool':22s} {'median s':>10s} {'ratio to ours':>14s} {'f(S)':>12s}  same set as ours")
    for name, row in rows.items():
        if "times" not in row:
            print(f"{name:22s} {'-':>10s} {'-':>14s} {'-':>12s}  ({row['status']})")
            continue
        med = statistics.median(row["times"])
        row["median_s"] = med
        row["value"] = f.value(row["selection"][: args.k])
        row["same_set"] = sorted(row["selection"][: args.k]) == sorted(res.items.tolist())
        print(f"{name:22s} {med:10.3f} {med / ours_median:14.1f} {row['value']:12.4f}  {row['same_set']}")
    out = HERE / "results" / "submodular_facility_location.json"
    out.parent.mkdir(exist_ok=True)
    for row in rows.values():
        row.pop("selection", None)
    out.write_text(json.dumps({"n": args.n, "k": args.k, "repeats": args.repeats, "tools": rows}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

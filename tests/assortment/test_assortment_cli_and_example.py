"""The command line and the example script run end to end on tiny inputs."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from solvers.assortment import MNL, closure_of, optimize
from solvers.assortment._cli import main
from solvers.submodular import streaming_greedy

ROOT = Path(__file__).resolve().parents[2]


def test_generate_then_solve(tmp_path, capsys):
    inst = tmp_path / "inst.json"
    assert main(["generate", "mnl", "--n", "9", "-k", "3", "--seed", "4", "-o", str(inst)]) == 0
    data = json.loads(inst.read_text())
    assert data["model"] == "MNL" and len(data["r"]) == 9 and data["constraint"] == {"cardinality": 3}
    assert main(["solve", str(inst), "--method", "threshold", "--compare-exact", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["assortment"]) <= 3 and out["exact"]["optimal"]
    assert out["revenue"] <= out["exact"]["revenue"] + 1e-12
    assert main(["solve", str(inst), "--method", "exact"]) == 0
    text = capsys.readouterr().out
    assert "optimal" in text and "revenue" in text


def test_cli_reports_errors(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"model": "MNL", "r": [1, 2], "v": [1]}))
    assert main(["solve", str(bad)]) == 2
    assert "length 1 but prices have length 2" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    inst = tmp_path / "m.json"
    inst.write_text(json.dumps({"model": "MMNL", "r": [5, 4, 3], "V": [[1, 1, 1], [2, 0, 1]], "V0": [1, 1],
                                "alpha": [0.5, 0.5], "constraint": "cardinality<=2"}))
    proc = subprocess.run([sys.executable, "-m", "solvers.assortment", "solve", str(inst), "--method", "mip"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "optimal" in proc.stdout


def test_example_runs_small(capsys):
    spec = importlib.util.spec_from_file_location("assortment_example", ROOT / "examples" / "assortment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(20)
    out = capsys.readouterr().out
    assert "MIP optimum" in out and "threshold" in out


def test_streaming_along_price_order_on_mnl_closure():
    rng = np.random.default_rng(5)
    for _ in range(20):
        n = int(rng.integers(2, 8))
        model = MNL(rng.uniform(1, 10, n), rng.lognormal(0, 2, n))
        k = int(rng.integers(1, n + 1))
        opt = optimize(model, {"cardinality": k}, method="brute_force").revenue
        f = closure_of(model)
        assert streaming_greedy(f, k, stream=f.order).value >= 0.45 * opt


@pytest.mark.parametrize("seed", range(10))
def test_budget_threshold_feasible(seed):
    rng = np.random.default_rng(seed)
    n = 7
    model = MNL(rng.uniform(1, 10, n), rng.lognormal(0, 2, n))
    costs = rng.uniform(0.5, 3, n)
    cons = {"budget": float(rng.uniform(costs.min(), costs.sum())), "costs": costs}
    res = optimize(model, cons, method="threshold")
    best = optimize(model, cons, method="brute_force")
    assert costs[res.assortment].sum() <= cons["budget"] + 1e-12
    assert best.revenue / 3 <= res.revenue <= best.revenue + 1e-12  # empirical floor, not a theorem

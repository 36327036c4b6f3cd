"""Reproduce every vector in ../shared/data/assortment (independent brute-force script, CC0)."""
import json

import numpy as np
import pytest

from solvers.assortment import MNL, MarkovChain, model_from_dict, optimize
from solvers.assortment._closure import SegmentClosure
from solvers.submodular import CallableFunction, check_submodular_order


def _vectors(shared_data):
    return json.loads((shared_data / "assortment" / "bruteforce_test_vectors.json").read_text())


def _hand(shared_data):
    return json.loads((shared_data / "assortment" / "hand_vectors.json").read_text())


@pytest.fixture(scope="module")
def vectors(shared_data):
    return _vectors(shared_data)


def _run(model, constraint, method):
    return optimize(model, constraint, method=method)


def test_all_vectors_reproduced(vectors):
    assert len(vectors["vectors"]) == 18
    for vec in vectors["vectors"]:
        model, cons = model_from_dict(vec), vec["constraint"]
        for method in ("exact", "brute_force"):
            res = _run(model, cons, method)
            assert res.assortment.tolist() == vec["opt_set"], (method, vec)
            assert res.revenue == pytest.approx(vec["opt"], rel=1e-9)
            assert res.optimal
        ro = _run(model, cons, "revenue_ordered")
        assert ro.revenue == pytest.approx(vec["revenue_ordered"], rel=1e-9)
        assert _run(model, cons, "adxopt").revenue == pytest.approx(vec["adxopt"], rel=1e-9)
        thr = _run(model, cons, "threshold")
        if vec["model"] == "MNL":
            assert ro.assortment.tolist() == vec["revenue_ordered_set"]
            assert _run(model, cons, "adxopt").assortment.tolist() == vec["adxopt_set"]
            for method in ("parametric", "sales_lp"):
                assert _run(model, cons, method).revenue == pytest.approx(vec["static_mnl"], rel=1e-9)
            assert thr.assortment.tolist() == vec["threshold_set"]
            assert thr.revenue == pytest.approx(vec["threshold_eps0p05"], rel=1e-9)
            unc = _run(model, None, "exact")
            assert unc.assortment.tolist() == vec["unconstrained_set"]
            assert unc.revenue == pytest.approx(vec["unconstrained_opt"], rel=1e-9)
        else:
            assert _run(model, cons, "mip").revenue == pytest.approx(vec["bront_mip"], rel=1e-7)
            # the threshold algorithm runs on the customisation (CAP) objective
            assert thr.info["surrogate_value"] == pytest.approx(vec["threshold_on_customization"], rel=1e-9)
            cap = model_from_dict({**vec, "model": "CMMNL"})
            best = _run(cap, cons, "brute_force")
            assert best.assortment.tolist() == vec["customization_set"]
            assert best.revenue == pytest.approx(vec["customization_opt"], rel=1e-9)


def test_hand_vectors(shared_data):
    h1, h2, h3 = _hand(shared_data)
    m1 = model_from_dict(h1)
    res = optimize(m1, None, method="exact")
    assert res.revenue == pytest.approx(h1["opt"]) and res.assortment.tolist() in h1["opt_sets"]
    assert m1.prefix_revenues().tolist() == pytest.approx(h1["revenue_ordered_prefix_values"])
    m2 = model_from_dict(h2)
    assert optimize(m2, h2["constraint"], method="exact").assortment.tolist() == h2["opt_set"]
    ro = optimize(m2, h2["constraint"], method="revenue_ordered")
    assert ro.assortment.tolist() == h2["best_price_prefix_len1"]["set"]
    assert ro.revenue == pytest.approx(h2["best_price_prefix_len1"]["value"])
    thr = optimize(m2, h2["constraint"], method="threshold")
    assert thr.assortment.tolist() == h2["threshold_algorithm_eps0.05"]["set"]
    unc = optimize(m2, None, method="exact")
    assert unc.assortment.tolist() == h2["unconstrained"]["set"]
    assert unc.revenue == pytest.approx(h2["unconstrained"]["value"])
    m3 = model_from_dict({**h3, "model": "MNL"})
    for key, val in h3["all_values"].items():
        assert m3.revenue([int(x) for x in key.split(",")]) == pytest.approx(val)
    for k, key in ((1, "opt_k1"), (2, "opt_k2"), (None, "opt_unconstrained")):
        cons = None if k is None else {"cardinality": k}
        for method in ("exact", "sales_lp", "brute_force"):
            res = optimize(m3, cons, method=method)
            assert res.assortment.tolist() == h3[key]["set"]
            assert res.revenue == pytest.approx(h3[key]["value"])


def _mnl_revenue_function(r, v):
    model = MNL(r, v)
    return CallableFunction(lambda s: model.revenue(sorted(s)), n=len(r))


def test_raw_mnl_revenue_counterexample_reproduced(vectors):
    ex = vectors["property_checks"]["mnl"]["raw_R_counterexample"]
    check = check_submodular_order(_mnl_revenue_function(ex["r"], ex["v"]), ex["order"])
    assert not check.holds
    f = _mnl_revenue_function(ex["r"], ex["v"])
    viol = ex["violation"]
    gain_a = f.value(viol["A"] + viol["C"]) - f.value(viol["A"])
    gain_b = f.value(viol["B"] + viol["C"]) - f.value(viol["B"])
    assert gain_a == pytest.approx(viol["gain_A"]) and gain_b == pytest.approx(viol["gain_B"])
    # the closure of the same instance passes along decreasing price
    closure = SegmentClosure(np.array(ex["r"]), np.array([ex["v"]]), np.ones(1), np.ones(1))
    assert check_submodular_order(closure, closure.order).holds


def test_markov_closure_counterexample_reproduced(vectors):
    mc = vectors["property_checks"]["markov_chain_closure"]
    ex = mc["example"]
    model = MarkovChain(ex["r"], ex["lam"], ex["rho"])
    masks = np.array([[(m >> i) & 1 for i in range(model.n)] for m in range(1 << model.n)], dtype=bool)
    revs = model.revenues(masks)
    closure = {m: max(revs[x] for x in range(1 << model.n) if x & ~m == 0) for m in range(1 << model.n)}

    def fhat(items):
        return closure[sum(1 << i for i in items)]

    viol = ex["violation"]
    gain_a = fhat(viol["A"] + viol["C"]) - fhat(viol["A"])
    gain_b = fhat(viol["B"] + viol["C"]) - fhat(viol["B"])
    assert gain_a == pytest.approx(viol["gain_A"]) and gain_b == pytest.approx(viol["gain_B"])
    assert gain_b > gain_a  # decreasing price is not a submodular order of this closure
    f = CallableFunction(lambda s: fhat(list(s)), n=model.n)
    assert not check_submodular_order(f, model.price_order()).holds
    # and the Markov-chain LP is exact here as in the vectors' note
    lp = optimize(model, None, method="markov_lp")
    assert lp.revenue == pytest.approx(revs.max(), rel=1e-9)

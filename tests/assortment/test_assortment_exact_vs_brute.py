"""Exact methods equal brute force; threshold greedy keeps its 1/2 - eps guarantee."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.assortment import (
    CustomizedMixedMNL,
    MNL,
    MixedMNL,
    optimize,
    random_markov_chain,
)

EPS = 0.05


@st.composite
def mnl_models(draw, max_n=8):
    n = draw(st.integers(1, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    spread = draw(st.sampled_from([0.5, 2.0, 5.0]))
    r = np.round(rng.uniform(1, 10, n), draw(st.sampled_from([0, 2])))  # rounding makes price ties
    v = rng.lognormal(0, spread, n)
    return MNL(r, v, draw(st.sampled_from([0.2, 1.0, 5.0])))


@st.composite
def mixed_models(draw, customized=False):
    n = draw(st.integers(1, 7))
    g = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cls = CustomizedMixedMNL if customized else MixedMNL
    return cls(rng.uniform(1, 10, n), rng.lognormal(0, 1.5, (g, n)), rng.uniform(0.5, 2, g), rng.dirichlet(np.ones(g)))


@given(mnl_models(), st.integers(0, 9))
def test_mnl_exact_methods_equal_brute_force(model, k):
    cons = {"cardinality": k}
    best = optimize(model, cons, method="brute_force").revenue
    for method in ("exact", "parametric", "sales_lp"):
        res = optimize(model, cons, method=method)
        assert res.revenue == pytest.approx(best, rel=1e-9, abs=1e-12), method
        assert res.assortment.size <= k and res.optimal
    assert optimize(model, None, method="exact").revenue == pytest.approx(
        optimize(model, None, method="brute_force").revenue, rel=1e-9, abs=1e-12
    )


@given(mnl_models(), st.integers(0, 9))
def test_threshold_greedy_guarantee_mnl(model, k):
    cons = {"cardinality": k}
    opt = optimize(model, cons, method="brute_force").revenue
    res = optimize(model, cons, method="threshold", eps=EPS)
    assert res.revenue >= (0.5 - EPS) * opt - 1e-12
    assert res.assortment.size <= k
    # post-processing picks the best subset: revenue equals the closure value
    assert res.revenue == pytest.approx(res.info["surrogate_value"], rel=1e-9, abs=1e-12)


@given(mixed_models(customized=True), st.integers(0, 7))
def test_threshold_greedy_guarantee_customized_mixture(model, k):
    cons = {"cardinality": k}
    opt = optimize(model, cons, method="brute_force").revenue
    res = optimize(model, cons, method="threshold", eps=EPS)
    assert res.revenue >= (0.5 - EPS) * opt - 1e-12


@settings(max_examples=25)
@given(st.one_of(mixed_models(), mixed_models(customized=True)), st.integers(0, 7))
def test_mixed_mnl_mip_equals_brute_force(model, k):
    cons = {"cardinality": k}
    res = optimize(model, cons, method="mip")
    assert res.optimal
    assert res.revenue == pytest.approx(optimize(model, cons, method="brute_force").revenue, rel=1e-6)


@settings(max_examples=25)
@given(st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_markov_lp_equals_brute_force(n, seed):
    model = random_markov_chain(n, seed=seed)
    res = optimize(model, None, method="markov_lp")
    assert res.revenue == pytest.approx(optimize(model, None, method="brute_force").revenue, rel=1e-8)


@given(mnl_models(max_n=7), st.integers(0, 7))
def test_heuristics_feasible_and_not_above_optimum(model, k):
    cons = {"cardinality": k}
    opt = optimize(model, cons, method="brute_force").revenue
    for method in ("adxopt", "revenue_ordered"):
        res = optimize(model, cons, method=method)
        assert res.assortment.size <= k
        assert res.revenue <= opt + 1e-12
        assert res.revenue == pytest.approx(model.revenue(res.assortment))


def test_brute_force_on_a_known_mnl():
    # Talluri and van Ryzin (2004): the unconstrained MNL optimum is revenue-ordered and
    # contains exactly the products priced above the optimal revenue R*
    model = MNL([10, 8, 6, 4], [1, 1, 1, 1])
    res = optimize(model, None, method="exact")
    assert res.revenue == 6.0 and res.assortment.tolist() == [0, 1]


@given(mixed_models(customized=True), st.integers(0, 7))
def test_segment_bound_is_an_upper_bound(model, k):
    cons = {"cardinality": k}
    res = optimize(model, cons, method="threshold")
    opt = optimize(model, cons, method="brute_force").revenue
    assert res.revenue <= opt + 1e-12 <= res.bound + 2e-12


@st.composite
def laminar_rows(draw, n):
    """Capacities on a random partition of the products plus a total cap: a laminar family,
    whose 0/1 incidence matrix is totally unimodular."""
    parts = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    rows = [[1.0 if p == q else 0.0 for p in parts] for q in range(3)]
    caps = [draw(st.integers(0, 2)) for _ in range(3)]
    return np.array(rows + [[1.0] * n]), np.array(caps + [draw(st.integers(0, n))], dtype=float)


@given(st.data())
def test_sales_lp_exact_for_totally_unimodular_rows(data):
    model = data.draw(mnl_models(max_n=7))
    cons = {"linear": data.draw(laminar_rows(model.n))}
    res = optimize(model, cons, method="exact")
    assert res.method == "sales_lp" and res.optimal
    assert res.revenue == pytest.approx(optimize(model, cons, method="brute_force").revenue, rel=1e-8, abs=1e-12)


@given(mnl_models(max_n=7), st.integers(0, 2**32 - 1))
def test_sales_lp_bound_and_mip_for_general_rows(model, seed):
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0.5, 3, model.n)
    budget = float(rng.uniform(costs.min(), costs.sum()))
    best = optimize(model, {"budget": budget, "costs": costs}, method="brute_force").revenue
    lp = optimize(model, {"linear": (costs[None, :], [budget])}, method="sales_lp")
    assert lp.bound >= best - 1e-9  # the LP relaxation always bounds the optimum
    if lp.optimal:
        assert lp.revenue == pytest.approx(best, rel=1e-8, abs=1e-12)
    mip = optimize(model, {"budget": budget, "costs": costs}, method="exact")
    assert mip.method == "mip" and mip.optimal
    # Optimal up to HiGHS's feasibility tolerance (1e-6 on the scaled x variables): on near
    # ties it may pick an assortment a few parts per million below the optimum (hypothesis
    # found MNL(n=6, v0=5) with seed 1: 1.2541182 against 1.2541230).
    assert mip.revenue == pytest.approx(best, rel=1e-5, abs=1e-12)


def test_sales_lp_returns_a_feasible_set_when_the_lp_is_fractional():
    # pairwise limits on an odd cycle are not totally unimodular: with three equal products
    # the LP optimum takes half of each, which is no assortment
    model = MNL(prices=[10.0, 10.0, 10.0], weights=[1.0, 1.0, 1.0], v0=1.0)
    a = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]])
    cons = {"linear": (a, np.ones(3))}
    res = optimize(model, cons, method="sales_lp")
    best = optimize(model, cons, method="brute_force")
    assert len(res.assortment) <= 1 and not res.optimal  # feasible; no optimality claimed
    assert res.revenue <= best.revenue + 1e-12 <= res.bound + 1e-9

"""Library set functions, the greedy family and the submodular-order check."""
import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from solvers.submodular import (
    CallableFunction,
    FacilityLocation,
    FeatureBased,
    IndependenceOracle,
    PartitionMatroid,
    WeightedCoverage,
    check_submodular_order,
    knapsack_threshold_greedy,
    lazy_greedy,
    matroid_swap_greedy,
    naive_greedy,
    stochastic_greedy,
    streaming_greedy,
    threshold_greedy,
)

EPS = 0.05


@st.composite
def functions(draw, max_n=7):
    """A random monotone submodular function of one of the library kinds."""
    n = draw(st.integers(1, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["dense", "sparse", "coverage", "feature", "ties"]))
    if kind == "dense":
        return FacilityLocation(rng.random((draw(st.integers(1, 6)), n)))
    if kind == "sparse":
        m = rng.random((5, n)) * (rng.random((5, n)) < 0.5)
        return FacilityLocation(sp.csr_matrix(m))
    if kind == "coverage":
        covers = [rng.choice(8, size=rng.integers(0, 4), replace=False) for _ in range(n)]
        return WeightedCoverage(covers, weights=rng.random(8))
    if kind == "ties":  # integer similarities make many exact ties
        return FacilityLocation(rng.integers(0, 3, (4, n)).astype(float))
    return FeatureBased(rng.random((n, 3)), concave=draw(st.sampled_from(["sqrt", "log1p", "inverse"])))


def _brute_max(f, k):
    return max(f.value(list(c)) for size in range(k + 1) for c in itertools.combinations(range(f.n), size))


@given(functions())
def test_incremental_state_matches_value(f):
    order = np.random.default_rng(0).permutation(f.n)
    state = f.new_state()
    for e in order:
        g = f.gain(state, int(e))
        before = f.value(state.items)
        assert g == pytest.approx(f.value(state.items + [int(e)]) - before, abs=1e-9)
        assert f.add(state, int(e)) == pytest.approx(g)
        assert state.value == pytest.approx(f.value(state.items), abs=1e-9)


@given(functions(), st.integers(0, 8))
def test_lazy_and_naive_greedy_identical(f, k):
    a, b = naive_greedy(f, k), lazy_greedy(f, k)
    assert a.items.tolist() == b.items.tolist()
    assert a.value == b.value
    assert b.oracle_calls <= a.oracle_calls + f.n
    # Nemhauser-Wolsey-Fisher: 1 - 1/e of the optimum
    assert a.value >= (1 - 1 / np.e) * _brute_max(f, min(k, f.n)) - 1e-9


@given(functions(), st.integers(0, 8), st.integers(0, 10_000))
def test_order_based_algorithms_guarantee(f, k, seed):
    order = np.random.default_rng(seed).permutation(f.n)
    opt = _brute_max(f, min(k, f.n))
    thr = threshold_greedy(f, k, order=order, eps=EPS)
    assert thr.value >= (0.5 - EPS) * opt - 1e-9
    assert thr.value == pytest.approx(f.value(thr.items)) and len(thr.items) <= k
    assert thr.gains.sum() == pytest.approx(thr.value)
    stream = streaming_greedy(f, k, stream=order, eps=EPS)
    assert stream.value >= (0.5 - EPS) * opt - 1e-9 and len(stream.items) <= k
    sto = stochastic_greedy(f, k, seed=seed)
    assert len(sto.items) <= k and sto.value == pytest.approx(f.value(sto.items))


@given(functions(max_n=6), st.integers(0, 10_000))
def test_monotone_submodular_passes_order_check_for_random_orders(f, seed):
    order = np.random.default_rng(seed).permutation(f.n)
    check = check_submodular_order(f, order)
    assert check.holds and check.exhaustive


def test_sampled_order_check_on_larger_ground_set():
    f = FacilityLocation(np.random.default_rng(1).random((20, 14)))
    check = check_submodular_order(f, np.arange(14), exhaustive_limit=8, samples=300, seed=0)
    assert check.holds and not check.exhaustive and check.triples_checked == 300


def test_order_check_finds_violation_of_supermodular_function():
    f = CallableFunction(lambda s: len(s) ** 2, n=4)
    check = check_submodular_order(f, [0, 1, 2, 3])
    assert not check.holds
    assert check.gain_B > check.gain_A
    assert set(check.A) <= set(check.B)
    assert min(check.C) > max(check.B)


@given(functions(max_n=6), st.integers(0, 10_000))
def test_knapsack_is_feasible_and_competitive(f, seed):
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0.5, 3, f.n)
    budget = float(rng.uniform(costs.min(), costs.sum()))
    res = knapsack_threshold_greedy(f, costs, budget)
    assert costs[res.items].sum() <= budget + 1e-12
    best = max(
        f.value(list(c))
        for size in range(f.n + 1)
        for c in itertools.combinations(range(f.n), size)
        if costs[list(c)].sum() <= budget
    )
    assert res.value >= best / 3 - 1e-9  # density threshold + best single item (empirical floor)


def test_knapsack_beats_cost_benefit_trap():
    # cost-benefit greedy takes the cheap item and cannot afford the valuable one
    f = WeightedCoverage([[0], list(range(1, 11))], weights=np.ones(11))
    res = knapsack_threshold_greedy(f, costs=[0.1, 10.0], budget=10.0)
    assert res.value == 10.0


@given(functions(max_n=6), st.integers(0, 10_000))
def test_matroid_swap_greedy_is_independent(f, seed):
    rng = np.random.default_rng(seed)
    parts = rng.integers(0, 2, f.n)
    matroid = PartitionMatroid(parts, [1, 2])
    res = matroid_swap_greedy(f, matroid, order=rng.permutation(f.n))
    assert matroid.is_independent(res.items)
    best = max(
        f.value(list(c))
        for size in range(4)
        for c in itertools.combinations(range(f.n), size)
        if matroid.is_independent(list(c))
    )
    assert res.value >= best / 4 - 1e-9  # Chakrabarti-Kale: 1/4 for monotone submodular
    uniform = IndependenceOracle(lambda s: len(s) <= 2, n=f.n)
    assert len(matroid_swap_greedy(f, uniform).items) <= 2


def test_facility_location_known_value():
    sim = np.array([[3.0, 1.0, 0.0], [0.0, 2.0, 2.0], [1.0, 0.0, 4.0]])
    f = FacilityLocation(sim)
    assert f.value([0, 2]) == 3 + 2 + 4
    assert naive_greedy(f, 1).items.tolist() == [2]  # column sums 4, 3, 6
    assert FacilityLocation(sp.csc_matrix(sim)).value([0, 2]) == 9


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: FacilityLocation(np.array([[1.0, -1.0]])), ValueError, "non-negative"),
        (lambda: FacilityLocation(np.array([[np.nan]])), ValueError, "finite"),
        (lambda: naive_greedy(FacilityLocation(np.ones((2, 2))), -1), ValueError, "k must be >= 0"),
        (lambda: lazy_greedy(lambda s: 0, 1), TypeError, "SetFunction"),
        (lambda: threshold_greedy(FacilityLocation(np.ones((2, 2))), 1, order=[0, 0]), ValueError, "permutation"),
        (lambda: threshold_greedy(FacilityLocation(np.ones((2, 2))), 1, eps=0), ValueError, "eps"),
        (lambda: knapsack_threshold_greedy(FacilityLocation(np.ones((2, 2))), [2, 3], 1), ValueError, "infeasible budget"),
        (lambda: WeightedCoverage([[0, 5]], weights=[1.0]), ValueError, "universe element 5"),
        (lambda: FeatureBased([[1.0]], concave="cube"), ValueError, "unknown concave"),
    ],
)
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()

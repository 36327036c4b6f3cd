"""Choice models: probabilities against closed forms and against each other."""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.assortment import (
    MNL,
    CustomizedMixedMNL,
    MarkovChain,
    MixedMNL,
    NestedLogit,
    closure_of,
    optimize,
)
from solvers.submodular import CallableFunction, check_submodular_order


def _all_subsets(n):
    return [list(c) for size in range(n + 1) for c in itertools.combinations(range(n), size)]


@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_mnl_is_a_markov_chain(n, seed):
    # Blanchet, Gallego and Goyal (2016): MNL is the Markov chain with lambda_i = v_i/(v0+V)
    # and rho_ij = v_j / (v0 + V - v_i); the two give the same probabilities on every set
    rng = np.random.default_rng(seed)
    v, r, v0 = rng.lognormal(0, 1, n), rng.uniform(1, 10, n), float(rng.uniform(0.5, 2))
    total = v.sum()
    rho = v[None, :] / (v0 + total - v[:, None])
    np.fill_diagonal(rho, 0.0)
    mnl, mc = MNL(r, v, v0), MarkovChain(r, v / (v0 + total), rho)
    for s in _all_subsets(n):
        assert mc.choice_probabilities(s) == pytest.approx(mnl.choice_probabilities(s), abs=1e-12)


def test_nested_logit_reduces_to_mnl_and_known_value():
    r, v = [10.0, 8.0, 6.0], [1.0, 2.0, 0.5]
    nl = NestedLogit(r, v, nests=[0, 1, 1], dissimilarity=[1.0, 1.0])
    mnl = MNL(r, v)
    for s in _all_subsets(3):
        assert nl.revenue(s) == pytest.approx(mnl.revenue(s))
    # one nest with gamma = 1/2: P(nest) = sqrt(3) / (1 + sqrt(3)), then v_i / 3 inside
    nl = NestedLogit(r, v, nests=[0, 0, 1], dissimilarity=[0.5, 1.0])
    p = nl.choice_probabilities([0, 1])
    nest = np.sqrt(3) / (1 + np.sqrt(3))
    assert p.tolist() == pytest.approx([nest / 3, 2 * nest / 3, 0.0])
    assert optimize(nl, {"cardinality": 2}, method="adxopt").revenue <= optimize(
        nl, {"cardinality": 2}, method="exact"
    ).revenue + 1e-12


@settings(max_examples=20)
@given(st.integers(1, 5), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_customized_mixture_probabilities_match_revenue(n, g, seed):
    rng = np.random.default_rng(seed)
    args = (rng.uniform(1, 10, n), rng.lognormal(0, 1, (g, n)), rng.uniform(0.5, 2, g), rng.dirichlet(np.ones(g)))
    cap, mix = CustomizedMixedMNL(*args), MixedMNL(*args)
    f = closure_of(cap)
    for s in _all_subsets(n):
        probs = cap.choice_probabilities(s)
        assert probs @ cap.prices == pytest.approx(cap.revenue(s))
        assert cap.revenue(s) == pytest.approx(f.value(s))
        # each segment's best subset is at least as good as the whole set
        assert cap.revenue(s) >= mix.revenue(s) - 1e-12
        # brute-force closure per segment equals the price-prefix formula
        best = sum(
            cap.shares[k] * max(cap.segment(k).revenue(x) for x in _all_subsets(n) if set(x) <= set(s))
            for k in range(g)
        )
        assert cap.revenue(s) == pytest.approx(best)


@given(st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_closure_state_matches_value_in_any_order(n, seed):
    rng = np.random.default_rng(seed)
    f = closure_of(MixedMNL(rng.uniform(1, 10, n), rng.lognormal(0, 1, (2, n)), [1, 1], [0.3, 0.7]))
    state = f.new_state()
    for e in rng.permutation(n):
        g = f.gain(state, int(e))
        assert f.gains(state, np.arange(n)) == pytest.approx([f.gain(state, j) for j in range(n)], abs=1e-12)
        assert g == pytest.approx(f.value(state.items + [int(e)]) - f.value(state.items), abs=1e-12)
        f.add(state, int(e))
        assert state.value == pytest.approx(f.value(state.items), abs=1e-12)


@given(st.integers(2, 7), st.integers(0, 2**32 - 1))
def test_mnl_closure_passes_raw_revenue_fails_order_check(n, seed):
    rng = np.random.default_rng(seed)
    model = MNL(rng.uniform(1, 10, n), rng.uniform(0.2, 2, n))
    f = closure_of(model)
    assert check_submodular_order(f, model.price_order()).holds
    cap = CustomizedMixedMNL(model.prices, rng.lognormal(0, 1, (3, n)), [1, 1, 1], rng.dirichlet(np.ones(3)))
    assert check_submodular_order(closure_of(cap), cap.price_order()).holds


def test_raw_mnl_revenue_fails_order_check_on_random_instances():
    # as in the shared property checks (30/30 violated): R is not even monotone
    for seed in range(10):
        rng = np.random.default_rng(seed)
        model = MNL(np.round(rng.uniform(1, 10, 6), 2), np.round(rng.uniform(0.2, 2, 6), 3))
        raw = CallableFunction(lambda s, m=model: m.revenue(sorted(s)), n=6)
        check = check_submodular_order(raw, model.price_order())
        assert not check.holds and check.gain_B > check.gain_A

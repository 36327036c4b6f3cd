"""Bad inputs raise clear errors."""
import numpy as np
import pytest

from solvers.assortment import MNL, MarkovChain, MixedMNL, optimize


@pytest.mark.parametrize(
    "prices, weights, match",
    [
        ([1, 2], [1, -1], "weights must be non-negative"),
        ([1, -2], [1, 1], "prices must be non-negative"),
        ([1, 2, 3], [1, 1], "length 2 but prices have length 3"),
        ([1, np.nan], [1, 1], "NaN"),
        ([1, 2], [np.inf, 1], "NaN or infinite"),
    ],
)
def test_bad_mnl_parameters(prices, weights, match):
    with pytest.raises(ValueError, match=match):
        MNL(prices, weights)


def test_bad_v0():
    with pytest.raises(ValueError, match="v0 must be a finite positive"):
        MNL([1], [1], v0=0.0)


def test_bad_constraints_and_methods():
    m = MNL([3, 2], [1, 1])
    with pytest.raises(ValueError, match="cardinality must be >= 0"):
        optimize(m, {"cardinality": -1})
    with pytest.raises(TypeError, match="cardinality must be a non-negative int"):
        optimize(m, {"cardinality": 1.5})
    with pytest.raises(ValueError, match="infeasible budget"):
        optimize(m, {"budget": 0.5, "costs": [1, 2]}, method="adxopt")
    with pytest.raises(ValueError, match="costs must be positive"):
        optimize(m, {"budget": 1, "costs": [0, 2]})
    with pytest.raises(ValueError, match="unknown method"):
        optimize(m, None, method="magic")
    with pytest.raises(ValueError, match="unknown constraint keys"):
        optimize(m, {"size": 2})
    with pytest.raises(TypeError, match="choice model"):
        optimize([1, 2], None)


def test_bad_mixture_and_markov():
    with pytest.raises(ValueError, match="shares must sum to 1"):
        MixedMNL([1, 2], [[1, 1]], [1], [0.5])
    with pytest.raises(ValueError, match="weights must have shape"):
        MixedMNL([1, 2], [[1, 1, 1]], [1], [1])
    with pytest.raises(ValueError, match="sum to less than 1"):
        MarkovChain([1, 2], [0.5, 0.5], [[0, 1], [0.2, 0]])
    with pytest.raises(ValueError, match="threshold method needs"):
        optimize(MarkovChain([1, 2], [0.5, 0.5], [[0, 0.5], [0.2, 0]]), {"cardinality": 1}, method="threshold")


@pytest.mark.parametrize(
    "linear, match",
    [
        (([[1, 1]], [-1]), "b must be >= 0"),
        (([[1, 1, 1]], [1]), "must have shape"),
        (([[np.nan, 1]], [1]), "finite"),
        ("rows", "pair"),
    ],
)
def test_bad_linear_constraints(linear, match):
    with pytest.raises((ValueError, TypeError), match=match):
        optimize(MNL([3, 2], [1, 1]), {"linear": linear}, method="sales_lp")


def test_method_model_mismatch():
    with pytest.raises(ValueError, match="MNL models only"):
        optimize(MixedMNL([1, 2], [[1, 1]], [1], [1]), None, method="parametric")
    with pytest.raises(ValueError, match="Markov-chain"):
        optimize(MNL([1, 2], [1, 1]), None, method="markov_lp")
    with pytest.raises(ValueError, match="one cardinality or one budget"):
        optimize(MNL([1, 2], [1, 1]), {"cardinality": 1, "budget": 3, "costs": [1, 1]}, method="threshold")


def test_optimize_many_matches_optimize_and_names_bad_items():
    from solvers.assortment import MNL, optimize, optimize_many, random_mnl

    batch = [(random_mnl(10, seed=s), {"cardinality": 3}) for s in range(3)] + [random_mnl(6, seed=9)]
    results = optimize_many(batch, executor="inline")
    singles = [optimize(batch[0][0], {"cardinality": 3}), optimize(batch[1][0], {"cardinality": 3}),
               optimize(batch[2][0], {"cardinality": 3}), optimize(batch[3])]
    assert [r.assortment.tolist() for r in results] == [r.assortment.tolist() for r in singles]
    assert [r.revenue for r in results] == [r.revenue for r in singles]
    with pytest.raises(TypeError, match=r"instances\[1\]"):
        optimize_many([MNL(prices=[1.0], weights=[1.0]), "not a model"], executor="inline")
    with pytest.raises(ValueError, match="unknown method 'simplex'"):
        optimize_many(batch, method="simplex", executor="inline")

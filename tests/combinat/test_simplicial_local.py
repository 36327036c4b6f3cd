"""The local search for witnesses of realize(): sound on every small pair, fast on dense ones."""
import importlib
import itertools
import json
import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from combinat.simplicial import degree_size_sequences, is_simplicial, prune_included, realize
from combinat.simplicial._local import local_search

realize_module = importlib.import_module("combinat.simplicial.realize")


def assert_facets(degrees, sizes, facets):
    """``facets`` (vertex collections in the order of ``sizes``) realize the pair."""
    facets = [tuple(sorted(int(v) for v in f)) for f in facets]
    assert [len(f) for f in facets] == list(sizes)
    assert is_simplicial(facets)
    counts = Counter(v for f in facets for v in f)
    assert [counts[i] for i in range(len(degrees))] == list(degrees)


def _pairs_passing_gale_ryser(n_max, m_max):
    for n in range(1, n_max + 1):
        for d in itertools.combinations_with_replacement(range(m_max, 0, -1), n):
            for m in range(1, m_max + 1):
                for s in itertools.combinations_with_replacement(range(n, 0, -1), m):
                    if sum(s) == sum(d) and realize_module.gale_ryser(np.array(d), np.array(s)):
                        yield d, s


@pytest.mark.parametrize("n_max, m_max", [
    (5, 5),
    pytest.param(6, 7, marks=pytest.mark.slow),
])
def test_local_search_against_exhaustive_enumeration(shared_data, n_max, m_max):
    # every witness it returns is valid, it returns none for a pair that has none, and it
    # finds one for nearly every realizable pair (it is not complete: small pairs with a
    # single realization up to symmetry can trap it)
    listed = json.loads((shared_data / "simplicial" / "test_vectors"
                         / "small_realizable_n6_m7.json").read_text())["realizable"]
    realizable = {(tuple(c["d"]), tuple(c["s"])) for c in listed}
    found = total = 0
    for d, s in _pairs_passing_gale_ryser(n_max, m_max):
        out = local_search(np.array(d), np.array(s), time_limit=None, max_steps=200)
        if out.facets is not None:
            assert (d, s) in realizable, (d, s)
            assert_facets(d, s, out.facets)
            found += 1
        total += (d, s) in realizable
    assert found >= 0.95 * total, (found, total)


@st.composite
def dense_antichains(draw, n_max=40):
    """Random dense antichains: n = 8-``n_max`` vertices, up to 5n facets of 2-8 vertices."""
    n = draw(st.integers(8, n_max))
    m = draw(st.integers(2 * n, 5 * n))
    top = draw(st.integers(3, min(8, n - 1)))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    raw = [rng.sample(range(n), rng.randint(2, top)) for _ in range(m)]
    return [sorted(f) for f in prune_included(raw)]


@settings(max_examples=20, deadline=None)
@given(dense_antichains(), st.randoms(use_true_random=False))
def test_realize_answers_random_dense_instances_with_checked_witnesses(facets, rng):
    degrees, sizes = degree_size_sequences(facets)
    rng.shuffle(degrees)
    rng.shuffle(sizes)
    result = realize(degrees, sizes, time_limit=60, progress=False)
    assert result.status == "realizable", result.reason
    assert_facets(degrees, sizes, result.facets)


@settings(max_examples=10, deadline=None)
@given(dense_antichains(n_max=14))
def test_the_models_symmetry_breaking_keeps_random_dense_instances_realizable(facets):
    degrees, sizes = degree_size_sequences(facets)
    result = realize(degrees, sizes, method="model", time_limit=30, progress=False)
    assert result.status != "not_realizable", (degrees, sizes)
    if result.status == "realizable":
        assert_facets(degrees, sizes, result.facets)


def test_local_search_reports_the_nested_pairs_left_when_it_fails():
    # two facets of two vertices on two vertices: equal, so one nested pair stays
    out = local_search(np.array([2, 2]), np.array([2, 2]), time_limit=None, max_steps=50)
    assert out.facets is None and out.cost == 1 and out.steps == 50


def test_local_search_is_reproducible():
    degrees = np.array([10, 8, 10, 8, 11, 14, 12, 8, 6, 11, 6, 9])
    sizes = np.array([3] * 33 + [2] * 7)
    first, second = (local_search(degrees, sizes, time_limit=10) for _ in range(2))
    assert first.steps == second.steps
    assert [f.tolist() for f in first.facets] == [f.tolist() for f in second.facets]
    assert_facets(degrees.tolist(), sizes.tolist(), first.facets)

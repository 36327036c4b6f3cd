"""Simplicial configuration model sampler: invariants, reproducibility, uniformity."""
import itertools
from collections import Counter

import pytest
from hypothesis import given, strategies as st
from scipy.stats import chisquare

from combinat.simplicial import (
    degree_size_sequences,
    is_simplicial,
    load_dataset,
    prune_included,
    read_facet_list,
    sample,
    sample_sequences,
)


def assert_same_sequences(start, samples):
    for complex_ in samples:
        assert is_simplicial(complex_)
        assert [len(f) for f in complex_] == [len(f) for f in start]
        assert degree_size_sequences(complex_) == degree_size_sequences(start)
        assert {v for f in complex_ for v in f} == {v for f in start for v in f}


@pytest.mark.parametrize("name", ["diseasome", "pollinators", "olesen_2002"])
def test_every_sample_preserves_degrees_and_sizes(name):
    start = prune_included(load_dataset(name))
    result = sample(start, n_samples=20, burn_in=2000, thinning=200, seed=7)
    assert len(result.samples) == 20 and result.proposals == 2000 + 20 * 200
    assert_same_sequences(start, result.samples)
    assert 0 < result.acceptance_rate <= 1
    assert result.samples[0] != result.samples[-1]  # the chain moves


def test_crime_samples_preserve_sequences(shared_data):
    start = read_facet_list(shared_data / "simplicial/scm_facet_lists/crime_facet_list.txt")
    result = sample(start, n_samples=10, burn_in=5000, thinning=500, seed=3)
    assert_same_sequences(start, result.samples)


@given(st.lists(st.sets(st.integers(0, 8), min_size=1, max_size=4), min_size=1, max_size=6),
       st.integers(0, 2**31 - 1))
def test_random_complexes_keep_their_sequences(raw, seed):
    start = prune_included(raw)
    result = sample(start, n_samples=5, burn_in=50, thinning=5, seed=seed)
    assert_same_sequences(start, result.samples)


def test_seed_reproducibility():
    start = prune_included(load_dataset("pollinators"))
    a = sample(start, n_samples=3, burn_in=500, seed=11).samples
    b = sample(start, n_samples=3, burn_in=500, seed=11).samples
    c = sample(start, n_samples=3, burn_in=500, seed=12).samples
    assert a == b and a != c


def _all_labelled_complexes(degrees, sizes):
    """Every facet list (F_0, .., F_m-1) with |F_j| = sizes[j], vertex v in degrees[v] facets."""
    n = len(degrees)
    out = []
    for facets in itertools.product(*(itertools.combinations(range(n), k) for k in sizes)):
        counts = Counter(v for f in facets for v in f)
        if [counts[v] for v in range(n)] == list(degrees) and is_simplicial(facets):
            out.append(facets)
    return out


def test_chain_is_uniform_on_a_small_sequence():
    # Detailed balance with a symmetric proposal makes the chain uniform over facet lists
    # (Young et al. 2017); check it against brute-force enumeration with a chi-square test.
    degrees, sizes = [2, 2, 2, 1, 1], [3, 3, 2]
    states = _all_labelled_complexes(degrees, sizes)
    assert len(states) > 10
    start = [(0, 1, 2), (0, 1, 3), (2, 4)]
    result = sample(start, n_samples=6000, burn_in=1000, thinning=20, seed=5)
    counts = Counter(tuple(tuple(f) for f in s) for s in result.samples)
    assert set(counts) <= set(states)
    observed = [counts[s] for s in states]
    assert chisquare(observed).pvalue > 1e-4


def test_sample_sequences_starts_from_realize():
    result = sample_sequences([2, 2, 2, 1, 1], [3, 3, 2], n_samples=4, seed=0)
    assert all(degree_size_sequences(s) == ([2, 2, 2, 1, 1], [3, 3, 2]) for s in result.samples)
    with pytest.raises(ValueError, match="not_realizable"):
        sample_sequences([2, 1], [1, 1, 1])


@pytest.mark.parametrize("facets, options, error, match", [
    ([(0, 1), (1,)], {}, ValueError, "prune_included"),
    ([], {}, ValueError, "empty"),
    ([(0, 1)], {"thinning": 0}, ValueError, "thinning"),
    ([(0, 1)], {"burn_in": 1.5}, TypeError, "burn_in"),
    ([(0, 1)], {"q": 0.0}, ValueError, "q must"),
    ([(0, 1)], {"l_max": 1}, ValueError, "l_max"),
])
def test_bad_arguments(facets, options, error, match):
    with pytest.raises(error, match=match):
        sample(facets, 1, **options)


def test_sample_ensemble_chains_are_seeded_and_distinct():
    from concurrent.futures import ThreadPoolExecutor

    from combinat.simplicial import degree_size_sequences, sample_ensemble

    facets = [[0, 1, 2], [1, 2, 3], [2, 3, 4], [4, 5], [0, 5]]
    runs = sample_ensemble(facets, chains=3, n_samples=5, burn_in=100, seed=4, executor="inline")
    assert len(runs) == 3 and all(len(r.samples) == 5 for r in runs)
    assert len({str(r.samples) for r in runs}) == 3  # independent chains differ
    for r in runs:  # every sample keeps the degree and size sequences
        assert all(degree_size_sequences(s) == degree_size_sequences(facets) for s in r.samples)
    with ThreadPoolExecutor(1) as ex:  # one worker thread: same seeds, same chains
        again = sample_ensemble(facets, chains=3, n_samples=5, burn_in=100, seed=4, executor=ex)
    assert [r.samples for r in again] == [r.samples for r in runs]
    with pytest.raises(ValueError, match="chains"):
        sample_ensemble(facets, chains=0)

"""The rotation hashes (``ROTATION``, ``ROTATION_EVEN``) of the CPU ranked engine.

A generating set with a rotation of positions (lrx, top_spin) gets a hash whose rank is the
offset of value 0 times the plane size ``(n-1)!`` (half that for A_n) plus the tail's rank; the hash must be a bijection onto
``range(n!)`` (``range(n!/2)`` for A_n), and growth over it must equal the plain Lehmer hash
and the hashed engine.
"""
import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cayley import CayleyGraph, growth
from cayley.bfs import _ranked_cpu as kernels
from cayley.bfs._state_space import ranked_space_for, rotation_space_for


def _parity(p):
    return sum(p[i] > p[j] for i in range(len(p)) for j in range(i + 1, len(p))) % 2


@pytest.mark.parametrize(("family", "n", "kind", "size"), [
    ("lrx", 5, kernels.ROTATION, 120),
    ("lrx", 6, kernels.ROTATION, 720),
    ("top_spin", 7, kernels.ROTATION_EVEN, 2520),  # odd n: every generator is even
    ("top_spin", 6, kernels.ROTATION, 720),
])
def test_rank_is_a_bijection_and_unrank_inverts_it(family, n, kind, size):
    graph = CayleyGraph.from_family(family, n)
    space = rotation_space_for(graph, ranked_space_for(graph))
    assert (space.kind, space.size) == (kind, size)
    perms = np.asarray(list(itertools.permutations(range(n))), dtype=np.int64)
    if kind == kernels.ROTATION_EVEN:
        perms = perms[[_parity(p) == 0 for p in perms]]
    ranks = space.rank(perms)
    assert sorted(ranks.tolist()) == list(range(size))
    codes = np.full(-(-size // 8) * 8, kernels.CURRENT, dtype=np.uint8)
    states, state_ranks = kernels.collect(codes, kernels.CURRENT, size, kind, space.tables, n)
    np.testing.assert_array_equal(state_ranks, np.arange(size))
    np.testing.assert_array_equal(space.rank(states), state_ranks)
    # the offset is the plane, rank // (size / n): value 0 sits there
    np.testing.assert_array_equal(states[np.arange(size), state_ranks // (size // n)], 0)


def test_only_generating_sets_with_a_rotation_are_rehashed():
    coxeter = CayleyGraph.from_family("coxeter", 6)
    plain = ranked_space_for(coxeter)
    assert rotation_space_for(coxeter, plain) is plain
    # A_n of even degree: the rotation by one is odd, so no rotation hash either
    even = CayleyGraph([[2, 3, 4, 5, 0, 1], [1, 2, 0, 3, 4, 5]])
    space = ranked_space_for(even)
    assert space.kind == kernels.ALTERNATING
    assert rotation_space_for(even, space) is space


def test_lrx_growth_over_the_rotation_hash():
    result = growth(CayleyGraph.from_family("lrx", 9))
    assert result.state_space == "rotation offset and tail Lehmer rank of S_9, two bits per state"
    assert sum(result.layer_sizes) == math.factorial(9)
    # diameter n(n-1)/2 with a single antipode, as for every n = 4..11 (docs/conjectures.md);
    # the layers are cross-checked against the hashed engine below
    assert result.diameter == 36
    assert result.layer_sizes[-1] == 1
    assert result.layer_sizes == growth(CayleyGraph.from_family("lrx", 9), engine="hashed").layer_sizes


@given(st.integers(4, 7), st.integers(1, 6), st.lists(st.permutations(range(7)), min_size=1, max_size=2))
def test_random_sets_with_a_rotation_match_the_hashed_engine(n, shift, extra):
    rotation = [(i + shift % (n - 1) + 1) % n for i in range(n)]
    others = [[v for v in p if v < n] for p in extra]
    graph = CayleyGraph([rotation, *others])
    ranked = growth(graph, engine="ranked")
    hashed = growth(graph, engine="hashed")
    assert ranked.layer_sizes == hashed.layer_sizes
    assert sorted(map(tuple, ranked.last_layer.tolist())) == sorted(map(tuple, hashed.last_layer.tolist()))

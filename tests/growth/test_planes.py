"""Dense layers of the rotation and Lehmer hashes, expanded plane by plane
(``cayley.bfs._planes_cpu``, byte codes; the two-bit engine's in test_two_bit.py).

The window moves' digit-tuple permutations are checked against Lehmer ranks computed from
scratch, and growth with every layer forced through the plane kernels against the hashed
engine (networkx-checked in test_engines.py).
"""
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, growth
from cayley.bfs import _planes_cpu as planes
from cayley.bfs import _ranked
from cayley.bfs import _ranked_cpu as kernels
from cayley.bfs._state_space import ranked_space_for, rotation_space_for
from cayley.ranking import alternating_rank, alternating_unrank, lehmer_rank, lehmer_unrank


@given(st.integers(2, 7), st.data())
def test_window_moves_permute_sub_blocks_as_lehmer_ranks_say(m, data):
    a = data.draw(st.integers(0, m - 2))
    b = data.draw(st.integers(a + 1, m - 1))
    gather = data.draw(st.permutations(range(a, b + 1)))
    source = planes._tuple_sources(m, a, b, tuple(gather))
    sub = math.factorial(m - 1 - b)
    block = math.factorial(m - a)
    tails = np.asarray(list(itertools.permutations(range(m))), dtype=np.int64)
    moved = tails.copy()
    moved[:, a:b + 1] = tails[:, gather]
    before, after = lehmer_rank(tails), lehmer_rank(moved)
    # the move keeps the block and the offset in the sub-block; the destination's sub-block
    # index maps back to the source's
    np.testing.assert_array_equal(before // block, after // block)
    np.testing.assert_array_equal(before % sub, after % sub)
    np.testing.assert_array_equal(source[(after % block) // sub], (before % block) // sub)


@given(st.integers(3, 7), st.data())
def test_window_moves_at_the_end_of_halved_ranks_follow_the_prefix_parity(m, data):
    a = data.draw(st.integers(0, m - 2))
    b = data.draw(st.integers(max(a + 1, m - 2), m - 1))
    gather = data.draw(st.permutations(range(a, b + 1)))
    if sum(x > y for i, x in enumerate(gather) for y in gather[i + 1:]) % 2:
        gather[0], gather[1] = gather[1], gather[0]  # an even move keeps tails even
    block = math.factorial(m - a) // 2
    tables = planes._parity_sources(m, a, b, tuple(gather)).reshape(2, block)
    tails = np.asarray([p for p in itertools.permutations(range(m))
                        if sum(x > y for i, x in enumerate(p) for y in p[i + 1:]) % 2 == 0], dtype=np.int64)
    moved = tails.copy()
    moved[:, a:b + 1] = tails[:, gather]
    before, after = alternating_rank(tails), alternating_rank(moved)
    np.testing.assert_array_equal(before // block, after // block)
    # the parity of the Lehmer digits before the window: of the full rank's quotient
    digits = np.zeros(len(tails), dtype=np.int64)
    rest = lehmer_rank(tails) // math.factorial(m - a)
    for radix in range(m - a + 1, m + 1):
        digits += rest % radix
        rest //= radix
    np.testing.assert_array_equal(tables[digits % 2, after % block], before % block)


@settings(max_examples=12)
@given(st.booleans(), st.data())
def test_tail_turns_mark_the_ranks_of_the_turned_tails(even, data):
    # any permutation of the tail positions, pushed from a random set of current tails by
    # the table kernel, against the ranks of the permuted tails computed from scratch (planes
    # of whole words, as plane_moves requires)
    m = data.draw(st.integers(6 if even else 4, 10))
    gather = np.asarray(data.draw(st.permutations(range(m))))
    if even and sum(x > y for i, x in enumerate(gather) for y in gather[i + 1:]) % 2:
        gather[[0, 1]] = gather[[1, 0]]  # an even move keeps tails even
    size = math.factorial(m) // (2 if even else 1)
    seed = data.draw(st.integers(0, 2**32 - 1))
    current = np.random.default_rng(seed).choice(size, size=min(size, 500), replace=False)
    codes = np.zeros(2 * size, dtype=np.uint8)
    codes[current] = kernels.CURRENT
    codes[size + 1] = kernels.VISITED  # not marked again
    turns = planes.tail_turns(m, even, [(0, 1, gather)])
    counts = np.zeros(size // turns.block, dtype=np.int64)
    planes.push_turns(codes, size, even, m, turns.sources, turns.first, turns.planes, turns.order,
                      turns.spread, turns.weights, turns.low, turns.masks, turns.tail_table, turns.block,
                      kernels.CURRENT, counts)
    tails = alternating_unrank(current, m) if even else lehmer_unrank(current, m)
    turned = tails[:, gather]
    expected = set((alternating_rank(turned) if even else lehmer_rank(turned)).tolist()) - {1}
    assert set(np.flatnonzero(codes[size:] == kernels.NEXT).tolist()) == expected
    assert counts.sum() == len(expected)  # exact: the VISITED state is not counted
    assert (codes[:size] != kernels.NEXT).all()


def test_lrx_moves_are_rotations_windows_and_two_turns():
    graph = CayleyGraph.from_family("lrx", 10)
    space = rotation_space_for(graph, ranked_space_for(graph))
    moves = planes.plane_moves(space.kind, 10, space.tables)
    assert moves.plane == math.factorial(9)
    how = moves.moves[:, 2].tolist()
    # L and R at every offset; X swaps two tail values except where it moves value 0 (offsets
    # 0 and 1: the whole tail turns)
    assert how.count(planes.ROTATE) == 20
    assert how.count(planes.SUB_BLOCKS) + how.count(planes.BYTE_MASKS) == 8
    assert moves.turns[0].planes.tolist() == [[0, 1], [1, 0]]
    # sub-blocks of (m-1-b)! ranks: words from 4! = 24 on, bytes below, in blocks of 2, 6,
    # 24 and 120 bytes (the window's digit tuples), held whole by groups of 8, 24, 24, 120
    words = moves.moves[moves.moves[:, 2] == planes.SUB_BLOCKS, 3]
    assert sorted(words.tolist()) == [24, 120, 720, 5040]
    masks = moves.moves[moves.moves[:, 2] == planes.BYTE_MASKS]
    assert sorted(masks[:, 4].tolist()) == [2, 6, 24, 120]
    assert sorted(masks[:, 3].tolist()) == [8, 24, 24, 120]


@given(st.integers(1, 16).flatmap(lambda b: st.tuples(st.permutations(range(b)), st.integers(1, 6))), st.data())
def test_byte_masks_send_each_current_byte_where_its_block_says(move, data):
    destination, groups = np.asarray(move[0]), move[1]
    group = math.lcm(destination.size, 8)
    if group > planes._MASK_GROUP:
        return
    codes = np.asarray(data.draw(st.lists(st.sampled_from([0, 1, 2, 3]), min_size=group * groups,
                                          max_size=group * groups)), dtype=np.uint8)
    code = data.draw(st.sampled_from([kernels.CURRENT, kernels.NEXT]))
    reached = np.zeros(codes.size // 8, dtype=np.uint64)
    planes._or_by_masks(reached, codes.view(np.uint64), planes._group_masks(destination), group // 8, code)
    expected = np.zeros(codes.size, dtype=np.uint8)
    for u in np.flatnonzero(codes == code):
        start = u - u % destination.size
        expected[start + destination[u % destination.size]] = 1
    np.testing.assert_array_equal(reached.view(np.uint8), expected)


def test_tiny_planes_are_left_to_the_per_state_kernels():
    graph = CayleyGraph.from_family("lrx", 4)  # planes of 3! = 6 bytes
    space = rotation_space_for(graph, ranked_space_for(graph))
    assert planes.plane_moves(space.kind, 4, space.tables) is None


def test_top_spin_of_odd_degree_uses_the_parity_tables():
    graph = CayleyGraph.from_family("top_spin", 11)
    space = rotation_space_for(graph, ranked_space_for(graph))
    moves = planes.plane_moves(space.kind, 11, space.tables)
    how = moves.moves[:, 2].tolist()
    assert how.count(planes.PARITY_BYTES) == 2  # offsets 4 and 5: the window reaches the end
    # offsets 0..3: the reversal moves value 0, so the tail turns
    assert moves.turns[0].planes.tolist() == [[0, 3], [1, 2], [2, 1], [3, 0]]


@pytest.fixture
def every_layer_by_planes(monkeypatch):
    monkeypatch.setattr(_ranked, "DENSE_LAYER", 1 << 62)
    calls = []
    expand = planes.expand_planes
    monkeypatch.setattr(planes, "expand_planes", lambda *args: calls.append(1) or expand(*args))
    return calls


@pytest.mark.parametrize(("family", "n"), [("lrx", 5), ("lrx", 8), ("top_spin", 7), ("top_spin", 8), ("top_spin", 9)])
def test_plane_layers_match_the_hashed_engine(every_layer_by_planes, family, n):
    graph = CayleyGraph.from_family(family, n)
    result = growth(graph, codes="byte")
    assert every_layer_by_planes
    assert result.layer_sizes == growth(graph, engine="hashed").layer_sizes
    if family == "lrx" and n == 8:  # OEIS-free check: n(n-1)/2 with a single antipode
        assert (result.diameter, result.layer_sizes[-1]) == (28, 1)


@pytest.mark.parametrize("dense", [1 << 62, 12])
@pytest.mark.parametrize(("family", "n"), [("lrx", 8), ("top_spin", 9)])
def test_plane_passes_leave_the_right_last_layer_and_mix_with_state_layers(monkeypatch, dense, family, n):
    # every layer by planes (the last ones then hold codes that were never settled) or only
    # the dense middle ones, between per-state layers (settled on the way back)
    monkeypatch.setattr(_ranked, "DENSE_LAYER", dense)
    graph = CayleyGraph.from_family(family, n)
    ranked, hashed = growth(graph, codes="byte"), growth(graph, engine="hashed")
    assert ranked.layer_sizes == hashed.layer_sizes
    assert ranked.last_layer.tolist() == sorted(hashed.last_layer.tolist())
    partial = growth(graph, codes="byte", max_layers=9)
    assert partial.layer_sizes == hashed.layer_sizes[:10]
    assert len(partial.last_layer) == hashed.layer_sizes[9]


def test_turns_into_one_plane_come_in_rounds(every_layer_by_planes):
    # swaps (0 1) and (0 2) both send value 0 to position 0, from offsets 1 and 2: two turns
    # into plane 0, counted in two rounds
    n = 8
    rotation = [(i + 1) % n for i in range(n)]
    swaps = [[1, 0, *range(2, n)], [2, 1, 0, *range(3, n)]]
    graph = CayleyGraph([rotation, np.argsort(rotation).tolist(), *swaps])
    space = rotation_space_for(graph, ranked_space_for(graph))
    moves = planes.plane_moves(space.kind, n, space.tables)
    assert len(moves.turns) == 2
    assert growth(graph, codes="byte").layer_sizes == growth(graph, engine="hashed").layer_sizes


@settings(max_examples=25)
@given(st.integers(5, 8), st.integers(1, 7), st.lists(st.permutations(range(8)), min_size=1, max_size=2),
       st.booleans())
def test_random_rotation_sets_by_planes_match_the_hashed_engine(n, shift, extra, directed):
    rotation = [(i + shift % (n - 1) + 1) % n for i in range(n)]
    _check_by_planes([rotation, *([v for v in p if v < n] for p in extra)], directed, "rotation")


def _check_by_planes(generators, directed, hash_prefix):
    """Growth with every layer by planes against the hashed engine, when the ranked engine
    picks a hash whose description starts with ``hash_prefix``; undirected: with inverses."""
    if not directed:
        generators = [*generators, *(np.argsort(g).tolist() for g in generators)]
    graph = CayleyGraph(generators)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_ranked, "DENSE_LAYER", 1 << 62)
        ranked = growth(graph, engine="ranked", codes="byte")
    if ranked.state_space.startswith(hash_prefix):
        assert ranked.layer_sizes == growth(graph, engine="hashed").layer_sizes


@pytest.mark.parametrize(("family", "n"), [("coxeter", 7), ("cyclic_coxeter", 7), ("stars", 7), ("pancake", 8),
                                         ("all_transpositions", 6)])
def test_lehmer_layers_by_planes_match_the_hashed_engine(every_layer_by_planes, family, n):
    # one plane of n! states: adjacent transpositions are window moves, windows over the whole
    # permutation (the farthest star transposition, the full prefix reversal, cyclic_coxeter's
    # (0 n-1)) turns
    graph = CayleyGraph.from_family(family, n)
    ranked, hashed = growth(graph, codes="byte"), growth(graph, engine="hashed")
    assert ranked.state_space.startswith("Lehmer") and every_layer_by_planes
    assert ranked.layer_sizes == hashed.layer_sizes
    assert ranked.last_layer.tolist() == sorted(hashed.last_layer.tolist())


@settings(max_examples=20)
@given(st.integers(6, 8), st.lists(st.permutations(range(8)), min_size=2, max_size=3), st.booleans())
def test_random_even_sets_by_planes_match_the_hashed_engine(n, perms, directed):
    # the halved Lehmer hash of A_n, where windows that reach the last two positions go by the
    # parity of the digits before them
    generators = []
    for p in perms:
        g = [v for v in p if v < n]
        if sum(x > y for i, x in enumerate(g) for y in g[i + 1:]) % 2:
            g[-2], g[-1] = g[-1], g[-2]
        generators.append(g)
    _check_by_planes(generators, directed, "halved")


def test_plane_layers_resume_from_a_checkpoint(every_layer_by_planes, tmp_path):
    graph = CayleyGraph.from_family("lrx", 8)
    full = growth(graph, engine="hashed")
    partial = growth(graph, max_layers=12, checkpoint=tmp_path)
    assert not partial.complete and partial.layer_sizes == full.layer_sizes[:13]
    resumed = growth(graph, checkpoint=tmp_path)
    assert resumed.complete and resumed.layer_sizes == full.layer_sizes
    assert sorted(map(tuple, resumed.last_layer.tolist())) == sorted(map(tuple, full.last_layer.tolist()))

"""The CPU-only ranked spaces: the alternating group's halved Lehmer ranks and the
hyperoctahedral group's signed Lehmer ranks, and BFS over them."""
import importlib.util
import math
from itertools import permutations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, growth
from cayley.bfs import _gpu_kernels as gk
from cayley.bfs import _ranked, gpu
from cayley.bfs import _ranked_cpu as kernels
from cayley.bfs._progress import LayerProgress
from cayley.bfs._state_space import _is_hyperoctahedral, bsgs_space, ranked_space_for, signed_space
from cayley.ranking import alternating_rank, alternating_unrank, lehmer_rank

from .test_engines import networkx_layers


def is_even(p) -> bool:
    """Brute force: an even number of inversions."""
    return sum(p[i] > p[j] for i in range(len(p)) for j in range(i + 1, len(p))) % 2 == 0


def cpu_space_run(graph: CayleyGraph, kind: int):
    """Layer sizes and last layer (codes, rank order) of the ranked engine over the CPU-only space."""
    space = ranked_space_for(graph)
    assert space.kind == kind
    run = _ranked.run(
        graph, space, None, 10**6, None, LayerProgress(None, False, space.size)
    )
    sizes, last, complete = run.layer_sizes, run.last_layer, run.complete
    last_complete = run.last_layer_complete
    assert last_complete and complete
    return sizes, last


def cpu_space_growth(graph: CayleyGraph, kind: int = kernels.ALTERNATING):
    """Layer sizes and last layer (sorted tuples of symbols) over the CPU-only space."""
    sizes, last = cpu_space_run(graph, kind)
    return sizes, sorted(map(tuple, graph.symbols[last].tolist()))


def hashed_growth(graph: CayleyGraph):
    result = growth(graph, engine="hashed")
    return result.layer_sizes, sorted(map(tuple, result.last_layer.tolist()))


# ---------------------------------------------------------------------- ranks
@pytest.mark.parametrize("n", range(2, 8))
def test_rank_and_unrank_are_inverse_bijections_onto_the_even_permutations(n):
    evens = [p for p in permutations(range(n)) if is_even(p)]  # lexicographic order
    ranks = np.arange(math.factorial(n) // 2)
    assert alternating_unrank(ranks, n).tolist() == [list(p) for p in evens]
    assert alternating_rank(np.asarray(evens)).tolist() == ranks.tolist()
    odds = np.asarray([p for p in permutations(range(n)) if not is_even(p)])
    assert (alternating_rank(odds) == -1).all()


@pytest.mark.parametrize("n", [9, 12, 20])
def test_large_degrees_round_trip_through_the_cached_prefix(n):
    # past 8 points the unranker caches a decoded prefix, whose parity it must keep too
    ranks = np.sort(np.random.default_rng(n).integers(0, math.factorial(n) // 2, 5000))
    states = alternating_unrank(ranks, n)
    assert all(is_even(p) for p in states[:200].tolist())
    assert (alternating_rank(states) == ranks).all()
    assert (lehmer_rank(states) >> 1 == ranks).all()


def test_bad_inputs_are_clear_errors():
    with pytest.raises(ValueError, match="degree must be in 2..20"):
        alternating_rank(np.array([[0]]))
    with pytest.raises(ValueError, match="entries must lie in 0..2"):
        alternating_rank(np.array([[0, 1, 3]]))
    with pytest.raises(ValueError, match=r"range\(4!/2\)"):
        alternating_unrank(np.array([12]), 4)
    with pytest.raises(ValueError, match="n must be in 2..20"):
        alternating_unrank(np.array([0]), 21)


# ---------------------------------------------------------------------- space choice
def test_the_space_is_chosen_only_for_exactly_the_alternating_group():
    top_spin_7 = CayleyGraph.from_family("top_spin", 7)  # odd n: even generators, A_7
    space = ranked_space_for(top_spin_7)
    assert (space.kind, space.size, space.description) == (kernels.ALTERNATING, 2520, "halved Lehmer rank of A_7")
    assert gpu.device_space(top_spin_7, space).kind == kernels.BSGS  # what the CUDA engine runs
    # top_spin 5 generates a group of order 10 only; S_n stays Lehmer
    assert ranked_space_for(CayleyGraph.from_family("top_spin", 5)).kind == kernels.BSGS
    assert ranked_space_for(CayleyGraph.from_family("top_spin", 6)).kind == kernels.LEHMER
    assert ranked_space_for(CayleyGraph.from_family("three_cycles", 6)).kind == kernels.ALTERNATING


def test_space_ranks_are_the_alternating_ranks():
    graph = CayleyGraph.from_family("top_spin", 9)
    space = ranked_space_for(graph)
    states = alternating_unrank(np.arange(0, space.size, 97), 9)
    assert (space.rank(states) == np.arange(0, space.size, 97)).all()


# ---------------------------------------------------------------------- BFS
@pytest.mark.parametrize("n", [7, 9])
def test_top_spin_odd_n_matches_the_hashed_engine(n):
    graph = CayleyGraph.from_family("top_spin", n)
    sizes, last = cpu_space_growth(graph)
    assert (sizes, last) == hashed_growth(graph)
    assert sum(sizes) == math.factorial(n) // 2


def test_top_spin_7_matches_networkx():
    graph = CayleyGraph.from_family("top_spin", 7)
    assert cpu_space_growth(graph)[0] == networkx_layers(graph)


def test_a_shuffled_start_state_is_relabelled_to_the_identity():
    graph = CayleyGraph(["(1,2,3)", "(1,2,3,4,5)"], start=[3, 4, 0, 2, 1])  # A_5
    assert cpu_space_growth(graph) == hashed_growth(graph)


def even_permutation(n: int):
    """An even permutation of 0..n-1: a drawn one, with its first two entries swapped if odd."""
    return st.permutations(list(range(n))).map(lambda p: p if is_even(p) else [p[1], p[0], *p[2:]])


@settings(max_examples=20)
@given(st.integers(3, 8).flatmap(lambda n: st.lists(even_permutation(n), min_size=1, max_size=3)))
def test_random_generating_sets_of_a_n_agree_with_the_hashed_engine_and_networkx(gens):
    graph = CayleyGraph(gens)
    n = graph.degree
    assume(graph.group.order() == math.factorial(n) // 2)
    sizes, last = cpu_space_growth(graph)
    assert (sizes, last) == hashed_growth(graph)
    if n <= 6:
        assert sizes == networkx_layers(graph)


# ---------------------------------------------------------------------- GPU fallback
def test_gpu_engine_falls_back_to_the_stabilizer_chain():
    graph = CayleyGraph.from_family("top_spin", 7)
    fallback = gpu.device_space(graph, ranked_space_for(graph))
    assert fallback.kind == kernels.BSGS and fallback.size == 2520
    assert f"#define KIND {kernels.BSGS}" in gk.kernel_source(fallback, 7, host=True)
    lehmer = ranked_space_for(CayleyGraph.from_family("pancake", 5))
    assert gpu.device_space(CayleyGraph.from_family("pancake", 5), lehmer) is lehmer


# ---------------------------------------------------------------------- signed permutations
def pair_swap(n: int) -> np.ndarray:
    return (np.arange(2 * n) + n) % (2 * n)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_signed_ranks_are_a_bijection_onto_b_n(n):
    space = signed_space(n)
    codes = np.full(space.size, kernels.CURRENT, dtype=np.uint8)
    states, ranks = kernels.collect(codes, kernels.CURRENT, space.size, space.kind, space.tables, 2 * n)
    assert len({tuple(s) for s in states.tolist()}) == space.size == 2**n * math.factorial(n)
    assert (states[:, pair_swap(n)] == pair_swap(n)[states]).all()  # each commutes with the pair swap
    assert (space.rank(states) == ranks).all() and (ranks == np.arange(space.size)).all()


def test_signed_ranks_round_trip_up_to_16_pancakes():
    from cayley.bfs._two_bit_cpu import unrank_many

    space = signed_space(16)  # 2^16 16! ~ 1.4e18, the largest that fits in int64
    ranks = np.sort(np.random.default_rng(16).integers(0, space.size, 3000))
    states = unrank_many(ranks, space.kind, space.tables, 32)
    assert (states[:, pair_swap(16)] == pair_swap(16)[states]).all()
    assert (space.rank(states) == ranks).all()


# OEIS A078941, diameters of the burnt pancake graphs: 1, 4, 6, 8, 10, 12, ...
@pytest.mark.parametrize(("n", "diameter"), [(2, 4), (3, 6), (4, 8), (5, 10), (6, 12)])
def test_burnt_pancake_matches_the_hashed_engine_and_oeis(n, diameter):
    graph = CayleyGraph.from_family("burnt_pancake", n)
    sizes, last = cpu_space_growth(graph, kernels.SIGNED)
    assert (sizes, last) == hashed_growth(graph)
    assert len(sizes) - 1 == diameter and sum(sizes) == 2**n * math.factorial(n)
    if n <= 4:
        assert sizes == networkx_layers(graph)


def test_signed_space_only_for_exactly_b_n_on_the_pairs_i_and_n_plus_i():
    burnt = CayleyGraph.from_family("burnt_pancake", 4)
    assert ranked_space_for(burnt).description == "signed Lehmer rank of B_4 (order 2^4*4!)"
    assert gpu.device_space(burnt, ranked_space_for(burnt)).kind == kernels.BSGS
    # the same group with the pairs (2i, 2i+1): same order, other structure
    relabel = np.asarray([0, 2, 4, 6, 1, 3, 5, 7])  # point i -> relabel[i]
    inverse = np.argsort(relabel)
    conjugated = CayleyGraph([relabel[g[inverse]] for g in burnt.generators])
    assert conjugated.group.order() == burnt.group.order()
    assert ranked_space_for(conjugated).kind == kernels.BSGS
    # a proper subgroup of B_4: flips of the whole stack and of the top three only
    subgroup = CayleyGraph(burnt.generators[2:])
    assert ranked_space_for(subgroup).kind == kernels.BSGS
    # ranks must fit in int64: 2^16 16! < 2^62 < 2^17 17!
    assert _is_hyperoctahedral(CayleyGraph.from_family("burnt_pancake", 16).generators, math.factorial(16) << 16)
    assert not _is_hyperoctahedral(CayleyGraph.from_family("burnt_pancake", 17).generators, math.factorial(17) << 17)
    signed = ranked_space_for(burnt)
    assert gpu.device_space(burnt, signed).kind == kernels.BSGS


# ---------------------------------------------------------------------- GPU driver on the fallback
def gpu_stand_in_kernels():
    """The NumPy reference of the GPU layer kernels, from the GPU tests' conftest."""
    spec = importlib.util.spec_from_file_location("gpu_stand_ins", Path(__file__).parents[1] / "gpu" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.NumpyKernels


@pytest.mark.parametrize(("family", "n", "kind"), [("top_spin", 7, kernels.ALTERNATING), ("burnt_pancake", 4, kernels.SIGNED)])
def test_gpu_driver_on_the_fallback_space_matches_the_cpu_space(family, n, kind):
    graph = CayleyGraph.from_family(family, n)
    space = ranked_space_for(graph)
    stand_in = gpu_stand_in_kernels()(gpu.device_space(graph, space), graph.generators)
    run = gpu.run(
        graph, space, None, 10**6, LayerProgress(None, False, None), xp=np, kernels=stand_in
    )
    sizes, last, complete = run.layer_sizes, run.last_layer, run.complete
    last_complete = run.last_layer_complete
    expected_sizes, expected_last = cpu_space_run(graph, kind)
    assert sizes == expected_sizes and last_complete and complete
    assert last.tolist() == expected_last.tolist()  # the same states in the same (CPU rank) order


def test_a_checkpoint_over_the_stabilizer_chain_is_not_resumed_as_alternating_ranks(tmp_path):
    from cayley.errors import CheckpointError

    graph = CayleyGraph.from_family("top_spin", 7)
    bsgs, alternating = bsgs_space(graph.group), ranked_space_for(graph)
    quiet = LayerProgress(None, False, None)
    assert not _ranked.run(graph, bsgs, 3, 10, tmp_path, quiet).complete  # stopped after 3 layers
    with pytest.raises(CheckpointError, match="its hash is"):  # codes of another hash: refused
        _ranked.run(graph, alternating, None, 10**6, tmp_path, quiet)
    resumed = _ranked.run(graph, bsgs, None, 10**6, tmp_path, quiet)  # its own hash resumes it
    assert resumed[0] == cpu_space_run(graph, kernels.ALTERNATING)[0]


@pytest.mark.parametrize("t", range(1, 9))
def test_tail_tables_against_brute_force(t):
    # the unranker's tables: rows in lexicographic order, their Lehmer digits and parities
    from cayley.ranking import lehmer_tail_digits, lehmer_tail_parity, lehmer_tail_table

    rows = [list(p) for p in permutations(range(t))]
    assert lehmer_tail_table(t).tolist() == rows
    digits = [[sum(p[j] < p[i] for j in range(i + 1, t)) for i in range(t)] for p in rows]
    assert lehmer_tail_digits(t).tolist() == digits
    assert lehmer_tail_parity(t).tolist() == [0 if is_even(p) else 1 for p in rows]


@pytest.mark.parametrize("t", [-1, 11])
def test_tail_tables_refuse_sizes_out_of_range(t):
    from cayley.ranking import lehmer_tail_digits, lehmer_tail_table

    with pytest.raises(ValueError, match="0..10"):
        lehmer_tail_table(t)
    with pytest.raises(ValueError, match="0..10"):
        lehmer_tail_digits(t)

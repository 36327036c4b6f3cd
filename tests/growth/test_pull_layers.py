"""The bottom-up layer kernel (``expand_layer(pull=True)``) against the top-down one.

The driver switches to the bottom-up kernel in the tail of an undirected growth; here both
compute every layer of the same search from the same codes, for each kind of perfect hash,
with small blocks so that the block bookkeeping (touched blocks, blocks with unseen states
left) is exercised too.
"""
import numpy as np
import pytest

from cayley import CayleyGraph, growth
from cayley.bfs import _ranked_cpu as kernels
from cayley.bfs import _two_bit_cpu as two_bit_kernels
from cayley.bfs._state_space import ranked_space_for, rotation_space_for

SHIFT = 6  # 64 states per block

CASES = [
    ("lrx", 7, None, kernels.LEHMER),
    ("top_spin", 7, None, kernels.ALTERNATING),
    ("burnt_pancake", 4, None, kernels.SIGNED),
    ("lrx", 8, "00110122", kernels.MULTISET),
    ("cube_2x2x2_qtm", 2, None, kernels.BSGS),
    ("lrx", 7, None, kernels.ROTATION),
    ("top_spin", 7, None, kernels.ROTATION_EVEN),
]


@pytest.mark.parametrize(("family", "n", "start", "kind"), CASES)
def test_pull_layer_equals_push_layer(family, n, start, kind):
    graph = CayleyGraph.from_family(family, n, start=start)
    assert graph.inverse_closed
    space = ranked_space_for(graph)
    if kind in (kernels.ROTATION, kernels.ROTATION_EVEN):
        space = rotation_space_for(graph, space)
    assert space.kind == kind
    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
    windows = kernels.moved_windows(gens)
    padded = -(-space.size // 64) * 64
    n_blocks = -(-padded >> SHIFT)
    codes = np.zeros(padded, dtype=np.uint8)
    codes[space.size:] = kernels.VISITED
    codes[space.rank(graph.start_codes[None, :])[0]] = kernels.CURRENT
    all_blocks = np.arange(n_blocks, dtype=np.int64)
    sizes = [1]
    while True:
        push, pull = codes.copy(), codes.copy()
        touched_push = np.zeros(n_blocks, dtype=np.bool_)
        touched_pull = np.zeros(n_blocks, dtype=np.bool_)
        active = np.unique(np.flatnonzero(codes == kernels.CURRENT) >> SHIFT).astype(np.int64)
        lines_push = np.zeros((2, padded // 64), dtype=np.uint8)
        lines_push[0] = (codes.reshape(-1, 64) == kernels.CURRENT).any(axis=1)
        lines_pull = lines_push.copy()
        kernels.expand_layer(push, active, SHIFT, gens, windows, kind, space.tables, False, touched_push,
                             np.zeros(active.shape[0], dtype=np.bool_), lines_push)
        unseen_left = np.zeros(n_blocks, dtype=np.bool_)
        kernels.expand_layer(pull, all_blocks, SHIFT, gens, windows, kind, space.tables, True, touched_pull,
                             unseen_left, lines_pull)
        np.testing.assert_array_equal(pull, push)
        # both flag exactly the lines where a state became next
        np.testing.assert_array_equal(lines_push[1], (push.reshape(-1, 64) == kernels.NEXT).any(axis=1))
        np.testing.assert_array_equal(lines_pull[1], lines_push[1])
        np.testing.assert_array_equal(touched_pull, np.isin(all_blocks, np.flatnonzero(push == kernels.NEXT) >> SHIFT))
        still_unseen = np.zeros(n_blocks, dtype=np.bool_)
        still_unseen[np.flatnonzero(pull == kernels.UNSEEN) >> SHIFT] = True
        np.testing.assert_array_equal(unseen_left, still_unseen)
        found = int((push == kernels.NEXT).sum())
        if found == 0:
            break
        sizes.append(found)
        codes = push
        codes[codes == kernels.CURRENT] = kernels.VISITED
        codes[codes == kernels.NEXT] = kernels.CURRENT
    assert sizes == growth(graph, engine="hashed").layer_sizes


@pytest.mark.parametrize("codes", ["byte", "two_bit"])
def test_pull_is_used_in_the_tail_and_gives_known_values(monkeypatch, codes):
    pulls = []
    module = kernels if codes == "byte" else two_bit_kernels
    layer = module.expand_layer
    monkeypatch.setattr(module, "expand_layer", lambda *args: pulls.append(args[7]) or layer(*args))
    result = growth(CayleyGraph.from_family("pancake", 9), codes=codes)
    assert any(pulls) and not all(pulls)  # the last layers are far smaller than the states already seen
    assert result.diameter == 10  # OEIS A058986
    assert sum(result.layer_sizes) == 362_880
    assert result.layer_sizes[-1] == 5804  # OEIS A067607: 9-stacks needing the maximum flips


@pytest.mark.parametrize("codes", ["byte", "two_bit"])
def test_directed_graphs_never_pull(monkeypatch, codes):
    pulls = []
    module = kernels if codes == "byte" else two_bit_kernels
    layer = module.expand_layer
    monkeypatch.setattr(module, "expand_layer", lambda *args: pulls.append(args[7]) or layer(*args))
    graph = CayleyGraph.from_family("lx", 7)
    assert not graph.inverse_closed
    assert growth(graph, codes=codes).layer_sizes == growth(graph, engine="hashed").layer_sizes
    assert pulls and not any(pulls)

"""Walk kernels: flips, reductions and plus transitions keep schemes valid (hypothesis)."""
import hashlib
import sys

import numpy as np
import pytest
from hypothesis import given
from numba import njit
from hypothesis import strategies as st

from solvers.flipgraph import Scheme, product, verify
from solvers.flipgraph._borrow import borrowed
from solvers.flipgraph._kernels import (
    DEAD_ENDS,
    N_COUNTERS,
    _add,
    _canonicalise,
    _drop_stale,
    _encode_pair,
    _relation,
    _remove,
    build_pairs,
    decode_pair,
    reduce_all,
    try_flip,
    walk,
    walk_serial,
)
from solvers.flipgraph._packing import check_word_width, pack_scheme, pack_vectors, unpack_scheme, unpack_vectors

STARTS = {
    "naive222": lambda: Scheme.naive(2, 2, 2),
    "strassen": Scheme.strassen,
    "naive223": lambda: Scheme.naive(2, 2, 3),
    "naive233": lambda: Scheme.naive(2, 3, 3),
    "naive333": lambda: Scheme.naive(3, 3, 3),
}


def run_walk(start, ring, seed, n_flips, plateau, plus_band, walkers=2, avoid_dead_ends=False,
             plateau_max=0, drift=False):
    ternary = ring == "zt"
    cap = start.rank + plus_band + 2
    m, s = pack_scheme(start, ternary, cap)
    masks = np.repeat(m[None], walkers, 0)
    signs = np.repeat(s[None], walkers, 0)
    bm, bs = masks.copy(), signs.copy()
    ranks = np.full(walkers, start.rank, np.int64)
    br = ranks.copy()
    rng = (np.arange(walkers, dtype=np.uint64) + np.uint64(seed)) * np.uint64(0x9E3779B97F4A7C15) | np.uint64(1)
    counters = np.zeros((walkers, N_COUNTERS), np.int64)
    walk(masks, signs, bm, bs, ranks, br, rng, counters, n_flips, plateau, plateau_max, plus_band, 0,
         ternary, avoid_dead_ends, drift)
    return masks, signs, ranks, bm, bs, br, counters


@given(
    start=st.sampled_from(sorted(STARTS)),
    ring=st.sampled_from(["gf2", "zt"]),
    seed=st.integers(0, 2**40),
    n_flips=st.integers(1, 3000),
    plateau=st.integers(1, 200),
    plus_band=st.integers(0, 3),
    avoid=st.booleans(),
    drift=st.booleans(),
    spread=st.integers(0, 300),
)
def test_random_walks_stay_valid(start, ring, seed, n_flips, plateau, plus_band, avoid, drift, spread):
    s0 = STARTS[start]()
    masks, signs, ranks, bm, bs, br, counters = run_walk(s0, ring, seed, n_flips, plateau, plus_band,
                                                         avoid_dead_ends=avoid, drift=drift,
                                                         plateau_max=plateau + spread)
    pairs = np.empty(3 * bm.shape[2] ** 2, np.int64)
    for w in range(masks.shape[0]):
        for mk, sg, r in ((masks[w], signs[w], ranks[w]), (bm[w], bs[w], br[w])):
            assert not (sg & ~mk).any(), "sign bit outside the support"
            s = unpack_scheme(*s0.format, mk, sg, int(r), ring)
            assert verify(s, ring)
            assert r <= s0.rank + plus_band
            if ring == "zt":
                assert s.is_ternary
                for a in (s.u, s.v):  # canonical: first nonzero of u and v positive
                    first = a[np.arange(len(a)), (a != 0).argmax(axis=1)]
                    assert (first == 1).all()
        assert br[w] <= min(ranks[w], s0.rank)
        if avoid and br[w] < s0.rank:  # a dead-end-avoiding walker's best always has a flip
            assert build_pairs(bm[w].copy(), bs[w].copy(), int(br[w]), pairs, ring == "zt") > 0
    if start != "strassen":  # Strassen's terms share no factor: it has no flips
        assert counters[:, 0].sum() > 0


def _split_term(s: Scheme, t: int) -> Scheme:
    """Write term t as two terms sharing u_t and v_t (w_t = e_first + rest)."""
    w1 = np.zeros_like(s.w[t])
    first = int(np.flatnonzero(s.w[t])[0])
    w1[first] = s.w[t][first]
    w2 = s.w[t] - w1
    if not w2.any():  # a single-entry w: split as w = 2 e - e is not ternary; use e + 0*... instead
        w1, w2 = s.w[t], np.zeros_like(w1)
    u = np.vstack([s.u, s.u[t]])
    v = np.vstack([s.v, s.v[t]])
    w = np.vstack([s.w, w2])
    w[t] = w1
    return Scheme(*s.format, u, v, w, s.ring)


@pytest.mark.parametrize("ring", ["gf2", "zt"])
def test_reductions_lower_the_rank(ring, shared_data):
    from solvers.flipgraph import read_scheme

    s = read_scheme(shared_data / "schemes/perminov_ZT/3x3x3_m23_c88_ZT.json").with_ring(ring)
    if ring == "gf2":
        s = Scheme(3, 3, 3, s.u % 2, s.v % 2, s.w % 2, "gf2")
    t = int(np.argmax((s.w != 0).sum(axis=1)))
    big = _split_term(_split_term(s, t), 0)  # two reducible pairs -> cascade
    assert big.rank == 25 and verify(big, ring)
    ternary = ring == "zt"
    m, sg = pack_scheme(big, ternary)
    r = reduce_all(m, sg, big.rank, ternary)
    assert r == 23
    assert verify(unpack_scheme(3, 3, 3, m, sg, r, ring), ring)


def test_zero_terms_are_removed():
    s = Scheme.strassen()
    u = np.vstack([s.u, np.zeros((1, 4), np.int64)])
    v = np.vstack([s.v, np.ones((1, 4), np.int64)])
    w = np.vstack([s.w, np.ones((1, 4), np.int64)])
    m, sg = pack_scheme(Scheme(2, 2, 2, u, v, w), True)
    assert reduce_all(m, sg, 8, True) == 7


def test_candidate_list_matches_brute_force():
    s = Scheme.naive(2, 2, 2)
    m, sg = pack_scheme(s, False)
    pairs = np.empty(3 * 8 * 7 // 2 + 1, np.int64)
    count = build_pairs(m, sg, 8, pairs, False)
    brute = {(i, j, d) for i in range(8) for j in range(i + 1, 8) for d in range(3)
             if (s.factors()[d][i] == s.factors()[d][j]).all()}
    assert count == len(brute) == 3 * 4  # each of the 4 distinct u's (v's, w's) is shared by 2 terms
    assert {tuple(int(x) for x in decode_pair(c)) for c in pairs[:count]} == brute


@given(st.lists(st.lists(st.integers(-1, 1), min_size=7, max_size=7), min_size=1, max_size=5))
def test_packing_round_trip(rows):
    a = np.array(rows, np.int64)
    mask, sign = pack_vectors(a, ternary=True)
    assert (unpack_vectors(mask, sign, 7) == a).all()
    mask2, _ = pack_vectors(a, ternary=False)
    assert (unpack_vectors(mask2, np.zeros_like(mask2), 7) == a % 2).all()


def test_word_width_errors():
    check_word_width(8, 8, 8)  # 64 entries: fits
    with pytest.raises(ValueError, match="longer than 64"):
        check_word_width(8, 9, 8)
    with pytest.raises(ValueError, match="ternary packing"):
        pack_vectors(np.array([[2, 0]]), ternary=True)


def _drop_stale_reference(pairs, i, e, j, f):
    """Plain one-entry-at-a-time swap-with-last removal (the order the walk relies on)."""
    pairs = list(pairs)
    k = 0
    while k < len(pairs):
        a, b, d = pairs[k]
        if (d == e and i in (a, b)) or (d == f and j in (a, b)):
            pairs[k] = pairs[-1]
            pairs.pop()
        else:
            k += 1
    return pairs


@given(st.data())
def test_drop_stale_keeps_the_plain_scan_order(data):
    # as in a flip: terms i != j, changed factors e != f, candidates of two distinct terms
    i, j = data.draw(st.lists(st.integers(0, 9), min_size=2, max_size=2, unique=True))
    e, f = data.draw(st.lists(st.integers(0, 2), min_size=2, max_size=2, unique=True))
    pair = st.lists(st.integers(0, 9), min_size=2, max_size=2, unique=True)
    triples = [(a, b, d) for (a, b), d in data.draw(st.lists(st.tuples(pair, st.integers(0, 2)), max_size=40))]
    codes = np.array([_encode_pair(a, b, d) for a, b, d in triples] + [0], np.int64)
    count = _drop_stale(codes, len(triples), i, e, j, f)
    kept = [tuple(int(x) for x in decode_pair(c)) for c in codes[:count]]
    assert kept == _drop_stale_reference(triples, i, e, j, f)


@given(start=st.sampled_from(["naive233", "naive333"]), ring=st.sampled_from(["gf2", "zt"]),
       seed=st.integers(1, 2**40), n_flips=st.integers(1, 300))
def test_candidate_list_stays_complete_after_flips(start, ring, seed, n_flips):
    # the list kept up to date flip by flip holds exactly the pairs a fresh build finds
    s0, ternary = STARTS[start](), ring == "zt"
    m, sg = pack_scheme(s0, ternary)
    pairs = np.empty(3 * s0.rank * (s0.rank - 1) // 2 + 1, np.int64)
    rank = s0.rank
    count = build_pairs(m, sg, rank, pairs, ternary)
    rng = np.array([seed], np.uint64)
    for _ in range(n_flips):
        flipped, rank, count = try_flip(m, sg, rank, pairs, count, rng, 0, ternary)
        if not flipped:
            break
    fresh = np.empty_like(pairs)
    fresh_count = build_pairs(m, sg, rank, fresh, ternary)

    def as_set(codes):
        return {(min(i, j), max(i, j), d) for i, j, d in (decode_pair(c) for c in codes)}

    assert count == fresh_count and as_set(pairs[:count]) == as_set(fresh[:fresh_count])


# sha256 (first 16 hex digits) of the walker arrays after walk_serial(30000 flips, plateau 500,
# plus band 2) from the naive scheme with generator states 11 and 12, recorded with the kernel
# of commit facc362: speed work on the kernel must leave every walk unchanged.
GOLDEN_WALKS = {
    ((3, 3, 3), "gf2"): "4a968db36a947962",
    ((3, 3, 3), "zt"): "58c7b6b8ebe29420",
    ((4, 4, 4), "gf2"): "09c8c599fe921963",
    ((4, 4, 4), "zt"): "9a456383b1e80332",
}


@pytest.mark.parametrize("fmt, ring", sorted(GOLDEN_WALKS))
def test_walks_are_unchanged_for_fixed_seeds(fmt, ring):
    ternary = ring == "zt"
    s = Scheme.naive(*fmt, ring)
    m, sg = pack_scheme(s, ternary, s.rank + 4)
    masks, signs = np.repeat(m[None], 2, 0), np.repeat(sg[None], 2, 0)
    best_masks, best_signs = masks.copy(), signs.copy()
    ranks = np.full(2, s.rank, np.int64)
    best_ranks = ranks.copy()
    rng = np.array([11, 12], np.uint64)
    counters = np.zeros((2, N_COUNTERS), np.int64)
    walk_serial(masks, signs, best_masks, best_signs, ranks, best_ranks, rng, counters, 30000, 500, 500, 2,
                0, ternary, False, False)
    # the golden digests predate the dead-end counter (column DEAD_ENDS, zero here)
    assert not counters[:, DEAD_ENDS].any()
    arrays = (masks, signs, best_masks, best_signs, ranks, best_ranks, rng,
              np.ascontiguousarray(counters[:, :DEAD_ENDS]))
    digest = hashlib.sha256(b"".join(a.tobytes() for a in arrays)).hexdigest()[:16]
    assert digest == GOLDEN_WALKS[(fmt, ring)]


def _reduce_term_reference(m, sg, t, rank, ternary):
    """The plain merge scan over every other term (what the vectorised prefilter must keep)."""
    for k in range(rank):
        if k == t:
            continue
        for d3 in range(3):
            d1 = 1 if d3 == 0 else 0
            d2 = 1 if d3 == 2 else 2
            s1 = _relation(m, sg, d1, t, k, ternary)
            s2 = _relation(m, sg, d2, t, k, ternary) if s1 else 0
            if s2 == 0:
                continue
            ok, mm, ss = _add(m[d3, t], sg[d3, t], m[d3, k], sg[d3, k], s1 * s2, ternary)
            if not ok:
                continue
            m[d3, t], sg[d3, t] = mm, ss
            _canonicalise(m, sg, t, ternary)
            if mm == 0:
                rank = _remove(m, sg, max(t, k), rank)
                return _remove(m, sg, min(t, k), rank)
            return _remove(m, sg, k, rank)
    return rank


def _reduce_all_reference(m, sg, rank, ternary):
    t = 0
    while t < rank:
        if (m[:, t] == 0).any():
            rank, t = _remove(m, sg, t, rank), 0
            continue
        new = _reduce_term_reference(m, sg, t, rank, ternary)
        if new < rank:
            rank, t = new, 0
            continue
        t += 1
    return rank


def _pairs_reference(m, sg, rank, ternary):
    """Every flip candidate in (i, j, d) order, by brute force."""
    return [(i, j, d) for i in range(rank) for j in range(i + 1, rank) for d in range(3)
            if m[d, i] == m[d, j] and _relation(m, sg, d, i, j, ternary) != 0]


def _walked_state(start, ring, seed, n_flips, plateau):
    """Packed current scheme of walker 0 after a walk with plus transitions (valid, reduced)."""
    s0 = STARTS[start]()
    masks, signs, ranks, *_ = run_walk(s0, ring, seed, n_flips, plateau, plus_band=2, walkers=1)
    return s0.format, masks[0].copy(), signs[0].copy(), int(ranks[0])


def _with_split_terms(fmt, m, sg, rank, ring, picks):
    """The scheme with some terms written as two terms sharing two factors (reducible)."""
    s = unpack_scheme(*fmt, m, sg, rank, ring)
    for t in picks:
        nonzero = np.flatnonzero(s.w.any(axis=1))  # a split may leave a zero term (removed later)
        s = _split_term(s, int(nonzero[t % len(nonzero)]))
    ternary = ring == "zt"
    m2, sg2 = pack_scheme(s, ternary, s.rank + 1)
    return s, m2, sg2


@given(start=st.sampled_from(["naive233", "naive333", "strassen"]), ring=st.sampled_from(["gf2", "zt"]),
       seed=st.integers(1, 2**40), n_flips=st.integers(0, 2000), plateau=st.integers(1, 100),
       picks=st.lists(st.integers(0, 40), max_size=4))
def test_reduce_all_matches_the_plain_scan(start, ring, seed, n_flips, plateau, picks):
    # reduce_all skips terms whose masks cannot merge; the merges, their order and the
    # resulting arrays must be those of the plain scan over every pair
    fmt, m, sg, rank = _walked_state(start, ring, seed, n_flips, plateau)
    s, m, sg = _with_split_terms(fmt, m, sg, rank, ring, picks)
    ternary = ring == "zt"
    m_ref, sg_ref = m.copy(), sg.copy()
    r = reduce_all(m, sg, s.rank, ternary)
    r_ref = _reduce_all_reference(m_ref, sg_ref, s.rank, ternary)
    assert r == r_ref and (m == m_ref).all() and (sg == sg_ref).all()
    assert r <= rank and verify(unpack_scheme(*fmt, m, sg, r, ring), ring)


@given(start=st.sampled_from(["naive233", "naive333", "strassen"]), ring=st.sampled_from(["gf2", "zt"]),
       seed=st.integers(1, 2**40), n_flips=st.integers(0, 2000), plateau=st.integers(1, 100))
def test_build_pairs_matches_brute_force_after_plus_transitions(start, ring, seed, n_flips, plateau):
    # walks with a short plateau make many plus transitions; the candidate list rebuilt
    # after them lists exactly the brute-force candidates, in (i, j, d) order
    fmt, m, sg, rank = _walked_state(start, ring, seed, n_flips, plateau)
    ternary = ring == "zt"
    pairs = np.empty(3 * m.shape[1] * (m.shape[1] - 1) // 2 + 1, np.int64)
    count = build_pairs(m, sg, rank, pairs, ternary)
    got = [tuple(int(x) for x in decode_pair(c)) for c in pairs[:count]]
    assert got == _pairs_reference(m, sg, rank, ternary)


@given(ring=st.sampled_from(["gf2", "zt"]), seed=st.integers(1, 2**40), n_flips=st.integers(1, 20000))
def test_strassen_square_walk_stays_valid(ring, seed, n_flips):
    # from Strassen (x) Strassen almost every move is a plus transition followed by a
    # reduction: the path that the prefiltered reduce_all / build_pairs speed up
    s0 = product(Scheme.strassen(ring), Scheme.strassen(ring))
    if ring == "gf2":
        s0 = Scheme(4, 4, 4, s0.u % 2, s0.v % 2, s0.w % 2, "gf2")
    masks, signs, ranks, bm, bs, br, counters = run_walk(s0, ring, seed, n_flips, 3000, 2)
    for w in range(masks.shape[0]):
        assert verify(unpack_scheme(4, 4, 4, masks[w], signs[w], int(ranks[w]), ring), ring)
        assert verify(unpack_scheme(4, 4, 4, bm[w], bs[w], int(br[w]), ring), ring)
        assert br[w] <= 49 and ranks[w] <= 51
    assert counters[:, 1].sum() > 0  # plus transitions were made


@pytest.mark.parametrize("ring", ["gf2", "zt"])
def test_strassen_square_plus_transitions_are_dead_ends(ring):
    # Strassen (x) Strassen has no flip; every plus transition from it is undone by a
    # reduction back into a flipless rank-49 scheme, which the dead-end rule counts and undoes
    s2 = product(Scheme.strassen(ring), Scheme.strassen(ring))
    for avoid in (False, True):
        masks, signs, ranks, bm, bs, br, counters = run_walk(s2, ring, 7, 20_000, 50, 2,
                                                             avoid_dead_ends=avoid)
        assert (br == 49).all()
        assert (counters[:, DEAD_ENDS] > 0).all() if avoid else not counters[:, DEAD_ENDS].any()
        for w in range(2):
            assert verify(unpack_scheme(4, 4, 4, masks[w], signs[w], int(ranks[w]), ring), ring)


@njit
def _bump_first(a):
    view = borrowed(a)
    view[0] += 1
    return view.shape[0], view.sum()


def test_borrowed_view_shares_the_data_and_leaves_the_count_alone():
    # the walk kernel reads and writes its arrays through borrowed views (speed, see _borrow)
    a = np.arange(4, dtype=np.int64)
    refs = sys.getrefcount(a)
    assert _bump_first(a) == (4, 7)
    assert a.tolist() == [1, 1, 2, 3]
    assert sys.getrefcount(a) == refs

"""CPU tests of the GPU flip-graph search: packing, kernel twin, host loop, backend errors."""
import sys
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley.errors import BackendUnavailableError
from solvers.flipgraph import Scheme, read_scheme, verify
from solvers.flipgraph._gpu_kernels import FLIPS, _reduce_all
from solvers.flipgraph.gpu import (
    _broadcast_best,
    cupy_available,
    numba_step,
    pack_walkers,
    run_walks,
    search_gpu,
    unpack_walker,
)

FORMATS = [(2, 2, 2), (2, 3, 4), (3, 3, 3), (4, 4, 4), (3, 4, 5)]


@st.composite
def packed_schemes(draw):
    """Random (not necessarily correct) GF(2) or canonical ternary coefficient arrays."""
    n, m, p = draw(st.sampled_from(FORMATS))
    rank = draw(st.integers(1, 12))
    ring = draw(st.sampled_from(["gf2", "zt"]))
    gen = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    low = 0 if ring == "gf2" else -1
    u, v, w = (gen.integers(low, 2, (rank, length)) for length in (n * m, m * p, p * n))
    if ring == "zt":  # first nonzero entry of u and v positive (the walk's canonical form)
        for a in (u, v):
            a[np.arange(rank), np.argmax(a != 0, axis=1)] = np.abs(a[np.arange(rank), np.argmax(a != 0, axis=1)])
    return Scheme(n, m, p, u, v, w, ring)


@settings(max_examples=60)
@given(packed_schemes(), st.integers(1, 5), st.integers(0, 4))
def test_pack_unpack_round_trip(scheme, walkers, spare):
    state = pack_walkers(scheme, walkers, scheme.rank + spare, seed=3)
    assert state.masks.shape == state.signs.shape == (3, scheme.rank + spare, walkers)
    for w in range(walkers):
        assert unpack_walker(state, w, scheme.format) == scheme
        assert unpack_walker(state, w, scheme.format, best=True) == scheme
    assert not state.masks[:, scheme.rank:].any()  # spare capacity is empty
    assert state.ternary == (scheme.ring == "zt") and (state.ternary or not state.signs.any())


def test_ternary_start_is_canonicalised_without_changing_the_tensor():
    s = Scheme.strassen("zt")  # has terms whose u or v starts with -1
    state = pack_walkers(s, 2, 9, seed=0)
    c = unpack_walker(state, 1, (2, 2, 2))
    assert c.verify("z") and c != s
    for a in (c.u, c.v):
        assert (a[np.arange(7), np.argmax(a != 0, axis=1)] == 1).all()


def test_layout_is_coalesced_and_generators_distinct():
    state = pack_walkers(Scheme.naive(4, 4, 4, "gf2"), walkers=32, capacity=70, seed=0)
    # walker index last with stride one word: adjacent threads read adjacent words
    assert state.masks.flags.c_contiguous and state.masks.strides[2] == 8
    assert len(set(state.rng.tolist())) == 32 and state.rng.all()


def test_reduce_all_removes_cancelling_and_merges_split_terms():
    strassen = Scheme.strassen("gf2")
    u, v, w = (a.copy() for a in strassen.factors())
    # a term twice cancels over GF(2); term 0 split as x y z1 + x y z2 merges back
    z1 = np.array([1, 0, 0, 0])
    u = np.vstack([u, u[3], u[3], u[0]])
    v = np.vstack([v, v[3], v[3], v[0]])
    w0 = w[0].copy()
    w[0] = (w0 + z1) % 2
    w = np.vstack([w, w[3], w[3], z1])
    padded = Scheme(2, 2, 2, u, v, w, "gf2")
    assert padded.verify() and padded.rank == 10
    state = pack_walkers(padded, 1, 12, seed=0)
    rank = _reduce_all(state.masks, state.signs, 10, 0, False)
    state.ranks[0] = rank
    reduced = unpack_walker(state, 0, (2, 2, 2))
    assert rank == 7 and reduced.verify()


def test_reduce_all_merges_ternary_terms_up_to_sign():
    s = Scheme.strassen("zt")
    u, v, w = (a.copy() for a in s.factors())
    assert (v[0] == [1, 0, 0, 1]).all()
    # term 0 as u0 (1,1,0,1) w0 + u0 (0,1,0,0) (-w0): the w factors match only up to sign
    v1, v2 = np.array([1, 1, 0, 1]), np.array([0, 1, 0, 0])
    padded = Scheme(2, 2, 2, np.vstack([u, u[0]]), np.vstack([v1, v[1:], v2]),
                    np.vstack([w, -w[0]]), "zt")
    assert padded.verify("z") and padded.rank == 8
    state = pack_walkers(padded, 1, 9, seed=0)
    assert (state.signs[2, 7, 0] ^ state.signs[2, 0, 0]) == state.masks[2, 0, 0]  # negated w
    state.ranks[0] = _reduce_all(state.masks, state.signs, 8, 0, True)
    reduced = unpack_walker(state, 0, (2, 2, 2))
    assert reduced.rank == 7 and reduced.verify("z")


@pytest.mark.parametrize("fmt, ring", [((2, 2, 3), "gf2"), ((3, 3, 3), "gf2"), ((2, 2, 3), "zt"),
                                       ((3, 3, 3), "zt")])
def test_twin_kernel_keeps_every_walker_valid(fmt, ring):
    start = Scheme.naive(*fmt, ring)
    plus_band = 2
    state = pack_walkers(start, walkers=6, capacity=start.rank + plus_band + 2, seed=11)
    for _ in range(5):
        numba_step(state, 2_000, 500, plus_band, 0)
        assert (state.best_ranks <= state.ranks).all()
        assert (state.ranks <= state.best_ranks + plus_band).all()
        for w in range(state.walkers):
            for best in (False, True):
                scheme = unpack_walker(state, w, fmt, best=best)
                # zt: exact over Z with every coefficient in {-1, 0, 1}
                assert verify(scheme, ring) and (ring == "gf2" or scheme.verify("z"))
    assert (state.counters[FLIPS] == 10_000).all()  # every walker made its full budget
    assert state.best_ranks.min() < start.rank


@pytest.mark.parametrize("ring", ["gf2", "zt"])
def test_cuda_source_matches_numba_twin_exactly(host_compiled_kernel, ring):
    """The CUDA text, built as C++ for the host, makes the same walks as the numba twin."""
    start = Scheme.naive(3, 3, 3, ring)
    states = [pack_walkers(start, walkers=8, capacity=start.rank + 4, seed=5) for _ in range(2)]
    for _ in range(4):
        host_compiled_kernel(states[0], 400, 60, 2, 0)
        numba_step(states[1], 400, 60, 2, 0)
        for name in ("masks", "signs", "best_masks", "best_signs", "ranks", "best_ranks", "rng",
                     "counters"):
            np.testing.assert_array_equal(getattr(states[0], name), getattr(states[1], name), err_msg=name)


def test_host_loop_reaches_laderman_rank_and_saves_verified(tmp_path):
    # 3x3x3 rank 23: Laderman (1976); over GF(2) no rank-22 scheme is known
    out = tmp_path / "best.json"
    seen = []
    res = run_walks(Scheme.naive(3, 3, 3, "gf2"), xp=np, step=numba_step, target=23, walkers=16,
                    time_limit=60, seed=2, out=out, report=lambda t, r, f: seen.append(r))
    assert res.reached and res.rank == 23 and res.scheme.verify()
    assert read_scheme(out) == res.scheme
    ranks = [r for _, r in res.history]
    assert ranks[0] == 27 and all(a > b for a, b in zip(ranks, ranks[1:]))
    assert seen == ranks[1:]
    assert res.flips > 0


def test_host_loop_ternary_reaches_strassen_rank():
    # 2x2x2 rank 7 over Z: Strassen (1969); the result is valid over every ring
    res = run_walks(Scheme.naive(2, 2, 2, "zt"), xp=np, step=numba_step, target=7, walkers=8,
                    time_limit=60, seed=4)
    assert res.reached and res.ring == "zt" and res.scheme.verify("z") and res.scheme.is_ternary


def test_host_loop_stops_on_flip_budget_with_honest_result():
    res = run_walks(Scheme.naive(4, 4, 4, "gf2"), xp=np, step=numba_step, target=1, walkers=4,
                    time_limit=60, max_flips=2_000, seed=0)
    assert not res.reached and res.rank > 1 and res.scheme.verify()
    assert res.flips >= 2_000


def test_broadcast_restarts_lagging_walkers_from_the_best():
    start = Scheme.naive(3, 3, 3, "gf2")
    state = pack_walkers(start, walkers=5, capacity=31, seed=1)
    numba_step(state, 3_000, 100, 2, 0)
    w = int(np.argmin(state.best_ranks))
    best = unpack_walker(state, w, (3, 3, 3), best=True)
    _broadcast_best(state, w, np)
    assert (state.best_ranks == best.rank).all()
    for v in range(5):
        assert unpack_walker(state, v, (3, 3, 3), best=True).rank == best.rank
        assert verify(unpack_walker(state, v, (3, 3, 3)), "gf2")


def test_search_gpu_numba_backend_resumes_from_a_file(tmp_path):
    first = search_gpu((2, 2, 2), target=7, walkers=8, time_limit=30, seed=1, backend="numba",
                       out=tmp_path / "s.json")
    again = search_gpu(tmp_path / "s.json", target=7, walkers=2, time_limit=5, backend="numba")
    assert first.rank == again.rank == 7 and again.history == [(0.0, 7)]


def test_cupy_backend_without_cupy_raises(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # import cupy -> ImportError
    with pytest.raises(BackendUnavailableError, match="needs CuPy"):
        search_gpu((2, 2, 2), backend="cupy")
    assert not cupy_available()
    # auto falls back to the CPU twin
    assert search_gpu((2, 2, 2), target=7, walkers=4, time_limit=30, backend="auto").reached


def test_cupy_backend_without_device_raises(monkeypatch):
    fake = types.SimpleNamespace(cuda=types.SimpleNamespace(is_available=lambda: False))
    monkeypatch.setitem(sys.modules, "cupy", fake)
    with pytest.raises(BackendUnavailableError, match="no CUDA device"):
        search_gpu((2, 2, 2), backend="cupy")


@pytest.mark.parametrize("kwargs, match", [
    (dict(ring="q"), "'gf2' or 'zt'"),
    (dict(backend="opencl"), "backend must be one of"),
    (dict(walkers=0), "walkers must be an integer from 1"),
    (dict(plus_band=-1), "plus_band"),
    (dict(time_limit=0), "time_limit"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        search_gpu((2, 2, 2), **{"backend": "numba", **kwargs})


def test_too_wide_format_is_refused():
    with pytest.raises(ValueError, match="64"):
        search_gpu((9, 8, 9), backend="numba")

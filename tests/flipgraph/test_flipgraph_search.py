"""Search driver: known results on small formats, checkpoints, executors, bad inputs."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers.flipgraph import Scheme, known_rank, known_ranks, product, read_scheme, search
from solvers.flipgraph._kernels import build_pairs
from solvers.flipgraph._packing import pack_scheme


@pytest.mark.parametrize("ring", ["gf2", "zt"])
def test_naive_2x2x2_reaches_strassen_rank(ring):
    # Strassen (1969): rank 7; Winograd (1971): 7 is optimal for 2x2x2.
    res = search((2, 2, 2), ring=ring, time_limit=600, seed=3)
    assert res.reached and res.rank == 7 == res.target
    assert res.scheme.verify(ring) and res.history[0] == (0.0, 8)


def test_3x3x3_gf2_reaches_laderman_rank(tmp_path):
    # Laderman (1976): rank 23 for 3x3x3; Kauers-Moosbauer (2022) reach it by flips from 27.
    out = tmp_path / "best.json"
    res = search((3, 3, 3), ring="gf2", target=23, time_limit=600, seed=0, out=out)
    assert res.reached and res.rank == 23
    saved = read_scheme(out)
    assert saved.rank == 23 and saved.verify("gf2") and saved.ring == "gf2"
    ranks = [r for _, r in res.history]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] == 27


@pytest.mark.slow
def test_3x3x3_zt_reaches_23():
    res = search((3, 3, 3), ring="zt", target=23, time_limit=600, seed=0, populations=2)
    assert res.reached and res.scheme.verify("zt") and res.scheme.verify("z")


def test_time_limit_gives_honest_incomplete_result():
    res = search((4, 4, 4), ring="gf2", target=40, time_limit=0.5, seed=0)
    assert not res.reached and res.rank > 40 and res.scheme.verify("gf2")
    assert res.summary()["reached"] is False


def test_resume_from_checkpoint(tmp_path):
    out = tmp_path / "ck.json"
    first = search((3, 3, 3), ring="gf2", target=25, time_limit=600, seed=1, out=out)
    assert first.reached and read_scheme(out).rank <= 25
    second = search(out, ring="gf2", target=24, time_limit=600, seed=2)
    assert second.history[0][1] == read_scheme(out).rank and second.rank <= 24


def test_executor_runs_independent_populations(tmp_path):
    with ThreadPoolExecutor(2) as ex:
        res = search((2, 2, 3), ring="gf2", populations=2, executor=ex, time_limit=600,
                     seed=5, out=tmp_path / "b.json")
    assert res.reached and res.rank == 11 and res.scheme.verify("gf2")
    assert {p.name for p in tmp_path.iterdir()} >= {"b.json"}


def test_max_flips_budget():
    res = search((3, 3, 3), ring="zt", target=1, time_limit=600, max_flips=1000, walkers=2)
    assert not res.reached and 1000 <= res.flips < 10**6


def test_known_rank_table():
    # Best known ranks (Sedoglavic catalogue / Perminov; AlphaTensor 2022 for GF(2) 4x4x4:47).
    assert known_rank(2, 2, 2) == 7 and known_rank(3, 3, 3, "zt") == 23
    assert known_rank(4, 4, 4, "gf2") == 47 and known_rank(4, 4, 4, "zt") == 49
    assert known_ranks(5, 4, 4) == known_ranks(4, 4, 5)  # permutation invariant
    assert known_rank(1, 3, 2) == 6
    with pytest.raises(ValueError, match="outside"):
        known_rank(17, 2, 2)
    with pytest.raises(ValueError, match="ring"):
        known_rank(2, 2, 2, "gf3")


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(start=(9, 9, 9)), ValueError, "longer than 64"),
    (dict(start=(2, 2, 2), ring="q"), ValueError, "gf2' or 'zt"),
    (dict(start=(2, 2, 2), walkers=0), ValueError, "walkers"),
    (dict(start=(2, 2, 2), max_flips=-5), ValueError, "max_flips"),
    (dict(start=(2, 2, 2), time_limit=0), ValueError, "time_limit"),
    (dict(start=42), TypeError, "start must be"),
    (dict(start=(2, 2, 2), avoid_dead_ends=True, backend="cupy"), ValueError, "numba backend only"),
    (dict(start=(2, 2, 2), descent_flips=1000, backend="cupy"), ValueError, "numba backend only"),
    (dict(start=(2, 2, 2), descent_flips=0), ValueError, "descent_flips"),
])
def test_bad_search_inputs(kwargs, err, match):
    start = kwargs.pop("start")
    with pytest.raises(err, match=match):
        search(start, **kwargs)


def test_invalid_start_is_refused():
    s = Scheme.naive(2, 2, 2)
    with pytest.raises(ValueError, match="not valid"):
        search(Scheme(2, 2, 2, s.u[:7], s.v[:7], s.w[:7]), ring="gf2")


def _fingerprint(res):
    return (res.rank, res.flips, res.plus_transitions, [r for _, r in res.history],
            [f.tolist() for f in res.scheme.factors()])


@pytest.mark.parametrize("ring, target, max_flips", [("gf2", 23, None), ("zt", 1, 300_000)])
def test_seeded_search_is_bit_reproducible(ring, target, max_flips):
    # the chunk and restart schedules count flips, not seconds, so the same seed gives the
    # same scheme whatever the thread count or the executor
    kw = dict(ring=ring, target=target, max_flips=max_flips, seed=7, walkers=4, time_limit=600,
              restart_flips=20_000)
    first = search((3, 3, 3), **kw)
    assert first.scheme.verify(ring)
    assert _fingerprint(search((3, 3, 3), threads=1, **kw)) == _fingerprint(first)
    with ThreadPoolExecutor(1) as ex:
        pooled = search((3, 3, 3), populations=2, executor=ex, **kw)
    inline = search((3, 3, 3), populations=2, executor="inline", **kw)
    assert _fingerprint(pooled) == _fingerprint(inline)
    if max_flips:
        assert not first.reached and first.flips >= max_flips


def test_dead_end_avoiding_search_keeps_schemes_with_flips():
    res = search((4, 4, 4), ring="gf2", target=47, walkers=2, max_flips=10_000_000, seed=1,
                 time_limit=600, avoid_dead_ends=True, backend="numba")
    assert res.scheme.verify("gf2") and res.rank < 64 and not res.reached
    masks, signs = pack_scheme(res.scheme, False)
    assert build_pairs(masks, signs, res.rank, np.empty(3 * res.rank ** 2, np.int64), False) > 0


@pytest.mark.parametrize("avoid", [False, True])
def test_dead_ends_are_counted_from_strassen_square(avoid):
    # every plus transition from Strassen (x) Strassen (no flips) reduces back into a
    # flipless rank-49 scheme: a dead end, undone and counted when avoided
    s2 = product(Scheme.strassen("gf2"), Scheme.strassen("gf2"))
    res = search(s2, ring="gf2", target=47, walkers=2, max_flips=200_000, seed=3, plateau=50,
                 time_limit=600, avoid_dead_ends=avoid, backend="numba")
    assert res.rank == 49 and res.scheme.verify("gf2") and res.plus_transitions > 0
    assert (res.dead_ends > 0) == avoid and res.summary()["dead_ends"] == res.dead_ends


@given(seed=st.integers(0, 1000), descent_flips=st.integers(256, 20_000))
@settings(max_examples=10, deadline=None)
def test_descent_flips_restarts_walks_from_the_start(seed, descent_flips):
    # path length limit: each walker starts over from the naive scheme once it has made
    # descent_flips flips (at the next chunk boundary), and the run stays seeded-reproducible
    kw = dict(ring="gf2", target=1, walkers=2, max_flips=60_000, seed=seed, time_limit=600,
              descent_flips=descent_flips, restart_flips=10**12, backend="numba")
    res = search((3, 3, 3), **kw)
    assert res.scheme.verify("gf2") and not res.reached
    assert 1 <= res.descents <= res.flips // descent_flips
    again = search((3, 3, 3), **kw)
    assert (again.rank, again.flips, again.descents) == (res.rank, res.flips, res.descents)

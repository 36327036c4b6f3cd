"""The default walk of search(): strategy rules, drifting walks, lifted zt searches (issue 24)."""
import json

import numpy as np
import pytest

import solvers.flipgraph
from solvers.flipgraph import Scheme, Strategy, default_strategy, read_scheme, search, verify
from solvers.flipgraph.__main__ import main


def test_strategy_is_public():
    assert {"Strategy", "default_strategy"} <= set(solvers.flipgraph.__all__)
    assert default_strategy.__module__ == "solvers.flipgraph._search"


def test_default_strategy_rules():
    # zt: GF(2) walks (drifting) whose schemes get signs; gf2: a drifting walk; a direct
    # ternary walk keeps the return-to-best walk
    assert default_strategy("zt") == Strategy(True, True, 1000, 20000, 4)
    assert default_strategy("gf2") == Strategy(False, True, 1000, 20000, 4)
    assert default_strategy("zt", lift=False) == Strategy(False, False, 3000, 3000, 2)
    assert default_strategy("gf2", drift=False) == Strategy(False, False, 3000, 3000, 2)
    # options given are kept, the others follow the rule
    assert default_strategy("gf2", plateau=500) == Strategy(False, True, 500, 10000, 4)
    assert default_strategy("zt", lift=False, drift=True, plus_band=3) == Strategy(False, True, 1000, 20000, 3)


@pytest.mark.parametrize("kwargs, match", [
    (dict(ring="gf2", lift=True), "lift=True"),
    (dict(ring="gf2", plateau=100, plateau_max=99), "plateau_max"),
    (dict(ring="gf2", plateau=0), "plateau"),
    (dict(ring="zt", plus_band=-1), "plus_band"),
])
def test_default_strategy_refuses_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        default_strategy(**kwargs)


@pytest.mark.parametrize("kwargs, match", [
    (dict(ring="gf2", lift=True), "lift=True"),
    (dict(ring="zt", lift=True, populations=2), "one population"),
    (dict(ring="gf2", drift=True, backend="cupy"), "numba backend only"),
    (dict(ring="gf2", plateau_max=10, plateau=20), "plateau_max"),
])
def test_search_refuses_bad_strategy_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        search((2, 2, 2), time_limit=1, **kwargs)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_default_zt_search_lifts_gf2_schemes_and_is_reproducible(seed):
    # the default zt search walks over GF(2) and assigns signs: a verified ternary 3x3x3
    # scheme of rank 23, the same one for the same seed
    res = search((3, 3, 3), ring="zt", target=23, seed=seed, time_limit=600)
    assert res.reached and res.rank == 23 and res.ring == "zt"
    assert res.scheme.is_ternary and verify(res.scheme, "zt")
    again = search((3, 3, 3), ring="zt", target=23, seed=seed, time_limit=600)
    assert again.flips == res.flips
    assert all(np.array_equal(a, b) for a, b in zip(again.scheme.factors(), res.scheme.factors()))


def test_direct_ternary_walk_is_still_available():
    res = search((2, 2, 3), ring="zt", target=11, seed=4, lift=False, time_limit=600)
    assert res.reached and res.rank == 11 and verify(res.scheme, "zt")


@pytest.mark.parametrize("drift", [False, True])
def test_gf2_walks_reach_the_target_with_and_without_drift(drift):
    res = search((3, 3, 3), ring="gf2", target=23, seed=5, drift=drift, time_limit=600)
    assert res.reached and res.rank == 23 and verify(res.scheme, "gf2")


def test_drifting_walk_is_bit_reproducible_under_a_flip_budget():
    kw = dict(ring="gf2", target=1, max_flips=200_000, seed=9, walkers=2, time_limit=600,
              drift=True, plateau=200, plateau_max=2_000, restart_flips=20_000)
    first = search((3, 3, 3), **kw)
    again = search((3, 3, 3), threads=1, **kw)
    assert first.scheme.verify("gf2") and not first.reached and first.flips >= 200_000
    assert (first.rank, first.flips, first.plus_transitions, first.history[-1][1]) == \
        (again.rank, again.flips, again.plus_transitions, again.history[-1][1])
    assert first.plus_transitions > 0


def test_lifted_search_respects_max_flips_and_saves_improvements(tmp_path):
    out = tmp_path / "zt.json"
    res = search((3, 3, 3), ring="zt", target=1, max_flips=300_000, seed=2, time_limit=600, out=out)
    assert not res.reached and res.flips >= 300_000 and res.rank < 27
    saved = read_scheme(out)
    assert saved.rank == res.rank and verify(saved, "zt")


def test_cli_search_strategy_flags(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["search", "2", "2", "3", "--ring", "zt", "--no-lift", "--no-drift", "--out", str(out),
                 "--seed", "1", "--time-limit", "600", "--quiet"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["rank"] == 11 and verify(read_scheme(out), "zt")
    assert main(["search", "2", "2", "3", "--ring", "zt", "--out", str(out), "--seed", "1",
                 "--time-limit", "600", "--quiet"]) == 0
    assert verify(read_scheme(out), "zt")


def test_strassen_start_is_kept_by_the_default_search():
    # a start at the target rank is returned as it is
    res = search(Scheme.strassen("zt"), ring="zt", target=7, time_limit=600)
    assert res.reached and res.rank == 7 and verify(res.scheme, "zt")

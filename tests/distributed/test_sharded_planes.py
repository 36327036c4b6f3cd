"""The MPI engine sharded by planes (two-bit codes, rotation hashes) against growth().

The plan and the renumbered moves are checked without MPI; the searches run under mpiexec
(skipped without the [distributed] extra) on 2 to 4 ranks, with the families whose
generating sets hold a rotation of positions (lrx, lx directed, top_spin on A_n) at the
degrees where plane passes apply (n >= 9), random generating sets with a rotation, and
kill-and-resume.
"""
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, growth
from cayley.bfs import _sharded_planes

DRIVER = str(Path(__file__).with_name("mpi_growth_driver.py"))
PLANE_CASES = [["lrx", 9, None], ["lrx", 10, None], ["lx", 9, None], ["lx", 10, None],
               ["top_spin", 9, None], ["top_spin", 10, None], ["lrx", 10, "0123456798"]]


def _graph(case):
    if isinstance(case, dict):
        return CayleyGraph(case["generators"], start=case.get("start"))
    return CayleyGraph.from_family(case[0], case[1], start=case[2])


@pytest.mark.parametrize("family,n", [("lrx", 9), ("lrx", 12), ("lx", 11), ("top_spin", 10), ("top_spin", 13)])
def test_plan_deals_every_plane_once_with_its_sources(family, n):
    """Every rank owns at least one plane, the planes are dealt once each, and a rank's
    halo is exactly the planes outside it that a move into its planes reads."""
    space, moves = _sharded_planes.plane_space(CayleyGraph.from_family(family, n))
    assert _sharded_planes.applies(space, moves, n) and not _sharded_planes.applies(space, moves, n + 1)
    edges = {(int(a), int(b)) for a, b in moves.moves[:, :2]}
    edges |= {(int(a), int(b)) for turns in moves.turns for a, b in turns.planes}
    for ranks in range(1, n + 1):
        plan = _sharded_planes.plan(moves, ranks)
        assert plan.bounds[0] == 0 and plan.bounds[-1] == n and (np.diff(plan.bounds) >= 1).all()
        for p in range(ranks):
            own = set(range(plan.bounds[p], plan.bounds[p + 1]))
            assert set(plan.halos[p].tolist()) == {a for a, b in edges if b in own and a not in own}
            assert all(plan.owner(d) == p for d in own)
        # what each rank sends is what the others receive
        sent = sorted((q, plane) for p in range(ranks) for q, plane, _ in plan.sends(p))
        received = sorted((p, plane) for p in range(ranks) for _, plane, _ in plan.receives(p))
        assert sent == received


@pytest.mark.parametrize("ranks", [2, 3])
def test_local_moves_are_the_moves_into_own_planes_renumbered(ranks):
    space, moves = _sharded_planes.plane_space(CayleyGraph.from_family("lrx", 10))
    plan = _sharded_planes.plan(moves, ranks)
    rows, turn_rows = [], []
    for p in range(ranks):
        local = _sharded_planes.local_moves(moves, plan, p)
        lo, own = plan.bounds[p], plan.bounds[p + 1] - plan.bounds[p]
        planes = np.concatenate([np.arange(lo, lo + own), plan.halos[p]])  # local slot -> plane
        assert local.first.shape == (own + 1,) and local.first[-1] == local.moves.shape[0]
        assert (local.moves[:, 1] < own).all()
        for row in local.moves:
            rows.append((int(planes[row[0]]), int(planes[row[1]]), *row[2:].tolist()))
        for turns in local.turns:
            for i, (a, b) in enumerate(turns.planes):
                turn_rows.append((int(planes[a]), int(planes[b]), turns.order[i].tolist()))
    expected = sorted((int(r[0]), int(r[1]), *r[2:].tolist()) for r in moves.moves)
    assert sorted(rows) == expected
    expected_turns = sorted((int(a), int(b), t.order[i].tolist()) for t in moves.turns
                            for i, (a, b) in enumerate(t.planes))
    assert sorted(turn_rows) == expected_turns


@pytest.fixture(scope="module")
def plane_references():
    return [growth(_graph(c), engine="ranked") for c in PLANE_CASES]


@pytest.mark.parametrize("ranks", [2, 3, 4])
def test_identical_to_single_process(mpi_json, plane_references, ranks):
    results = mpi_json(ranks, [DRIVER, json.dumps(PLANE_CASES)])
    for case, ref, got in zip(PLANE_CASES, plane_references, results):
        assert got["layer_sizes"] == ref.layer_sizes, case
        assert np.array_equal(np.asarray(got["last_layer"]).reshape(ref.last_layer.shape), ref.last_layer), case
        assert f"sharded over {ranks} MPI ranks by planes" in got["state_space"], case
    lx = results[2]["stats"]
    assert sum(lx["bytes_per_layer"]) > 0 and max(lx["rounds_per_layer"]) >= 1


def test_tiny_rounds(mpi_json, plane_references):
    """Sparse layers in rounds of 6 neighbours: many exchanges, same layers."""
    results = mpi_json(3, [DRIVER, json.dumps(PLANE_CASES[:1]), "--round-neighbours", "6"])
    assert results[0]["layer_sizes"] == plane_references[0].layer_sizes
    assert max(results[0]["stats"]["rounds_per_layer"]) > 100


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(9, 10), st.integers(1, 2), st.integers(0, 2**32 - 1), st.booleans()),
                min_size=3, max_size=3))
def test_random_generating_sets_with_a_rotation(mpi_json, sets):
    """A rotation of positions and one or two random permutations (with their inverses, or
    not: directed), on 3 ranks: the layers and last layer of growth()."""
    cases = []
    for n, extra, seed, undirected in sets:
        rng = np.random.default_rng(seed)
        gens = [np.roll(np.arange(n), 1)] + [rng.permutation(n) for _ in range(extra)]
        if undirected:
            gens += [np.argsort(g) for g in gens]
        cases.append({"generators": [g.tolist() for g in gens]})
    results = mpi_json(3, [DRIVER, json.dumps(cases)])
    for case, got in zip(cases, results):
        ref = growth(_graph(case), engine="ranked")
        assert got["layer_sizes"] == ref.layer_sizes, case
        assert np.array_equal(np.asarray(got["last_layer"]).reshape(ref.last_layer.shape), ref.last_layer), case


def test_kill_and_resume(run_mpi, mpi_json, plane_references, tmp_path):
    """One rank dies after dense layer 20 of lrx 10; the rerun resumes from the newest layer
    every shard saved and ends with the uninterrupted layers."""
    case = PLANE_CASES[1:2]
    ckpt = tmp_path / "ckpt"
    crashed = run_mpi(3, [DRIVER, json.dumps(case), "--checkpoint", str(ckpt), "--die-after", "20",
                          "--die-rank", "2"], check=False)
    assert crashed.returncode != 0
    (got,) = mpi_json(3, [DRIVER, json.dumps(case), "--checkpoint", str(ckpt)])
    assert got["layer_sizes"] == plane_references[1].layer_sizes
    assert np.array_equal(np.asarray(got["last_layer"]), plane_references[1].last_layer)
    assert 19 <= got["stats"]["resumed_from"] <= 21
    assert "by planes" in got["state_space"]


def test_a_damaged_shard_fails_every_rank(run_mpi, tmp_path):
    """A shard whose codes no longer hold its layers (one word changed) is refused on every rank."""
    case = [["lrx", 9, None]]
    ckpt = tmp_path / "ckpt"
    run_mpi(2, [DRIVER, json.dumps(case), "--checkpoint", str(ckpt), "--max-layers", "20"])
    newest = max(ckpt.glob("shard-0-of-2.codes.*.npy"), key=lambda p: int(p.name.split(".")[-2]))
    data = bytearray(newest.read_bytes())
    data[-8:] = b"\xff" * 8  # every state of the last word VISITED
    newest.write_bytes(bytes(data))
    proc = run_mpi(2, [DRIVER, json.dumps(case), "--checkpoint", str(ckpt)], check=False, timeout=120)
    assert proc.returncode != 0
    assert "damaged" in proc.stderr

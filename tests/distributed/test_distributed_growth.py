"""Distributed (MPI-sharded) growth against the single-process engine."""
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from cayley import CayleyGraph, growth

DRIVER = str(Path(__file__).with_name("mpi_growth_driver.py"))
ROOT = Path(__file__).resolve().parents[2]

# Every permutation family at a small n (the ranked engine's three hashes: Lehmer, multiset
# for the Schreier string starts, stabilizer chain for the proper subgroups), including the
# directed lx; the matrix families have no ranked space and are refused (tested below).
CASES = [
    ("lrx", 7, None), ("lx", 6, None), ("top_spin", 6, None), ("coxeter", 6, None),
    ("cyclic_coxeter", 6, None), ("all_transpositions", 6, None), ("stars", 6, None),
    ("pancake", 6, None), ("burnt_pancake", 3, None), ("full_reversals", 6, None),
    ("three_cycles", 6, None), ("all_cycles", 5, None), ("rapaport_m1", 6, None),
    ("rapaport_m2", 6, None), ("involutive_derangements", 6, None), ("globe", 1, None),
    ("lrx", 8, "00001111"), ("lx", 7, "0001112"), ("coxeter", 6, "001122"),
]


def _reference(case):
    return growth(CayleyGraph.from_family(case[0], case[1], start=case[2]), engine="ranked")


@pytest.fixture(scope="module")
def references():
    return [_reference(c) for c in CASES]


@pytest.mark.parametrize("ranks", [2, 3, 4])
def test_identical_to_single_process(mpi_json, references, ranks):
    results = mpi_json(ranks, [DRIVER, json.dumps(CASES)])
    assert len(results) == len(CASES)
    for case, ref, got in zip(CASES, references, results):
        assert got["layer_sizes"] == ref.layer_sizes, case
        assert np.array_equal(np.asarray(got["last_layer"]).reshape(ref.last_layer.shape), ref.last_layer), case
        assert got["state_space"].endswith(f"sharded over {ranks} MPI ranks")
        assert len(got["stats"]["peak_bytes_per_rank"]) == ranks
    # sanity of the reference itself: lx is directed, and S_7 has 7! elements
    assert references[0].order == 5040
    assert not CayleyGraph.from_family("lx", 6).inverse_closed


def test_exchange_accounting(mpi_json):
    """Every neighbour a rank does not own crosses the wire once, 4 bytes each."""
    (got,) = mpi_json(2, [DRIVER, json.dumps([["lrx", 7, None]])])
    sent = got["stats"]["bytes_per_layer"]
    assert len(sent) == len(got["layer_sizes"]) - 1
    assert all(b % 4 == 0 for b in sent)
    # upper bound: every state of layer d-1 sends at most 3 neighbours (3 generators)
    assert all(b <= 4 * 3 * s for b, s in zip(sent, got["layer_sizes"][:-1]))
    assert sum(sent) > 0


def test_many_small_rounds(mpi_json):
    """Tiny blocks and rounds: many exchanges per layer, same layers and last layer."""
    cases = [["lrx", 7, None], ["lx", 7, "0001112"]]
    results = mpi_json(3, [DRIVER, json.dumps(cases), "--block-size", "64", "--round-neighbours", "48"])
    for case, got in zip(cases, results):
        ref = _reference(case)
        assert got["layer_sizes"] == ref.layer_sizes
        assert np.array_equal(np.asarray(got["last_layer"]), ref.last_layer)
    assert max(results[0]["stats"]["rounds_per_layer"]) > 10


def test_kill_and_resume(run_mpi, mpi_json, tmp_path):
    """One rank dies after layer 12; rerunning on the same ranks resumes and matches."""
    case = [["lrx", 8, None]]
    ref = _reference(case[0])
    ckpt = str(tmp_path / "ckpt")
    crashed = run_mpi(3, [DRIVER, json.dumps(case), "--checkpoint", ckpt,
                          "--die-after", "12", "--die-rank", "1"], check=False)
    assert crashed.returncode != 0
    assert sorted(p.name for p in Path(ckpt).glob("*.json")) == [f"shard-{p}-of-3.json" for p in range(3)]
    saved = [max(map(int, json.loads((Path(ckpt) / f"shard-{p}-of-3.json").read_text())["generations"]))
             for p in range(3)]
    assert 11 <= min(saved) and max(saved) <= 13 and max(saved) - min(saved) <= 1
    (got,) = mpi_json(3, [DRIVER, json.dumps(case), "--checkpoint", ckpt])
    assert got["layer_sizes"] == ref.layer_sizes
    assert np.array_equal(np.asarray(got["last_layer"]), ref.last_layer)
    # the resumed run kept the first layers' timings from before the crash
    assert got["stats"]["resumed_from"] == min(saved)


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_shard_fails_every_rank_at_once(run_mpi, tmp_path, damage):
    """A truncated or missing shard file is refused on every rank together (no rank hangs)."""
    case = [["lrx", 7, None]]
    ckpt = tmp_path / "ckpt"
    run_mpi(2, [DRIVER, json.dumps(case), "--checkpoint", str(ckpt), "--max-layers", "8"])
    newest = max(ckpt.glob("shard-1-of-2.codes.*.npy"), key=lambda p: int(p.name.split(".")[-2]))
    if damage == "truncate":
        newest.write_bytes(newest.read_bytes()[:-50])
    else:
        newest.unlink()
    proc = run_mpi(2, [DRIVER, json.dumps(case), "--checkpoint", str(ckpt)], check=False, timeout=120)
    assert proc.returncode != 0
    assert "damaged" in proc.stderr and "shard-1-of-2" in proc.stderr


@pytest.mark.parametrize("seed", [*range(4), *(pytest.param(s, marks=pytest.mark.slow) for s in range(4, 16))])
def test_killed_at_a_random_moment_resumes_exactly(mpiexec, mpi_json, tmp_path, seed):
    """The whole mpiexec job killed (SIGKILL) a random time into the run; the rerun resumes
    to the uninterrupted result."""
    import random
    import signal
    import subprocess
    import time

    case = [["lrx", 9, None]]
    ref = _reference(case[0])
    ckpt = str(tmp_path / "ckpt")
    rng = random.Random(seed)
    proc = subprocess.Popen(mpiexec + ["-n", "2", sys.executable, DRIVER, json.dumps(case), "--checkpoint", ckpt,
                                       "--print-layers"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "NUMBA_NUM_THREADS": "1"},
                            start_new_session=True)
    kill_after = rng.randrange(2, len(ref.layer_sizes) - 2)
    for line in proc.stdout:
        if line.startswith("layer ") and int(line.split()[1]) >= kill_after:
            time.sleep(rng.uniform(0, 0.02))
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=120)
    (got,) = mpi_json(2, [DRIVER, json.dumps(case), "--checkpoint", ckpt])
    assert got["layer_sizes"] == ref.layer_sizes
    assert np.array_equal(np.asarray(got["last_layer"]), ref.last_layer)


def test_resume_needs_same_rank_count(run_mpi, tmp_path):
    ckpt = str(tmp_path / "ckpt")
    run_mpi(2, [DRIVER, json.dumps([["lx", 6, None]]), "--checkpoint", ckpt])
    proc = run_mpi(3, [DRIVER, json.dumps([["lx", 6, None]]), "--checkpoint", ckpt], check=False)
    assert proc.returncode != 0
    assert "written by 2 ranks" in proc.stderr


def test_single_rank_in_process():
    """Without mpiexec the search runs on one rank (mpi4py's singleton start)."""
    pytest.importorskip("mpi4py", reason="needs the [distributed] extra (mpi4py)")
    from cayley.bfs.distributed import distributed_growth

    g = CayleyGraph.from_family("lx", 6)
    stats: dict = {}
    r = distributed_growth(g, stats=stats, max_layers=4)
    ref = growth(g, max_layers=4)
    assert r.layer_sizes == ref.layer_sizes and not r.complete
    assert stats["ranks"] == 1 and sum(stats["bytes_per_layer"]) == 0  # nothing to exchange
    with pytest.raises(ValueError, match="perfect hash"):
        distributed_growth(CayleyGraph.from_family("sl2", 5))
    with pytest.raises(TypeError, match="CayleyGraph"):
        distributed_growth("lrx")
    with pytest.raises(ValueError, match="round_neighbours must be an int >= 1"):
        distributed_growth(g, round_neighbours=0)


def test_clear_error_without_mpi4py(monkeypatch):
    from cayley.errors import BackendUnavailableError
    from cayley.bfs import distributed

    monkeypatch.setitem(sys.modules, "mpi4py", None)  # import mpi4py now raises ImportError
    with pytest.raises(BackendUnavailableError, match=r"permlab\[distributed\]"):
        distributed.distributed_growth(CayleyGraph.from_family("lx", 4))

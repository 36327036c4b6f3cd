"""Searches made of independent runs give the same results on every executor.

The same ``sweep`` and flip-graph ``search`` run with no executor, a spawn-context
``ProcessPoolExecutor``, a Dask ``LocalCluster`` executor and mpi4py's ``MPIPoolExecutor``
(under mpiexec). Work items carry their parameters and seeds, so results cannot depend on
which worker ran them.
"""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

DRIVER = str(Path(__file__).with_name("mpi_executor_driver.py"))


def run_searches(executor) -> dict:
    """The comparable part of a growth sweep and a two-population flip-graph search."""
    from cayley.conjecture import sweep
    from solvers.flipgraph import search, verify

    table = sweep("pancake", range(2, 8), executor=executor)
    lx = sweep("lx", [4, 5, 6], executor=executor)
    # Strassen's rank 7 from the naive rank-8 scheme of 2x2 matrices, two seeded populations.
    found = search((2, 2, 2), ring="gf2", target=7, populations=2, time_limit=60, seed=3,
                   walkers=8, executor=executor)
    return {
        "pancake": [{k: v for k, v in row.items() if k != "seconds"} for row in table.rows],
        "pancake_layers": {str(n): sizes for n, sizes in table.layer_sizes.items()},
        "lx_layers": {str(n): sizes for n, sizes in lx.layer_sizes.items()},
        "flipgraph": {"rank": found.rank, "reached": found.reached, "target": found.target,
                      "ring": found.ring, "valid": bool(verify(found.scheme, "gf2"))},
    }


@pytest.fixture(scope="module")
def reference() -> dict:
    ref = run_searches(None)
    # known values: pancake diameters n=2..7 (OEIS A058986), Strassen's rank 7
    assert [row["diameter"] for row in ref["pancake"]] == [1, 3, 4, 5, 7, 8]
    assert ref["flipgraph"] == {"rank": 7, "reached": True, "target": 7, "ring": "gf2", "valid": True}
    return ref


def test_process_pool(reference):
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as ex:
        assert run_searches(ex) == reference


def test_dask_local_cluster(reference):
    distributed = pytest.importorskip("dask.distributed", reason="needs the [distributed] extra (dask)")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert run_searches(client.get_executor()) == reference


def test_mpi_pool_executor(reference, run_mpi):
    import json

    proc = run_mpi(3, ["-m", "mpi4py.futures", DRIVER], timeout=400)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == reference

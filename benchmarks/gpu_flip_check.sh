#!/usr/bin/env bash
# One prepared run for a GPU machine (no network; Python 3.12, cupy-cuda13x, numba, pytest
# preinstalled): the flip-graph GPU tests, then the GPU benchmark, within 8 minutes.
# Usage (repository root): PYTHONPATH=. bash benchmarks/gpu_flip_check.sh
# Logs and JSON go to $OUT when set (the device machine's return folder), else benchmarks/results.
set -u
cd "$(dirname "$0")/.."
export PYTHONPATH=.
PY=${PYTHON:-python3}
DEST=${OUT:-benchmarks/results}
mkdir -p "$DEST" benchmarks/results
status=0
{
  date -u
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
  $PY -c "import cupy, numba, numpy; print('cupy', cupy.__version__, 'numba', numba.__version__, 'numpy', numpy.__version__)"
} 2>&1 | tee "$DEST/gpu_flip_env.txt"

# 1. tests: the gpu-marked ones and the CPU ones of the same package (about 1 minute)
timeout 150 $PY -m pytest tests/flipgraph_gpu -q -m "not slow" -p no:cacheprovider -rs 2>&1 \
  | tee "$DEST/gpu_flip_tests.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# 2. benchmark: GF(2) and zt rates (GPU and CPU, same machine), 3x3x3 -> 23, 4x4x4 -> 47
#    time-boxed (about 5 minutes)
timeout 330 $PY benchmarks/flipgraph_gpu.py --rate-seconds 4 --cpu-seconds 6 --search-limit 150 \
  --json "$DEST/flipgraph_gpu.json" 2>&1 | tee "$DEST/gpu_flip_bench.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
echo "gpu_flip_check exit status $status" | tee -a "$DEST/gpu_flip_bench.txt"
exit $status

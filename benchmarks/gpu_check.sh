#!/usr/bin/env bash
# Device check of the GPU growth engine (issue 7), for a machine with one CUDA GPU and no
# network: the gpu-marked tests, then benchmarks/gpu_growth.py, within 8 minutes in all.
# Run from the working tree: `bash benchmarks/gpu_check.sh` (PYTHON=python3.12 to choose).
set -u
cd "$(dirname "$0")/.."
export PYTHONPATH=".${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-python}
TOTAL=470  # seconds, under 8 minutes with margin
start=$(date +%s)

$PY - <<'PYEOF'
import sys, numpy, cupy
props = cupy.cuda.runtime.getDeviceProperties(0)
free, total = cupy.cuda.runtime.memGetInfo()
print(f"python {sys.version.split()[0]}, numpy {numpy.__version__}, cupy {cupy.__version__}, "
      f"device {props['name'].decode() if isinstance(props['name'], bytes) else props['name']}, "
      f"{free / 1e9:.1f} of {total / 1e9:.1f} GB free")
PYEOF

# tests/conftest.py and the CPU-side tests need hypothesis; without it, run the device tests alone.
if $PY -c "import hypothesis" 2>/dev/null; then
    targets=(tests/gpu)
    options=()
else
    echo "hypothesis is missing: running tests/gpu/test_gpu_device.py only"
    targets=(tests/gpu/test_gpu_device.py)
    options=(--confcutdir=tests/gpu)
fi
echo "== pytest -m gpu ${targets[*]}"
timeout 210 $PY -m pytest -m gpu "${targets[@]}" -q -p no:cacheprovider "${options[@]}" 2>&1 | tail -30
tests_rc=${PIPESTATUS[0]}

left=$(( TOTAL - ($(date +%s) - start) ))
echo "== benchmarks/gpu_growth.py (${left} s left)"
timeout "$left" $PY benchmarks/gpu_growth.py --deadline $(( left - 20 )) --budget 200
bench_rc=$?

echo "== gpu_check: tests rc=${tests_rc} (0 = passed), benchmark rc=${bench_rc} (124 = timed out), $(( $(date +%s) - start )) s"

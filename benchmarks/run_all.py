"""Run every benchmark script in this folder, one after another (``make bench``).

Each script prints its own table and writes ``benchmarks/results/<name>.json``; reference
tools are installed by the scripts into their own virtual environments on first use. GPU
scripts (names containing ``gpu``) run only on a GPU machine: see ``gpu_check.sh``.
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name or "gpu" in script.name:
            continue
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)]).returncode != 0:
            failed.append(script.name)
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")

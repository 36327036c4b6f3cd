"""Shared test configuration: hypothesis profiles and the shared data folder."""
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The first call of a numba kernel compiles it, which exceeds any per-example deadline.
# The default profile is derandomized so that CI runs the same examples every time; use
# `HYPOTHESIS_PROFILE=thorough pytest` to explore fresh random examples.
settings.register_profile(
    "default",
    deadline=None,
    max_examples=50,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# `make test` runs these modules a second time in a process whose NUMBA_CACHE_DIR is a new,
# empty folder (marker ``cold_start``): what starts other processes (pools, command lines,
# examples) must work on a fresh install, where every process compiles its kernels.
COLD_START_MODULES = {
    "test_core_executors.py", "test_executor_threads.py", "test_core_cli.py", "test_growth_cli.py",
    "test_kill_resume.py", "test_paths_cli_and_examples.py", "test_flipgraph_search.py",
    "test_flipgraph_meta_lift_cli.py", "test_simplicial_cli.py", "test_assortment_cli_and_example.py",
}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.path.name in COLD_START_MODULES:
            item.add_marker(pytest.mark.cold_start)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ``../shared/data``; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return SHARED_DATA

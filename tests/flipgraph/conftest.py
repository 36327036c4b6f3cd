"""Fixtures for the flip-graph tests."""
import csv

import pytest


@pytest.fixture(scope="session")
def scheme_index(shared_data):
    """Rows of ``schemes/index.csv`` from the shared data (skips when absent)."""
    with open(shared_data / "schemes" / "index.csv") as f:
        return list(csv.DictReader(f))

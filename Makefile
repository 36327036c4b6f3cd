# Quick start: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

DVENV := .venv-distributed

.PHONY: demo docs test test-slow test-distributed bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The first run compiles the demo's kernels (numba caches them), announced and timed apart;
# `python -m cayley warmup` with no topic compiles every kernel of the package.
demo: $(STAMP)
	$(PY) -m cayley warmup demo
	$(PY) -m cayley demo

# The user's guide and API reference, built into site/ (needs the docs extra).
docs: $(STAMP)
	$(PY) -m pip install --quiet -e ".[docs]"
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

# The second run: the tests that start processes, with an empty numba cache (a fresh install).
test: $(STAMP)
	$(PY) -m pytest -q
	@cache=$$(mktemp -d) && echo "cold numba cache ($$cache): pytest -m cold_start" && \
	NUMBA_CACHE_DIR=$$cache $(PY) -m pytest -q -m "cold_start and not slow and not gpu"; \
	status=$$?; rm -rf $$cache; exit $$status

test-slow: $(STAMP)
	$(PY) -m pytest -q -m slow

# MPI and Dask live in their own venv so that `make test` never needs them.
$(DVENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(DVENV)
	$(DVENV)/bin/python -m pip install --quiet --upgrade pip
	$(DVENV)/bin/python -m pip install --quiet -e ".[test,distributed]"
	touch $@

test-distributed: $(DVENV)/.installed
	$(DVENV)/bin/python -m pytest -q tests/distributed cayley/bfs/distributed.py

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DVENV) build dist site *.egg-info

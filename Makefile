# Quick start: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

DVENV := .venv-distributed

.PHONY: demo test test-slow test-distributed bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m cayley demo

test: $(STAMP)
	$(PY) -m pytest -q

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
	rm -rf $(VENV) $(DVENV) build dist *.egg-info

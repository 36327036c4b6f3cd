"""The examples in the docstrings of solvers.submodular run and give the printed results."""
import doctest
import importlib
import pkgutil

import pytest

import solvers.submodular as package

MODULES = [m.name for m in pkgutil.iter_modules(package.__path__) if m.name != "__main__"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"solvers.submodular.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0

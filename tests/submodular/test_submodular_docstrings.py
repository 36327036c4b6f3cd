"""The examples in the docstrings of solvers.submodular and solvers.assortment run and give
the printed results."""
import doctest
import importlib
import pkgutil

import pytest

import solvers.assortment
import solvers.submodular

MODULES = [
    f"{package.__name__}.{m.name}"
    for package in (solvers.submodular, solvers.assortment)
    for m in pkgutil.iter_modules(package.__path__)
    if m.name != "__main__"
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0

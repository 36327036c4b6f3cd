"""permlab's core: permutations, permutation groups and Cayley-graph growth.

Examples
--------
>>> from cayley import PermutationGroup
>>> PermutationGroup(["(1,2,3,4,5)", "(1,2)"]).order()
120
"""
from cayley import perm
from cayley._errors import BackendUnavailableError, MemoryBudgetError, PermlabError
from cayley.bfs import estimate_memory, growth
from cayley.graph import CayleyGraph
from cayley.group import PermutationGroup, alternating, cyclic, dihedral, mathieu, symmetric
from cayley.growth import GrowthResult
from cayley.conjecture import FitError, QuasiPolynomialFit, SweepTable, fit_quasipolynomial, plot_diameters, plot_growth, sweep
from cayley.paths import PathNotFoundError, PathResult, beam_search, shortest_word, word_length_distribution

__all__ = [
    "FitError",
    "PathNotFoundError",
    "PathResult",
    "QuasiPolynomialFit",
    "SweepTable",
    "beam_search",
    "fit_quasipolynomial",
    "plot_diameters",
    "plot_growth",
    "shortest_word",
    "sweep",
    "word_length_distribution",
    "BackendUnavailableError",
    "CayleyGraph",
    "GrowthResult",
    "MemoryBudgetError",
    "PermlabError",
    "PermutationGroup",
    "alternating",
    "cyclic",
    "dihedral",
    "estimate_memory",
    "growth",
    "mathieu",
    "perm",
    "symmetric",
]

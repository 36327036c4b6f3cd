"""permlab's core: permutations, permutation groups and Cayley-graph growth.

Examples
--------
>>> from cayley import PermutationGroup
>>> PermutationGroup(["(1,2,3,4,5)", "(1,2)"]).order()
120
"""
from cayley import perm
from cayley._errors import BackendUnavailableError, MemoryBudgetError, PermlabError
from cayley.group import PermutationGroup, alternating, cyclic, dihedral, mathieu, symmetric

__all__ = [
    "BackendUnavailableError",
    "MemoryBudgetError",
    "PermlabError",
    "PermutationGroup",
    "alternating",
    "cyclic",
    "dihedral",
    "mathieu",
    "perm",
    "symmetric",
]

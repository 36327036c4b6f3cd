"""permlab's core: permutations, permutation groups and Cayley-graph growth.

Examples
--------
>>> from cayley import PermutationGroup
>>> PermutationGroup(["(1,2,3,4,5)", "(1,2)"]).order()
120
"""
from cayley import perm
from cayley.errors import (BackendUnavailableError, CheckpointError, FitError, InputError, MemoryBudgetError,
                           PathNotFoundError, PermlabError, WorkerError)
from cayley.bfs import MemoryEstimate, estimate_memory, growth
from cayley.graph import CayleyGraph
from cayley.group import PermutationGroup, alternating, cyclic, dihedral, mathieu, symmetric
from cayley.growth import GrowthResult

# Modules that load numba kernels, scipy or sympy are imported on first use (PEP 562), so
# `import cayley` stays fast.
_LAZY = {
    "EdgeList": "cayley.explicit",
    "ExplicitGraph": "cayley.explicit",
    "Hamming": "cayley.heuristics",
    "Heuristic": "cayley.heuristics",
    "MaxHeuristic": "cayley.heuristics",
    "PatternDatabase": "cayley.heuristics",
    "SumHeuristic": "cayley.heuristics",
    "PathResult": "cayley.paths",
    "QuasiPolynomialFit": "cayley.conjecture",
    "SweepTable": "cayley.conjecture",
    "Walks": "cayley.walks",
    "adjacency": "cayley.explicit",
    "adjacency_operator": "cayley.spectra",
    "beam_search": "cayley.paths",
    "distance_table": "cayley.walks",
    "edges": "cayley.explicit",
    "empirical_tv_to_uniform": "cayley.walks",
    "explicit": "cayley.explicit",
    "extreme_eigenvalues": "cayley.spectra",
    "fit_quasipolynomial": "cayley.conjecture",
    "full_spectrum": "cayley.spectra",
    "laplacian": "cayley.explicit",
    "pattern_databases": "cayley.heuristics",
    "plot_diameters": "cayley.conjecture",
    "plot_growth": "cayley.conjecture",
    "random_walks": "cayley.walks",
    "shortest_word": "cayley.paths",
    "spectral_gap": "cayley.spectra",
    "sweep": "cayley.conjecture",
    "to_networkx": "cayley.explicit",
    "tv_to_uniform": "cayley.walks",
    "vertex_numbering": "cayley.explicit",
    "word_length_distribution": "cayley.paths",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cayley' has no attribute {name!r}")


__all__ = [
    "adjacency",
    "adjacency_operator",
    "alternating",
    "BackendUnavailableError",
    "beam_search",
    "CayleyGraph",
    "CheckpointError",
    "cyclic",
    "dihedral",
    "distance_table",
    "EdgeList",
    "edges",
    "empirical_tv_to_uniform",
    "estimate_memory",
    "explicit",
    "ExplicitGraph",
    "extreme_eigenvalues",
    "fit_quasipolynomial",
    "FitError",
    "full_spectrum",
    "growth",
    "Hamming",
    "Heuristic",
    "InputError",
    "GrowthResult",
    "laplacian",
    "MemoryEstimate",
    "mathieu",
    "MaxHeuristic",
    "MemoryBudgetError",
    "PathNotFoundError",
    "PathResult",
    "pattern_databases",
    "PatternDatabase",
    "perm",
    "PermlabError",
    "PermutationGroup",
    "plot_diameters",
    "plot_growth",
    "QuasiPolynomialFit",
    "random_walks",
    "shortest_word",
    "spectral_gap",
    "sweep",
    "SweepTable",
    "SumHeuristic",
    "symmetric",
    "to_networkx",
    "tv_to_uniform",
    "vertex_numbering",
    "Walks",
    "word_length_distribution",
    "WorkerError",
]

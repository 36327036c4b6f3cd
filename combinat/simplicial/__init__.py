"""Simplicial complexes with prescribed degree and facet-size sequences."""
from .complexes import (
    degree_size_sequences,
    from_bipartite,
    is_simplicial,
    prune_included,
    to_bipartite,
)
from .realize import RealizationResult, realize

__all__ = [
    "RealizationResult",
    "degree_size_sequences",
    "from_bipartite",
    "is_simplicial",
    "prune_included",
    "realize",
    "to_bipartite",
]

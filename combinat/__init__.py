"""Combinatorial structures built on the permlab core: simplicial complexes with prescribed
degree and facet-size sequences (realizability, construction, sampling).

The public API is that of :mod:`combinat.simplicial`, re-exported here.

Examples
--------
>>> from combinat import realize
>>> realize([2, 2, 2], [2, 2, 2]).status
'realizable'
"""
from combinat import simplicial
from combinat.simplicial import *  # noqa: F403  (the names listed in simplicial.__all__)

__all__ = list(simplicial.__all__)

"""Predefined generating sets by name: permutation families, puzzles and matrix groups mod p.

Every family is a function of one integer ``n`` returning a :class:`GeneratorSet` of
named generators; :func:`generators` looks a family up by name, :func:`family_names`
lists them and :func:`family_info` describes one (kind, range of n, extra parameters,
source). Permutations are 0-based image arrays and act on states by gathering,
``new_state = state[p]``; matrices have entries in ``[0, p)``.

Examples
--------
>>> from cayley.generators import generators
>>> g = generators("pancake", 4)
>>> g.names, g.inverse_closed
(('R1', 'R2', 'R3'), True)
"""
from cayley.generators._base import FamilyInfo, GeneratorSet
from cayley.generators._involutions import involutive_derangements, rapaport_m1, rapaport_m2
from cayley.generators._matrix import heisenberg, sl2, ut
from cayley.generators._puzzles import cube_2x2x2_htm, cube_2x2x2_qtm, cube_3x3x3_htm, cube_3x3x3_qtm, globe
from cayley.generators._registry import family_info, family_names, generators
from cayley.generators._symmetric import (
    all_cycles,
    all_transpositions,
    burnt_pancake,
    coxeter,
    cyclic_coxeter,
    full_reversals,
    lrx,
    lx,
    pancake,
    stars,
    three_cycles,
    top_spin,
)

__all__ = [
    "FamilyInfo",
    "GeneratorSet",
    "all_cycles",
    "all_transpositions",
    "burnt_pancake",
    "coxeter",
    "cube_2x2x2_htm",
    "cube_2x2x2_qtm",
    "cube_3x3x3_htm",
    "cube_3x3x3_qtm",
    "cyclic_coxeter",
    "family_info",
    "family_names",
    "full_reversals",
    "generators",
    "globe",
    "heisenberg",
    "involutive_derangements",
    "lrx",
    "lx",
    "pancake",
    "rapaport_m1",
    "rapaport_m2",
    "sl2",
    "stars",
    "three_cycles",
    "top_spin",
    "ut",
]

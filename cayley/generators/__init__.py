"""Predefined generating sets by name: permutation families, puzzles and matrix groups mod m.

Every family is a function of one integer ``n`` returning a :class:`GeneratorSet` of
named generators; :func:`generators` looks a family up by name, :func:`family_names`
lists them, :func:`family_info` describes one (kind, range of n, extra parameters,
source) and :func:`families_table` gives one row per family for listings. Puzzles in GAP
format load with :func:`load_gap_file`; the 92 shipped ones are the families ``gap:<name>``.
Permutations are 0-based image arrays and act on states by gathering,
``new_state = state[p]``; matrices have entries in ``[0, m)``.

Examples
--------
>>> from cayley.generators import generators
>>> g = generators("pancake", 4)
>>> g.names, g.inverse_closed
(('R1', 'R2', 'R3'), True)
"""
from cayley.generators._base import FamilyInfo, GeneratorSet
from cayley.generators._block_moves import (
    block_interchange,
    cubic_pancake,
    generalized_stars,
    signed_reversals,
    transposons,
)
from cayley.generators._catalogue import families_table, parse_params
from cayley.generators._classes import conjugacy_classes, derangements, rand_generators
from cayley.generators._coxeter_types import coxeter_b, coxeter_d
from cayley.generators._cube import rubik_cube
from cayley.generators._cycle_sets import (
    consecutive_k_cycles,
    down_cycles,
    increasing_k_cycles,
    larx,
    lsl_cycles,
    prefix_cycles,
    three_cycles_01i,
    three_cycles_0ij,
    wrapped_k_cycles,
)
from cayley.generators._gap import gap_puzzle_names, load_gap_file, parse_gap
from cayley.generators._hungarian import hungarian_rings
from cayley.generators._involutions import (
    involutive_derangements,
    koltsov3,
    rapaport_m1,
    rapaport_m2,
    sheveleva2,
)
from cayley.generators._matrix import (
    heisenberg,
    sl2,
    special_linear_fundamental_roots,
    special_linear_root_weyl,
    ut,
)
from cayley.generators._named_puzzles import (
    megaminx,
    mini_pyramorphix,
    picture_cube333,
    pyraminx,
    starminx,
    starminx_2,
)
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
    "block_interchange",
    "burnt_pancake",
    "conjugacy_classes",
    "consecutive_k_cycles",
    "coxeter",
    "coxeter_b",
    "coxeter_d",
    "cube_2x2x2_htm",
    "cube_2x2x2_qtm",
    "cube_3x3x3_htm",
    "cube_3x3x3_qtm",
    "cubic_pancake",
    "cyclic_coxeter",
    "derangements",
    "down_cycles",
    "families_table",
    "family_info",
    "family_names",
    "full_reversals",
    "gap_puzzle_names",
    "generalized_stars",
    "generators",
    "globe",
    "heisenberg",
    "hungarian_rings",
    "increasing_k_cycles",
    "involutive_derangements",
    "koltsov3",
    "larx",
    "load_gap_file",
    "lrx",
    "lsl_cycles",
    "lx",
    "megaminx",
    "mini_pyramorphix",
    "pancake",
    "parse_gap",
    "parse_params",
    "picture_cube333",
    "prefix_cycles",
    "pyraminx",
    "rand_generators",
    "rapaport_m1",
    "rapaport_m2",
    "rubik_cube",
    "sheveleva2",
    "signed_reversals",
    "sl2",
    "special_linear_fundamental_roots",
    "special_linear_root_weyl",
    "stars",
    "starminx",
    "starminx_2",
    "three_cycles",
    "three_cycles_01i",
    "three_cycles_0ij",
    "top_spin",
    "transposons",
    "ut",
    "wrapped_k_cycles",
]

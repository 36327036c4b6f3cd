"""Flip-graph search for matrix-multiplication schemes over GF(2) and ternary coefficients."""
import os

# numba's OpenMP workers spin between parallel calls by default, which starves them on a
# busy machine (measured: ~20 ms per walk call on a loaded 2-core box, ~2 ms with PASSIVE).
# It must be set before numba starts its thread pool; an explicit user setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# ruff: noqa: E402
from ._known import known_rank, known_ranks
from ._io import read_alphatensor, read_alphatensor_all, read_scheme, scheme_to_text, write_scheme
from ._lift import LiftResult, assign_signs, hensel_lift, lift
from ._meta import cyclic, direct_sum, extend, permute, product, project, strassen_start, transpose
from ._canonical import canonical_form
from ._equivalence import (InequivalentSet, SchemeClass, SchemeSymmetry, automorphisms, classify, equivalence,
                           symmetry_group)
from ._invariants import SchemeInvariants, invariants, term_colours
from ._lifted_search import search_lifted
from ._meta_search import meta_search
from ._scheme import RINGS, Scheme
from ._search import SearchResult, Strategy, default_strategy, search
from ._symmetry import (GROUPS, FormatMap, SandwichGroup, SchemeMap, format_maps, group_order,
                        random_map, sandwich)
from ._verify import brent_residual, matmul_tensor, quick_check, valid_rings, verify

__all__ = [
    "GROUPS",
    "RINGS",
    "FormatMap",
    "InequivalentSet",
    "SandwichGroup",
    "SchemeClass",
    "SchemeInvariants",
    "SchemeMap",
    "SchemeSymmetry",
    "assign_signs",
    "automorphisms",
    "canonical_form",
    "classify",
    "default_strategy",
    "equivalence",
    "format_maps",
    "group_order",
    "invariants",
    "random_map",
    "sandwich",
    "symmetry_group",
    "term_colours",
    "brent_residual",
    "cyclic",
    "direct_sum",
    "extend",
    "hensel_lift",
    "known_rank",
    "known_ranks",
    "lift",
    "meta_search",
    "LiftResult",
    "matmul_tensor",
    "permute",
    "product",
    "project",
    "quick_check",
    "read_alphatensor",
    "read_alphatensor_all",
    "read_scheme",
    "Scheme",
    "scheme_to_text",
    "search",
    "search_lifted",
    "SearchResult",
    "Strategy",
    "strassen_start",
    "transpose",
    "valid_rings",
    "verify",
    "write_scheme",
]

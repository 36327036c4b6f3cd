"""Flip-graph search for matrix-multiplication schemes over GF(2) and ternary coefficients."""
from ._known import known_rank, known_ranks
from ._io import read_alphatensor, read_alphatensor_all, read_scheme, scheme_to_text, write_scheme
from ._lift import LiftResult, assign_signs, hensel_lift, lift
from ._meta import cyclic, direct_sum, extend, permute, product, project, strassen_start, transpose
from ._scheme import RINGS, Scheme
from ._search import SearchResult, search
from ._verify import brent_residual, matmul_tensor, quick_check, valid_rings, verify

__all__ = [
    "RINGS",
    "assign_signs",
    "brent_residual",
    "cyclic",
    "direct_sum",
    "extend",
    "hensel_lift",
    "known_rank",
    "known_ranks",
    "lift",
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
    "SearchResult",
    "strassen_start",
    "transpose",
    "valid_rings",
    "verify",
    "write_scheme",
]

"""Flip-graph search for matrix-multiplication schemes over GF(2) and ternary coefficients."""
from ._known import known_rank, known_ranks
from ._io import read_alphatensor, read_alphatensor_all, read_scheme, scheme_to_text, write_scheme
from ._scheme import RINGS, Scheme
from ._search import SearchResult, search
from ._verify import brent_residual, matmul_tensor, quick_check, valid_rings, verify

__all__ = [
    "RINGS",
    "Scheme",
    "SearchResult",
    "brent_residual",
    "known_rank",
    "known_ranks",
    "matmul_tensor",
    "quick_check",
    "read_alphatensor",
    "read_alphatensor_all",
    "read_scheme",
    "scheme_to_text",
    "search",
    "valid_rings",
    "verify",
    "write_scheme",
]

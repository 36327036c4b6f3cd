"""Random instances as used in the assortment literature.

MNL (e.g. Rusmevichientong, Shen and Shmoys 2010): prices ``r_i`` and mean utilities ``mu_i``
uniform on ``[15, 25]``, weights ``v_i = exp(mu_i - r_i)`` and ``v0 = 1``.
"""
from __future__ import annotations

import numpy as np

from cayley._memory import require
from cayley.errors import InputError

from ._markov import MarkovChain
from ._mixed import CustomizedMixedMNL, MixedMNL
from ._mnl import MNL

# Bytes per model parameter while an instance is made and written: the float, the random
# draws and temporaries behind it, and about 25 characters of JSON text.
_BYTES_PER_PARAMETER = 64


def _check_n(n, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(f"{name} must be a positive int, got {n!r}")
    return int(n)


def _require_memory(parameters: int, what: str) -> None:
    """Refuse, before anything is drawn, an instance whose making would not fit in memory."""
    require(parameters * _BYTES_PER_PARAMETER, f"a random {what} ({parameters} parameters)")


def random_mnl(n: int, seed=None, low: float = 15.0, high: float = 25.0) -> MNL:
    """MNL with ``r, mu ~ U[low, high]`` and ``v = exp(mu - r)``, ``v0 = 1``.

    Examples
    --------
    >>> random_mnl(5, seed=0).n
    5
    """
    n = _check_n(n)
    _require_memory(2 * n, f"MNL with n = {n}")
    rng = np.random.default_rng(seed)
    r = rng.uniform(low, high, n)
    mu = rng.uniform(low, high, n)
    return MNL(r, np.exp(mu - r), 1.0)


def random_mixed_mnl(
    n: int, segments: int, seed=None, customized: bool = False, low: float = 15.0, high: float = 25.0
) -> MixedMNL:
    """Mixed MNL: shared prices ``U[low, high]``, per-segment ``mu_g ~ U[low, high]``,
    shares from a flat Dirichlet.  ``customized=True`` returns a :class:`CustomizedMixedMNL`.

    Examples
    --------
    >>> random_mixed_mnl(6, 3, seed=0).G
    3
    """
    n, segments = _check_n(n), _check_n(segments, "segments")
    _require_memory(n + segments * (n + 2), f"mixed MNL with n = {n} and {segments} segments")
    rng = np.random.default_rng(seed)
    r = rng.uniform(low, high, n)
    mu = rng.uniform(low, high, (segments, n))
    shares = rng.dirichlet(np.ones(segments))
    cls = CustomizedMixedMNL if customized else MixedMNL
    return cls(r, np.exp(mu - r[None, :]), np.ones(segments), shares)


def random_markov_chain(n: int, seed=None, stay: tuple[float, float] = (0.3, 0.9)) -> MarkovChain:
    """Markov chain with prices ``U[1, 10]``, Dirichlet arrivals and random transition rows
    whose sums are uniform on ``stay``.

    Examples
    --------
    >>> random_markov_chain(4, seed=0).transition.shape
    (4, 4)
    """
    n = _check_n(n)
    _require_memory(n * (n + 2), f"Markov chain with n = {n}")
    rng = np.random.default_rng(seed)
    rho = rng.random((n, n))
    np.fill_diagonal(rho, 0.0)
    sums = rho.sum(axis=1, keepdims=True)
    rho = np.divide(rho, sums, out=np.zeros_like(rho), where=sums > 0) * rng.uniform(*stay, (n, 1))
    return MarkovChain(rng.uniform(1, 10, n), rng.dirichlet(np.ones(n)), rho)

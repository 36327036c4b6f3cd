"""Simplicial configuration model: MCMC over complexes with fixed degrees and facet sizes.

A state is the bipartite incidence list of a complex: incidence ``k`` joins vertex
``vertex[k]`` (fixed) to facet ``facet[k]`` (moved by the chain). A move (Young et al.,
Phys. Rev. E 96, 032312, 2017) picks ``l`` distinct incidences uniformly and shuffles their
facet endpoints; it is rejected when a facet gets a repeated vertex or a facet ends up
contained in another. Every vertex keeps its incidences and every facet its number of
incidences, so degrees and sizes are preserved exactly. The proposal is symmetric, so the
chain is uniform over the complexes with the joint sequence (connected for ``l`` up to
twice the largest facet size, their Theorem). ``l`` is drawn with weights ``q**(l-2)``,
``2 <= l <= l_max``: mostly small moves, which are accepted far more often than the
reference sampler's uniform ``l``.
"""
from __future__ import annotations

import time
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from ._bitset import is_subset, n_words, row_popcount
from .complexes import _as_facet_list, _vertex_index, is_simplicial


@dataclass
class SampleResult:
    """Samples of the simplicial configuration model.

    Attributes
    ----------
    samples : list of list of tuple
        Each sample is a facet list with the input's vertex labels; facet ``j`` of every
        sample has the size of input facet ``j``.
    acceptance_rate : float
        Accepted moves over proposed moves (burn-in included).
    proposals : int
        Moves proposed in total.
    seconds : float
        Wall-clock time of the chain.
    """

    samples: list[list[tuple]]
    acceptance_rate: float
    proposals: int
    seconds: float

    @property
    def moves_per_second(self) -> float:
        return self.proposals / self.seconds if self.seconds > 0 else float("inf")


@njit(cache=True)
def _seed(seed):
    np.random.seed(seed)


@njit(cache=True)
def _has_inclusion(a, bits, sizes, facet, vertex_slots, slot_start):
    """True when facet ``a`` contains, or is contained in, another facet."""
    words = bits.shape[1]
    size_a = sizes[a]
    for w in range(words):
        x = bits[a, w]
        while x:
            low = x & (~x + np.uint64(1))
            u = w * 64 + row_popcount(np.array([low - np.uint64(1)]))
            x ^= low
            for p in range(slot_start[u], slot_start[u + 1]):
                b = facet[vertex_slots[p]]
                if b == a:
                    continue
                if sizes[b] >= size_a:
                    if is_subset(bits[a], bits[b]):
                        return True
                elif is_subset(bits[b], bits[a]):
                    return True
    return False


@njit(cache=True)
def _run_chain(vertex, facet, bits, sizes, vertex_slots, slot_start, l_cdf,
               burn_in, thinning, n_samples):
    """Run the chain in place; return (samples of ``facet``, accepted moves)."""
    n_inc = vertex.shape[0]
    samples = np.empty((n_samples, n_inc), dtype=facet.dtype)
    l_max = l_cdf.shape[0] + 1
    chosen = np.empty(l_max, dtype=np.int64)
    old = np.empty(l_max, dtype=np.int64)
    new = np.empty(l_max, dtype=np.int64)
    mark = np.zeros(n_inc, dtype=np.bool_)
    accepted = 0
    total = burn_in + thinning * n_samples
    taken = 0
    for step in range(1, total + 1):
        l = 2 + np.searchsorted(l_cdf, np.random.random() * l_cdf[-1], side="right")
        l = min(l, n_inc)
        count = 0
        while count < l:
            k = np.random.randint(n_inc)
            if not mark[k]:
                mark[k] = True
                chosen[count] = k
                count += 1
        for i in range(l):
            mark[chosen[i]] = False
            old[i] = facet[chosen[i]]
            new[i] = old[i]
        for i in range(l - 1, 0, -1):  # Fisher-Yates shuffle of the facet endpoints
            j = np.random.randint(i + 1)
            new[i], new[j] = new[j], new[i]
        for i in range(l):
            v = vertex[chosen[i]]
            bits[old[i], v >> 6] &= ~(np.uint64(1) << np.uint64(v & 63))
        ok = True
        placed = 0
        for i in range(l):
            v = vertex[chosen[i]]
            word, bit = v >> 6, np.uint64(1) << np.uint64(v & 63)
            if bits[new[i], word] & bit:  # repeated vertex in a facet
                ok = False
                break
            bits[new[i], word] |= bit
            facet[chosen[i]] = new[i]
            placed += 1
        if ok:
            for i in range(l):
                if _has_inclusion(new[i], bits, sizes, facet, vertex_slots, slot_start):
                    ok = False
                    break
        if ok:
            accepted += 1
        else:
            for i in range(placed):
                v = vertex[chosen[i]]
                bits[new[i], v >> 6] &= ~(np.uint64(1) << np.uint64(v & 63))
            for i in range(l):
                v = vertex[chosen[i]]
                bits[old[i], v >> 6] |= np.uint64(1) << np.uint64(v & 63)
                facet[chosen[i]] = old[i]
        if step > burn_in and (step - burn_in) % thinning == 0:
            samples[taken] = facet
            taken += 1
    return samples, accepted


def _check_count(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def sample(facets: Sequence[Iterable[Hashable]], n_samples: int = 1, *, burn_in: int = 1000,
           thinning: int = 10, l_max: int | None = None, q: float = 0.5,
           seed: int | None = None) -> SampleResult:
    """Sample complexes with the joint degree-size sequence of ``facets`` (uniformly, in the
    limit of the chain).

    Parameters
    ----------
    facets : sequence of vertex collections
        The starting complex (no facet inside another; see :func:`prune_included`).
    n_samples : int
        Number of samples returned.
    burn_in : int
        Moves proposed before the first sample.
    thinning : int
        Moves proposed between samples.
    l_max : int, optional
        Largest number of incidences shuffled by a move; default twice the largest facet
        size (at least 2), which keeps the chain connected.
    q : float
        Move sizes ``l`` have weights ``q**(l - 2)``, ``0 < q <= 1`` (``q = 1``: uniform, as
        in the reference sampler).
    seed : int, optional
        Seed for reproducible chains.

    Returns
    -------
    SampleResult

    Examples
    --------
    >>> result = sample([[0, 1, 2], [1, 2, 3], [3, 4]], n_samples=3, burn_in=100, seed=1)
    >>> len(result.samples), [len(f) for f in result.samples[0]]
    (3, [3, 3, 2])
    """
    facet_list = _as_facet_list(facets)
    if not facet_list:
        raise ValueError("facets is empty: there is nothing to sample")
    if not is_simplicial(facet_list):
        raise ValueError("facets is not a simplicial complex (a repeated vertex, or a facet "
                         "inside another); prune it with prune_included() first")
    n_samples = _check_count("n_samples", n_samples, 0)
    burn_in = _check_count("burn_in", burn_in, 0)
    thinning = _check_count("thinning", thinning, 1)
    largest = max(len(f) for f in facet_list)
    l_max = max(2, 2 * largest) if l_max is None else _check_count("l_max", l_max, 2)
    if not 0 < q <= 1:
        raise ValueError(f"q must lie in (0, 1], got {q}")

    index = _vertex_index(facet_list)
    labels = list(index)
    vertex = np.array([index[v] for f in facet_list for v in f], dtype=np.int64)
    facet = np.repeat(np.arange(len(facet_list)), [len(f) for f in facet_list]).astype(np.int64)
    sizes = np.array([len(f) for f in facet_list], dtype=np.int64)
    bits = np.zeros((len(facet_list), n_words(len(index))), dtype=np.uint64)
    for v, f in zip(vertex, facet):
        bits[f, v >> 6] |= np.uint64(1) << np.uint64(v & 63)
    vertex_slots = np.argsort(vertex, kind="stable")
    slot_start = np.searchsorted(vertex[vertex_slots], np.arange(len(index) + 1))
    l_cdf = np.cumsum(q ** np.arange(l_max - 1, dtype=np.float64))

    _seed(np.random.SeedSequence(seed).generate_state(1)[0] % (2**31))
    start = time.perf_counter()
    raw, accepted = _run_chain(vertex, facet, bits, sizes, vertex_slots, slot_start, l_cdf,
                               burn_in, thinning, n_samples)
    seconds = time.perf_counter() - start
    proposals = burn_in + thinning * n_samples
    samples = [_to_facets(row, vertex, len(facet_list), labels) for row in raw]
    return SampleResult(samples, accepted / proposals if proposals else 0.0, proposals, seconds)


def _sample_chain(item: tuple) -> SampleResult:
    """One chain of an ensemble (a top-level function so process pools can pickle it)."""
    facets, n_samples, chain_seed, options = item
    return sample(facets, n_samples, seed=chain_seed, **options)


def sample_ensemble(facets: Sequence[Iterable[Hashable]], chains: int, n_samples: int = 1, *,
                    seed: int | None = None, executor=None, **options) -> list[SampleResult]:
    """Run ``chains`` independent chains from ``facets``, spread over ``executor``.

    Chain ``k`` is seeded with the ``k``-th child of ``numpy.random.SeedSequence(seed)``, so
    the ensemble depends on ``seed`` only, not on the executor or on which worker ran
    which chain.

    Parameters
    ----------
    facets : sequence of vertex collections
        The starting complex, as in :func:`sample`.
    chains : int
        Number of independent chains.
    n_samples : int
        Samples taken from each chain.
    seed : int, optional
        Seed of the whole ensemble (``None``: fresh entropy, not reproducible).
    executor : None, "inline", "local" or concurrent.futures.Executor
        Where the chains run (see :mod:`cayley.executors`; default a local process pool).
    **options
        ``burn_in``, ``thinning``, ``l_max``, ``q`` as in :func:`sample`.

    Returns
    -------
    list of SampleResult
        One per chain, in chain order.

    Examples
    --------
    >>> runs = sample_ensemble([[0, 1, 2], [1, 2, 3], [3, 4]], chains=2, n_samples=2,
    ...                        burn_in=50, seed=7, executor="inline")
    >>> [len(r.samples) for r in runs]
    [2, 2]
    """
    from cayley.executors import map_independent

    chains = _check_count("chains", chains, 1)
    facet_list = _as_facet_list(facets)
    chain_seeds = [int(child.generate_state(1)[0]) for child in np.random.SeedSequence(seed).spawn(chains)]
    items = [(facet_list, n_samples, chain_seed, options) for chain_seed in chain_seeds]
    return map_independent(_sample_chain, items, executor)


def _to_facets(assignment: np.ndarray, vertex: np.ndarray, n_facets: int, labels: list) -> list[tuple]:
    members: list[list] = [[] for _ in range(n_facets)]
    for v, f in zip(vertex.tolist(), assignment.tolist()):
        members[f].append(labels[v])
    out = []
    for m in members:
        try:
            out.append(tuple(sorted(m)))
        except TypeError:
            out.append(tuple(m))
    return out


def sample_sequences(degrees, sizes, n_samples: int = 1, **options) -> SampleResult:
    """Sample complexes with the given degree and size sequences, starting the chain from
    the witness of :func:`realize` (vertex ``i`` has degree ``degrees[i]``).

    Raises ValueError when the pair is not realizable or its realizability is unknown.

    Examples
    --------
    >>> result = sample_sequences([2, 2, 2, 1, 1], [3, 3, 2], n_samples=2, seed=0)
    >>> len(result.samples)
    2
    """
    from .realize import realize

    found = realize(degrees, sizes)
    if found.status != "realizable":
        raise ValueError(f"cannot sample: the pair is {found.status} ({found.reason})")
    return sample(found.facets, n_samples, **options)

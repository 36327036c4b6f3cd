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

The chain runs in chunks of ``_CHUNK_STEPS`` moves, so that Ctrl-C stops a long run between
two chunks (a compiled loop does not see the interrupt).
"""
from __future__ import annotations

import time
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from cayley import _memory
from cayley.errors import InputError

from ._bitset import is_subset, n_words, row_popcount
from ._validate import INT64_MAX, check_count, check_real
from .complexes import _as_facet_list, _vertex_index, is_simplicial

_CHUNK_STEPS = 1 << 16
# Memory of the samples: per incidence the int64 row of the raw samples and a tuple slot,
# per facet a tuple header and a list slot; the chain's state takes a few int64 arrays per
# incidence and the bit rows of the facets.
_SAMPLE_BYTES_PER_INCIDENCE = 24
_SAMPLE_BYTES_PER_FACET = 64
_STATE_BYTES_PER_INCIDENCE = 48
# An ensemble's chain: its seed sequence, work item and result object.
_CHAIN_BYTES = 1024


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
               first_step, last_step, burn_in, thinning, samples, taken):
    """Run moves ``first_step .. last_step`` (counted from 1) in place, storing the samples
    they reach in ``samples[taken:]``; return (samples taken so far, accepted moves)."""
    n_inc = vertex.shape[0]
    l_max = l_cdf.shape[0] + 1
    chosen = np.empty(l_max, dtype=np.int64)
    old = np.empty(l_max, dtype=np.int64)
    new = np.empty(l_max, dtype=np.int64)
    mark = np.zeros(n_inc, dtype=np.bool_)
    accepted = 0
    for step in range(first_step, last_step + 1):
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
    return taken, accepted


def _move_size_cdf(q: float, l_max: int, n_incidences: int) -> np.ndarray:
    """Cumulative weights ``q**(l - 2)`` of the move sizes ``l = 2 .. l_max``.

    A move of more than ``n_incidences`` shuffles every incidence, so the weights of the
    larger sizes go to ``l = n_incidences`` (the chain is the same, and the table stays
    small whatever ``l_max`` is).

    Examples
    --------
    >>> _move_size_cdf(0.5, 4, 10).tolist(), _move_size_cdf(1.0, 10, 3).tolist()
    ([1.0, 1.5, 1.75], [1.0, 9.0])
    """
    top = max(2, min(l_max, n_incidences))
    weights = q ** np.arange(top - 1, dtype=np.float64)
    if l_max > top:
        rest = l_max - top
        weights[-1] += float(rest) if q == 1 else q ** (top - 1) * (1 - q ** rest) / (1 - q)
    return np.cumsum(weights)


def sample(facets: Sequence[Iterable[Hashable]], n_samples: int = 1, *, burn_in: int = 1000,
           thinning: int = 10, l_max: int | None = None, q: float = 0.5,
           seed: int | None = None, memory_limit: int | None = None) -> SampleResult:
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
        Non-negative seed for reproducible chains.
    memory_limit : int, optional
        Bytes the chain and the samples may use (default: the memory available now).

    Returns
    -------
    SampleResult

    Raises
    ------
    TypeError
        For counts or a seed that are not integers, or a ``q`` that is not a number.
    InputError
        For an empty or non-simplicial ``facets``, counts out of range (``n_samples`` and
        ``burn_in`` >= 0, ``thinning`` >= 1, ``l_max`` >= 2, all at most ``2**63 - 1``, and
        ``burn_in + thinning * n_samples`` moves too), a negative seed, or ``q`` outside
        ``(0, 1]`` (NaN and infinity included).
    MemoryBudgetError
        Before the chain starts, when the samples and the chain's state would need more than
        ``memory_limit``.

    Examples
    --------
    >>> result = sample([[0, 1, 2], [1, 2, 3], [3, 4]], n_samples=3, burn_in=100, seed=1)
    >>> len(result.samples), [len(f) for f in result.samples[0]]
    (3, [3, 3, 2])
    """
    n_samples = check_count("n_samples", n_samples, 0)
    burn_in = check_count("burn_in", burn_in, 0)
    thinning = check_count("thinning", thinning, 1)
    if l_max is not None:
        l_max = check_count("l_max", l_max, 2)
    q = check_real("q", q, 0.0, 1.0, include_low=False)
    if seed is not None:
        check_count("seed", seed, 0, maximum=2**128 - 1)
    proposals = burn_in + thinning * n_samples
    if proposals > INT64_MAX:
        raise InputError(f"burn_in + thinning * n_samples = {proposals} moves is more than "
                         f"{INT64_MAX}")
    facet_list = _as_facet_list(facets)
    if not facet_list:
        raise InputError("facets is empty: there is nothing to sample")
    n_facets = len(facet_list)
    n_inc = sum(len(f) for f in facet_list)
    index = _vertex_index(facet_list)
    state_bytes = n_inc * _STATE_BYTES_PER_INCIDENCE + 8 * n_facets * n_words(len(index))
    _memory.require(state_bytes + _samples_bytes(n_samples, n_facets, n_inc),
                    f"{n_samples} samples of a complex with {n_facets} facets and {n_inc} "
                    "vertex-facet incidences", memory_limit)
    if not is_simplicial(facet_list):
        raise InputError("facets is not a simplicial complex (a repeated vertex, or a facet "
                         "inside another); prune it with prune_included() first")
    largest = max(len(f) for f in facet_list)
    l_max = max(2, 2 * largest) if l_max is None else l_max

    labels = list(index)
    vertex = np.array([index[v] for f in facet_list for v in f], dtype=np.int64)
    facet = np.repeat(np.arange(n_facets), [len(f) for f in facet_list]).astype(np.int64)
    sizes = np.array([len(f) for f in facet_list], dtype=np.int64)
    bits = np.zeros((n_facets, n_words(len(index))), dtype=np.uint64)
    for v, f in zip(vertex, facet):
        bits[f, v >> 6] |= np.uint64(1) << np.uint64(v & 63)
    vertex_slots = np.argsort(vertex, kind="stable")
    slot_start = np.searchsorted(vertex[vertex_slots], np.arange(len(index) + 1))
    l_cdf = _move_size_cdf(q, l_max, n_inc)

    _seed(np.random.SeedSequence(seed).generate_state(1)[0] % (2**31))
    start = time.perf_counter()
    raw = np.empty((n_samples, n_inc), dtype=np.int64)
    taken = accepted = 0
    for first in range(1, proposals + 1, _CHUNK_STEPS):
        last = min(proposals, first + _CHUNK_STEPS - 1)
        taken, chunk_accepted = _run_chain(vertex, facet, bits, sizes, vertex_slots, slot_start,
                                           l_cdf, first, last, burn_in, thinning, raw, taken)
        accepted += chunk_accepted
    seconds = time.perf_counter() - start
    samples = [_to_facets(row, vertex, n_facets, labels) for row in raw]
    return SampleResult(samples, accepted / proposals if proposals else 0.0, proposals, seconds)


def _samples_bytes(n_samples: int, n_facets: int, n_incidences: int) -> int:
    """Memory of ``n_samples`` samples: the raw rows and the facet tuples."""
    return n_samples * (n_incidences * _SAMPLE_BYTES_PER_INCIDENCE + n_facets * _SAMPLE_BYTES_PER_FACET)


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
        ``burn_in``, ``thinning``, ``l_max``, ``q``, ``memory_limit`` as in :func:`sample`.

    Returns
    -------
    list of SampleResult
        One per chain, in chain order.

    Raises
    ------
    MemoryBudgetError
        Before any chain starts, when the results of all chains would need more than
        ``memory_limit`` (default: the memory available now); besides the errors of
        :func:`sample`.

    Examples
    --------
    >>> runs = sample_ensemble([[0, 1, 2], [1, 2, 3], [3, 4]], chains=2, n_samples=2,
    ...                        burn_in=50, seed=7, executor="inline")
    >>> [len(r.samples) for r in runs]
    [2, 2]
    """
    from cayley.executors import map_independent

    chains = check_count("chains", chains, 1)
    n_samples = check_count("n_samples", n_samples, 0)
    facet_list = _as_facet_list(facets)
    _memory.require(chains * (_CHAIN_BYTES + _samples_bytes(n_samples, len(facet_list),
                                                            sum(len(f) for f in facet_list))),
                    f"{chains} chains of {n_samples} samples", options.get("memory_limit"))
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

    Raises InputError when the pair is not realizable or its realizability is unknown.

    Examples
    --------
    >>> result = sample_sequences([2, 2, 2, 1, 1], [3, 3, 2], n_samples=2, seed=0)
    >>> len(result.samples)
    2
    """
    from .realize import realize

    found = realize(degrees, sizes)
    if found.status != "realizable":
        raise InputError(f"cannot sample: the pair is {found.status} ({found.reason})")
    return sample(found.facets, n_samples, **options)

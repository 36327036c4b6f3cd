"""Cayley and Schreier graphs: a generating set plus a start state.

A graph is explored from its start state by applying generators. For permutation
generators a state is a vector acted on by gathering (``state[p]``): with distinct symbols the
reachable states are in bijection with the group (a Cayley graph); with repeated symbols
(e.g. ``"0011001"``) they form the orbit of that string (a Schreier graph). For matrix
generators over Z/pZ a state is a matrix multiplied on the right by a generator.

Examples
--------
>>> from cayley import CayleyGraph
>>> g = CayleyGraph.from_family("coxeter", 4)
>>> g.degree, g.n_generators, g.inverse_closed, g.is_cayley
(4, 3, True, True)
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cached_property

import numpy as np

from cayley import perm
from cayley.errors import InputError

__all__ = ["CayleyGraph"]


def _parse_state(state: object, degree: int, what: str = "start state") -> np.ndarray:
    """``state`` (``"0011"``, ``"1,0,2"`` or an array of ints) as an int64 vector of length ``degree``.

    ``what`` names the state in error messages (``"start state"``, ``"target state"``).

    Examples
    --------
    >>> _parse_state("1,0,2", 3, "target state").tolist()
    [1, 0, 2]
    >>> _parse_state("10", 3, "target state")
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: target state '10' has length 2, but the generators have degree 3
    """
    if isinstance(state, str):
        text = state.strip()
        tokens = text.split(",") if "," in text else list(text)
        if len(tokens) != degree:
            raise InputError(f"{what} {state!r} has length {len(tokens)}, but the generators have degree {degree}")
        try:
            values = [int(t) for t in tokens]
        except ValueError:
            raise InputError(f"{what} {state!r}: expected digits like '0011' or comma-separated ints") from None
        if any(abs(v) >= 2**63 for v in values):
            raise InputError(f"{what} {state!r}: the symbols must be 64-bit integers")
        arr = np.asarray(values, dtype=np.int64)
    else:
        arr = np.asarray(state)
        if not np.issubdtype(arr.dtype, np.integer):
            raise TypeError(f"{what} must hold integers, got dtype {arr.dtype}")
        if arr.ndim != 1:
            raise InputError(f"{what} has shape {arr.shape}, but a state is a vector of length {degree}")
        if arr.shape[0] != degree:
            raise InputError(f"{what} has length {arr.shape[0]}, but the generators have degree {degree}")
        arr = arr.astype(np.int64)
    return arr


class CayleyGraph:
    """Generators plus a start state.

    Parameters
    ----------
    generators : sequence, mapping or GeneratorSet
        Permutations (0-based image arrays/lists or 1-based cycle strings), a mapping from
        names to permutations, or a :class:`cayley.generators.GeneratorSet` (permutation or
        matrix family).
    start : str or array_like of int, optional
        Start state. Default: the identity ``0..n-1`` (Cayley graph of the generated group)
        or the identity matrix for matrix groups. Repeated symbols give a Schreier graph.
    names : sequence of str, optional
        Generator names (default ``g0, g1, ...`` or the mapping's keys).
    degree : int, optional
        Degree when all generators are cycle strings that do not move the last point.

    Examples
    --------
    >>> g = CayleyGraph(["(1,2)", "(1,2,3)"], start="001")
    >>> g.is_cayley, g.state_count_bound
    (False, 3)
    """

    def __init__(
        self,
        generators: object,
        start: object = None,
        names: Sequence[str] | None = None,
        degree: int | None = None,
    ) -> None:
        self.modulus: int | None = None
        self.family: str | None = None
        self.family_n: int | None = None
        if hasattr(generators, "perms") and hasattr(generators, "matrices"):
            gset = generators
            self.family, self.family_n = gset.family, gset.n
            names = list(gset.names) if names is None else names
            if gset.matrices is not None:
                self.modulus = int(gset.modulus)
                items = list(np.asarray(gset.matrices, dtype=np.int64))
            else:
                items = list(np.asarray(gset.perms, dtype=np.int64))
        elif isinstance(generators, Mapping):
            names = list(generators) if names is None else names
            items = list(generators.values())
        elif isinstance(generators, str):
            raise TypeError("generators must be a list of permutations, not one string")
        else:
            items = list(generators)
        if not items:
            raise ValueError("generators: the list is empty; give at least one generator")
        if self.modulus is None:
            self.generators = self._coerce_permutations(items, degree)
            self.degree = int(self.generators.shape[1])
        else:
            self.generators = np.stack(items)
            self.degree = int(self.generators.shape[1])
        if names is None:
            names = [f"g{i}" for i in range(len(items))]
        names = [str(x) for x in names]
        if len(names) != len(items):
            raise ValueError(f"{len(names)} names given for {len(items)} generators")
        if len(set(names)) != len(names):
            raise ValueError("generator names must be distinct")
        self.names: list[str] = names
        if self.modulus is None:
            self.start = np.arange(self.degree) if start is None else _parse_state(start, self.degree)
        else:
            if start is not None:
                raise ValueError("matrix-group graphs start at the identity matrix; start= is not allowed")
            self.start = np.eye(self.degree, dtype=np.int64)

    @staticmethod
    def _coerce_permutations(items: list[object], degree: int | None) -> np.ndarray:
        arrays = [x for x in items if not isinstance(x, str)]
        if degree is None:
            degree = len(arrays[0]) if arrays else max(len(perm.from_cycles(x)) for x in items)
        degree = perm.check_degree(degree)
        out = []
        for i, g in enumerate(items):
            try:
                out.append(perm.from_cycles(g, degree) if isinstance(g, str) else perm.as_perm(g, degree))
            except ValueError as exc:
                raise ValueError(f"generator {i}: {exc}") from exc
        return np.stack(out).astype(np.int64)

    @classmethod
    def from_family(cls, family: str, n: int | None = None, start: object = None, **params) -> CayleyGraph:
        """The graph of a predefined generator family (see ``python -m cayley families``);
        ``params`` are the family's own keyword parameters (``k=3``, ``seed=1`` ...), and
        ``n`` may be left out for a single puzzle (``"gap:megaminx"``).

        Examples
        --------
        >>> CayleyGraph.from_family("lrx", 5).names
        ['L', 'R', 'X']
        >>> CayleyGraph.from_family("consecutive_k_cycles", 6, k=3).n_generators
        4
        """
        from cayley.generators import generators

        return cls(generators(family, n, **params), start=start)

    @classmethod
    def from_gap_file(cls, path, start: object = None, add_inverses: bool = True) -> CayleyGraph:
        """The graph of a puzzle in GAP format: its moves and, unless ``add_inverses`` is
        False, their inverses (see :func:`cayley.generators.load_gap_file`).

        Examples
        --------
        >>> import tempfile, os
        >>> with tempfile.NamedTemporaryFile("w", suffix=".gap", delete=False) as f:
        ...     _ = f.write("M_a:=(1,2,3);\\nGen:=[M_a];\\n")
        >>> CayleyGraph.from_gap_file(f.name).n_generators  # the move and its inverse
        2
        >>> os.unlink(f.name)
        """
        from cayley.generators import load_gap_file

        return cls(load_gap_file(path, add_inverses=add_inverses), start=start)

    # ------------------------------------------------------------------ properties
    @property
    def n_generators(self) -> int:
        """Number of generators (the out-degree of every vertex)."""
        return len(self.names)

    @property
    def is_matrix(self) -> bool:
        """Whether states are matrices over Z/pZ."""
        return self.modulus is not None

    @property
    def is_cayley(self) -> bool:
        """True when states are in bijection with group elements (distinct symbols or matrices)."""
        return self.is_matrix or len(np.unique(self.start)) == self.degree

    @cached_property
    def inverse_closed(self) -> bool:
        """Whether the inverse of every generator is a generator (the graph is undirected)."""
        if self.is_matrix:
            keys = {g.tobytes() for g in self.generators}
            return all(_matrix_inverse(g, self.modulus).tobytes() in keys for g in self.generators)
        keys = {g.tobytes() for g in self.generators}
        return all(perm.inverse(g).tobytes() in keys for g in self.generators)

    @cached_property
    def group(self):
        """The permutation group generated (permutation graphs only)."""
        from cayley.group import PermutationGroup

        if self.is_matrix:
            raise ValueError("group is only defined for permutation generators")
        return PermutationGroup(list(self.generators), degree=self.degree)

    @cached_property
    def symbol_counts(self) -> np.ndarray:
        """How often each symbol ``0..k-1`` occurs in the relabelled start state."""
        return np.bincount(self.start_codes)

    @cached_property
    def symbols(self) -> np.ndarray:
        """The original symbol of each code: engines work on codes ``0..k-1``.

        With distinct symbols, code ``i`` stands for ``start[i]``, so the start state becomes
        the identity and every reachable state is a group element (what stabilizer-chain
        ranks need). With repeated symbols, codes number the sorted distinct symbols.
        """
        if self.is_cayley:
            return self.start.copy()
        return np.unique(self.start)

    @cached_property
    def start_codes(self) -> np.ndarray:
        """The start state in codes (see :attr:`symbols`)."""
        return self.encode_states(self.start[None, :])[0]

    def encode_states(self, states: np.ndarray) -> np.ndarray:
        """Rows of states in the start state's symbols as rows of codes (inverse of ``symbols[codes]``).

        Examples
        --------
        >>> CayleyGraph([[1, 0, 2]], start=[7, 5, 9]).encode_states(np.array([[5, 7, 9]])).tolist()
        [[1, 0, 2]]
        """
        states = np.asarray(states)
        order = np.argsort(self.symbols, kind="stable")
        sorted_symbols = self.symbols[order]
        where = np.clip(np.searchsorted(sorted_symbols, states), 0, len(order) - 1)
        if not np.array_equal(sorted_symbols[where], states):
            raise ValueError(f"states hold symbols outside the start state's {np.unique(self.start).tolist()}")
        return order[where].astype(np.int64)

    @property
    def state_count_bound(self) -> int:
        """Number of arrangements of the start state's symbols (an upper bound of the orbit)."""
        if self.is_matrix:
            return self.modulus ** (self.degree * self.degree)
        counts = self.symbol_counts
        return math.factorial(self.degree) // math.prod(math.factorial(int(c)) for c in counts)

    def generator_index(self, generator: int | str) -> int:
        """The number of a generator given by number (``0..n_generators-1``) or by name.

        Examples
        --------
        >>> g = CayleyGraph.from_family("lrx", 4)
        >>> g.generator_index("X"), g.generator_index(1)
        (2, 1)
        >>> g.generator_index("(0,1)")
        Traceback (most recent call last):
        ...
        cayley.errors.InputError: unknown generator '(0,1)': give a name among ['L', 'R', 'X'] or a number in 0..2
        """
        choices = f"a name among {self.names} or a number in 0..{self.n_generators - 1}"
        if isinstance(generator, str):
            if generator not in self.names:
                raise InputError(f"unknown generator {generator!r}: give {choices}")
            return self.names.index(generator)
        if isinstance(generator, (bool, np.bool_)) or not isinstance(generator, (int, np.integer)):
            raise InputError(f"generator must be an int or a name, got {type(generator).__name__}: give {choices}")
        if not 0 <= generator < self.n_generators:
            raise InputError(f"no generator number {generator}: give {choices}")
        return int(generator)

    def apply(self, states: np.ndarray, generator: int | str) -> np.ndarray:
        """Apply a generator, given by number or name, to a state or a batch of states.

        Permutations act by gathering (``states[..., g]``) on vectors of length ``degree``;
        matrices multiply ``degree x degree`` matrix states on the right, modulo ``modulus``.

        Raises
        ------
        InputError
            An unknown generator, or states of the wrong shape.

        Examples
        --------
        >>> CayleyGraph([[1, 2, 0]]).apply(np.array([[5, 6, 7]]), 0).tolist()
        [[6, 7, 5]]
        >>> CayleyGraph([[1, 2, 0]], names=["c"]).apply([5, 6, 7], "c").tolist()
        [6, 7, 5]
        """
        index = self.generator_index(generator)
        states = np.asarray(states)
        if self.is_matrix and (states.ndim < 2 or states.shape[-2:] != (self.degree, self.degree)):
            raise InputError(f"states have shape {states.shape}, but the generators are "
                             f"{self.degree}x{self.degree} matrices")
        if not self.is_matrix and (states.ndim < 1 or states.shape[-1] != self.degree):
            raise InputError(f"states have shape {states.shape}, but the generators have degree {self.degree}")
        return self._act(states, index)

    def _act(self, states: np.ndarray, index: int) -> np.ndarray:
        """:meth:`apply` without its checks, for loops over valid states and generator numbers."""
        if self.is_matrix:
            return (states @ self.generators[index]) % self.modulus
        return states[..., self.generators[index]]

    def fingerprint(self) -> str:
        """A short hash identifying generators, start state and modulus (for checkpoints)."""
        import hashlib

        h = hashlib.sha256()
        for arr in (self.generators, self.start, np.asarray([self.modulus or 0])):
            h.update(np.ascontiguousarray(arr, dtype=np.int64).tobytes())
        return h.hexdigest()[:16]

    def __repr__(self) -> str:
        kind = "matrix" if self.is_matrix else ("Cayley" if self.is_cayley else "Schreier")
        label = f"{self.family} n={self.family_n}" if self.family else f"{self.n_generators} generators"
        return f"CayleyGraph({label}, degree={self.degree}, {kind})"


def _matrix_inverse(m: np.ndarray, p: int) -> np.ndarray:
    """Inverse of an integer matrix modulo a prime ``p`` (Gauss-Jordan)."""
    d = m.shape[0]
    a = np.concatenate([m % p, np.eye(d, dtype=np.int64)], axis=1)
    for col in range(d):
        pivot = next((r for r in range(col, d) if a[r, col] % p), None)
        if pivot is None:
            raise ValueError("a generator matrix is singular modulo p")
        a[[col, pivot]] = a[[pivot, col]]
        a[col] = (a[col] * pow(int(a[col, col]), -1, p)) % p
        for r in range(d):
            if r != col and a[r, col]:
                a[r] = (a[r] - a[r, col] * a[col]) % p
    return a[:, d:]

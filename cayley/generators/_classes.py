"""Generating sets chosen by cycle type or at random: derangements, whole (or sampled)
conjugacy classes of S_n, and seeded random permutations.

Definitions, order and names follow CayleyPy 0.2.0 (``PermutationGroups.derangements``,
``conjugacy_classes``, ``rand_generators``); the random choices use a seed so that a set
can be rebuilt, and they reproduce CayleyPy's when its global generators are seeded the
same way (``random.seed(seed)``, ``numpy.random.seed(seed)``).
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Mapping
from itertools import combinations, permutations
from math import factorial, prod

import numpy as np

from cayley.errors import InputError
from cayley.generators._base import GeneratorSet, check_int_param, family, permutation_set
from cayley.generators._cycles import from_cycles

_CAYLEYPY = "CayleyPy (github.com/cayleypy/cayleypy), PermutationGroups"
_MAX_GENERATORS = 200_000
_CLASSES_SYNTAX = "cycle types separated by commas, lengths joined by '+', ':COUNT' to sample, e.g. '3+2,4:5'"


@family(
    "derangements",
    min_n=2,
    max_n=9,
    description="every permutation without a fixed point, in lexicographic order (named D<index in S_n>)",
    source=f"{_CAYLEYPY}.derangements; count OEIS A000166",
)
def derangements(n: int) -> GeneratorSet:
    """All derangements of n points (A000166(n) of them), in lexicographic order.

    ``D<i>`` is the derangement that is permutation number i (from 0) of
    ``itertools.permutations(range(n))``.

    Parameters
    ----------
    n : int
        Degree, 2 to 9 (133,496 generators for n = 9).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.derangements`` (same order and names); OEIS A000166.

    Examples
    --------
    >>> derangements(3).names, derangements(3).perms.tolist()
    (('D3', 'D4'), [[1, 2, 0], [2, 0, 1]])
    """
    chosen = [(i, p) for i, p in enumerate(permutations(range(n))) if all(p[t] != t for t in range(n))]
    return permutation_set(
        "derangements", n, [f"D{i}" for i, _ in chosen], [list(p) for _, p in chosen],
        f"derangements(n={n}); CayleyPy, OEIS A000166",
    )


def parse_classes(classes: object, n: int) -> list[tuple[tuple[int, ...], int | None]]:
    """Cycle types and sample counts from ``"3+2,4:5"`` or a mapping ``{(3, 2): None, (4,): 5}``.

    Each cycle type is padded with 1s up to n and sorted in decreasing order; the count is
    None for the whole class.

    Raises
    ------
    InputError
        Malformed text, a length below 1, lengths summing to more than n, a count below 1,
        or the same class twice.

    Examples
    --------
    >>> parse_classes("3+2,4:5", 6)
    [((3, 2, 1), None), ((4, 1, 1), 5)]
    """
    if isinstance(classes, str):
        items = []
        for chunk in classes.replace(" ", "").split(","):
            lengths_text, _, count_text = chunk.partition(":")
            try:
                lengths = tuple(int(x) for x in lengths_text.split("+"))
                count = None if count_text in ("", "all") else int(count_text)
            except ValueError:
                problem = f"conjugacy_classes: cannot read classes {classes!r}; expected {_CLASSES_SYNTAX}"
                raise InputError(problem) from None
            items.append((lengths, count))
    elif isinstance(classes, Mapping):
        items = [(tuple(k) if isinstance(k, (tuple, list)) else (k,), v) for k, v in classes.items()]
    else:
        raise InputError(f"conjugacy_classes: classes must be a str or a mapping, got {type(classes).__name__}")
    parsed, seen = [], set()
    for lengths, count in items:
        if not lengths or any(isinstance(x, bool) or not isinstance(x, (int, np.integer)) or x < 1 for x in lengths):
            raise InputError(f"conjugacy_classes: cycle lengths must be positive ints, got {lengths}")
        if sum(lengths) > n:
            raise InputError(f"conjugacy_classes: cycle lengths {lengths} sum to {sum(lengths)} > n={n}")
        if count is not None:
            count = check_int_param("conjugacy_classes", "sample count", count, 1, _MAX_GENERATORS)
        full = tuple(sorted([int(x) for x in lengths] + [1] * (n - sum(lengths)), reverse=True))
        if full in seen:
            raise InputError(f"conjugacy_classes: the cycle type {full} is given twice")
        seen.add(full)
        parsed.append((full, count))
    return parsed


def class_size(lengths: tuple[int, ...]) -> int:
    """Number of permutations of cycle type ``lengths``: n! / prod(i^m_i m_i!)."""
    counts = Counter(lengths)
    return factorial(sum(lengths)) // prod(i**m * factorial(m) for i, m in counts.items())


def _class_members(points: list[int], lengths: Counter) -> Iterator[list[tuple[int, ...]]]:
    """Every way to cut ``points`` (sorted) into cycles of the given lengths, as cycle lists.

    The next cycle always starts at the smallest point left; its length runs through the
    lengths left in increasing order, its other points through ``combinations`` in
    lexicographic order, and their arrangement through ``permutations``.
    """
    if not points:
        yield []
        return
    first, rest = points[0], points[1:]
    for length in sorted(lengths):
        left = lengths.copy()
        left[length] -= 1
        if not left[length]:
            del left[length]
        for others in combinations(rest, length - 1):
            remaining = [q for q in rest if q not in others]
            for order in permutations(others):
                for tail in _class_members(remaining, left):
                    yield [(first, *order), *tail]


def _random_member(lengths: tuple[int, ...], rng: random.Random) -> list[int]:
    """Shuffle the points, then cut them into consecutive cycles of the given lengths."""
    points = list(range(sum(lengths)))
    rng.shuffle(points)
    cycles, start = [], 0
    for length in lengths:
        cycles.append(points[start:start + length])
        start += length
    return from_cycles(len(points), cycles)


@family(
    "conjugacy_classes",
    min_n=1,
    max_n=256,
    params=(("classes", "2"), ("seed", 0)),
    group="depends on the classes (S_n for transpositions)",
    description="whole conjugacy classes of S_n by cycle type, or seeded samples from them "
    "(classes='3+2,4:5': all of type 3+2+1, 5 random 4-cycles)",
    source=f"{_CAYLEYPY}.conjugacy_classes; class sizes n!/prod(i^m_i m_i!)",
)
def conjugacy_classes(n: int, classes: object = "2", seed: int = 0) -> GeneratorSet:
    """Whole conjugacy classes of S_n, or random samples from them, by cycle type.

    Each class is a cycle type (missing lengths are fixed points). A whole class comes
    in canonical order: cycles ordered by their smallest point, each written from it; the
    next cycle always holds the smallest point left, its length running through the lengths
    left in increasing order, then its points in lexicographic order. A sampled class draws
    each member by shuffling the points with ``random.Random(seed)`` and cutting them into
    cycles (lengths in decreasing order), as CayleyPy does with the global ``random``.
    Generator ``i`` of type ``(3, 2, 1)`` is named ``(3,2,1)_i`` (from 1).

    Parameters
    ----------
    n : int
        Degree, 1 to 256.
    classes : str or mapping, optional
        ``"3+2,4:5"`` (all permutations of type 3+2, five random 4-cycles) or CayleyPy's
        mapping ``{(3, 2): None, (4,): 5}``. Default ``"2"``: all transpositions.
    seed : int, optional
        Seed of the samples (default 0). At most 200,000 generators in all.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.conjugacy_classes(n, classes)`` (same order and
    names for whole classes; samples equal CayleyPy's after ``random.seed(seed)``).

    Examples
    --------
    >>> conjugacy_classes(3, classes="3").perms.tolist()
    [[1, 2, 0], [2, 0, 1]]
    >>> conjugacy_classes(4, classes="2+2").names
    ('(2,2)_1', '(2,2)_2', '(2,2)_3')
    """
    seed = check_int_param("conjugacy_classes", "seed", seed, 0, None)
    parsed = parse_classes(classes, n)
    total = sum(class_size(lengths) if count is None else count for lengths, count in parsed)
    if total > _MAX_GENERATORS:
        raise InputError(f"conjugacy_classes: {total} generators; at most {_MAX_GENERATORS} (sample with ':COUNT')")
    rng = random.Random(seed)
    names, perms = [], []
    for lengths, count in parsed:
        label = ",".join(map(str, lengths))
        if count is None:
            members = [from_cycles(n, cycles) for cycles in _class_members(list(range(n)), Counter(lengths))]
        else:
            members = [_random_member(lengths, rng) for _ in range(count)]
        names += [f"({label})_{i + 1}" for i in range(len(members))]
        perms += members
    text = ", ".join("+".join(map(str, lengths)) + ("" if count is None else f":{count}") for lengths, count in parsed)
    return permutation_set("conjugacy_classes", n, names, perms, f"conjugacy_classes(n={n}, classes={text}); CayleyPy")


@family(
    "rand_generators",
    min_n=2,
    max_n=4096,
    params=(("k", 2), ("seed", 0)),
    group="random: S_n or A_n for most seeds",
    description="k distinct random permutations (seeded; repeated in-place shuffles of 0..n-1)",
    source=f"{_CAYLEYPY}.rand_generators",
)
def rand_generators(n: int, k: int = 2, seed: int = 0) -> GeneratorSet:
    """k distinct random permutations, drawn by shuffling ``0..n-1`` in place again and again.

    ``numpy.random.RandomState(seed).shuffle`` is applied to the same array; every
    arrangement not seen before is the next generator, named by its images ``(a,b,...)``.
    With the same seed this is CayleyPy's set after ``numpy.random.seed(seed)``.

    Parameters
    ----------
    n : int
        Degree, 2 to 4096.
    k : int, optional
        Number of generators, 1 to min(n!, 100000) (default 2).
    seed : int, optional
        Seed, at least 0 (default 0).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.rand_generators(n, k)``.

    Examples
    --------
    >>> rand_generators(5, k=2, seed=1).perms.tolist()
    [[2, 1, 4, 0, 3], [2, 4, 3, 0, 1]]
    """
    k = check_int_param("rand_generators", "k", k, 1, min(factorial(min(n, 12)), 100_000))
    seed = check_int_param("rand_generators", "seed", seed, 0, 2**32 - 1)
    rng = np.random.RandomState(seed)
    state = np.arange(n)
    seen, perms = set(), []
    while len(perms) < k:
        rng.shuffle(state)
        key = tuple(state.tolist())
        if key not in seen:
            seen.add(key)
            perms.append(list(key))
    names = ["(" + ",".join(map(str, p)) + ")" for p in perms]
    return permutation_set("rand_generators", n, names, perms, f"rand_generators(n={n}, k={k}, seed={seed})")

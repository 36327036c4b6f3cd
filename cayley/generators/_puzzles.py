"""Puzzle groups: the 2x2x2 and 3x3x3 Rubik's cubes (quarter- and half-turn metrics), the globe.

Cube facets are numbered as in GAP's Rubik's cube example (48 movable facets, centres
omitted), 0-based here. The 2x2x2 cube is the 3x3x3 corner facets under U, F, R, so the
corner D-L-B stays fixed; its 24 facets are renumbered 0..23 in increasing GAP order.
"""
from __future__ import annotations

from cayley.generators._base import GeneratorSet, check_int_param, family, permutation_set
from cayley.generators._cycles import from_cycles, inverse, parse_gap_cycles, square

# GAP 4.12 "Rubik's cube" example (1-based facets); the group has order 43252003274489856000.
_GAP_CUBE_MOVES = {
    "U": "(1,3,8,6)(2,5,7,4)(9,33,25,17)(10,34,26,18)(11,35,27,19)",
    "L": "(9,11,16,14)(10,13,15,12)(1,17,41,40)(4,20,44,37)(6,22,46,35)",
    "F": "(17,19,24,22)(18,21,23,20)(6,25,43,16)(7,28,42,13)(8,30,41,11)",
    "R": "(25,27,32,30)(26,29,31,28)(3,38,43,19)(5,36,45,21)(8,33,48,24)",
    "B": "(33,35,40,38)(34,37,39,36)(3,9,46,32)(2,12,47,29)(1,14,48,27)",
    "D": "(41,43,48,46)(42,45,47,44)(14,22,30,38)(15,23,31,39)(16,24,32,40)",
}
_CUBE_FACETS = 48
# Corner facets of the 3x3x3 cube: 1, 3, 6, 8 of each face's 8 movable facets (1-based).
_CORNER_FACETS = [8 * face + offset - 1 for face in range(6) for offset in (1, 3, 6, 8)]
_GAP_SOURCE = "GAP 4.12 Rubik's cube example (www.gap-system.org/Doc/Examples/rubik.html)"


def _cube_move(face: str) -> list[int]:
    return from_cycles(_CUBE_FACETS, parse_gap_cycles(_GAP_CUBE_MOVES[face]))


def _corner_move(face: str) -> list[int]:
    """A 3x3x3 face turn restricted to the 24 corner facets, renumbered 0..23."""
    move = _cube_move(face)
    index = {facet: i for i, facet in enumerate(_CORNER_FACETS)}
    return [index[move[facet]] for facet in _CORNER_FACETS]


def _with_inverses(moves: dict[str, list[int]], half_turns: bool) -> tuple[list[str], list[list[int]]]:
    """``X, X'`` (and ``X2`` when ``half_turns``) for every move X, in the order given."""
    names, perms = [], []
    for name, move in moves.items():
        names += [name, name + "'"]
        perms += [move, inverse(move)]
        if half_turns:
            names.append(name + "2")
            perms.append(square(move))
    return names, perms


def _cube_2x2x2(n: int, half_turns: bool) -> GeneratorSet:
    name = "cube_2x2x2_htm" if half_turns else "cube_2x2x2_qtm"
    names, perms = _with_inverses({face: _corner_move(face) for face in "UFR"}, half_turns)
    metric = "half-turn" if half_turns else "quarter-turn"
    description = f"{name}: 2x2x2 cube, {metric} metric, corner DLB fixed, 24 facets; {_GAP_SOURCE}"
    return permutation_set(name, n, names, perms, description)


def _cube_3x3x3(n: int, half_turns: bool) -> GeneratorSet:
    name = "cube_3x3x3_htm" if half_turns else "cube_3x3x3_qtm"
    names, perms = _with_inverses({face: _cube_move(face) for face in _GAP_CUBE_MOVES}, half_turns)
    metric = "half-turn" if half_turns else "quarter-turn"
    return permutation_set(name, n, names, perms, f"{name}: 3x3x3 cube, {metric} metric, 48 facets; {_GAP_SOURCE}")


@family(
    "cube_2x2x2_qtm",
    degree="24",
    group="2x2x2 cube group, order 3,674,160",
    min_n=2,
    max_n=2,
    n_meaning="cube size, only 2",
    description="2x2x2 cube, one corner fixed, quarter turns U, U', F, F', R, R' on 24 facets",
    source=_GAP_SOURCE,
)
def cube_2x2x2_qtm(n: int = 2) -> GeneratorSet:
    """2x2x2 Rubik's cube in the quarter-turn metric: ``U, U', F, F', R, R'`` on 24 facets.

    The corner D-L-B is fixed, so the group is the cube group itself (order 3,674,160)
    and the growth from the solved state has diameter 14.

    Parameters
    ----------
    n : int, optional
        Cube size; only 2 is accepted (the default).

    Notes
    -----
    Source: GAP's Rubik's cube example restricted to the corner facets ``{1,3,6,8} + 8k``;
    growth ``[1, 6, 27, 120, 534, ...]`` as in ``conventions.md``.

    Examples
    --------
    >>> cube_2x2x2_qtm().names
    ('U', "U'", 'F', "F'", 'R', "R'")
    """
    return _cube_2x2x2(n, half_turns=False)


@family(
    "cube_2x2x2_htm",
    degree="24",
    group="2x2x2 cube group, order 3,674,160",
    min_n=2,
    max_n=2,
    n_meaning="cube size, only 2",
    description="2x2x2 cube, one corner fixed, U, U', U2, F, F', F2, R, R', R2 on 24 facets",
    source=_GAP_SOURCE,
)
def cube_2x2x2_htm(n: int = 2) -> GeneratorSet:
    """2x2x2 Rubik's cube in the half-turn metric: ``U, U', U2, F, F', F2, R, R', R2``.

    Parameters
    ----------
    n : int, optional
        Cube size; only 2 is accepted (the default).

    Notes
    -----
    Source: GAP's Rubik's cube example restricted to the corner facets; diameter 11.

    Examples
    --------
    >>> len(cube_2x2x2_htm())
    9
    """
    return _cube_2x2x2(n, half_turns=True)


@family(
    "cube_3x3x3_qtm",
    degree="48",
    group="Rubik group, order 43,252,003,274,489,856,000",
    min_n=3,
    max_n=3,
    n_meaning="cube size, only 3",
    description="3x3x3 cube, quarter turns U, U', L, L', F, F', R, R', B, B', D, D' on 48 facets",
    source=_GAP_SOURCE,
)
def cube_3x3x3_qtm(n: int = 3) -> GeneratorSet:
    """3x3x3 Rubik's cube in the quarter-turn metric: 12 generators on 48 facets.

    Order ``U, U', L, L', F, F', R, R', B, B', D, D'`` (GAP's face order, each followed
    by its inverse). Group order 43,252,003,274,489,856,000; diameter 26 (Rokicki and Davidson, 2014).

    Parameters
    ----------
    n : int, optional
        Cube size; only 3 is accepted (the default).

    Notes
    -----
    Source: GAP's Rubik's cube example (facets 1..48, here 0..47).

    Examples
    --------
    >>> cube_3x3x3_qtm().degree
    48
    """
    return _cube_3x3x3(n, half_turns=False)


@family(
    "cube_3x3x3_htm",
    degree="48",
    group="Rubik group, order 43,252,003,274,489,856,000",
    min_n=3,
    max_n=3,
    n_meaning="cube size, only 3",
    description="3x3x3 cube, half-turn metric: X, X', X2 for X in U, L, F, R, B, D on 48 facets",
    source=_GAP_SOURCE,
)
def cube_3x3x3_htm(n: int = 3) -> GeneratorSet:
    """3x3x3 Rubik's cube in the half-turn metric: 18 generators on 48 facets.

    Order ``U, U', U2, L, L', L2, F, F', F2, R, R', R2, B, B', B2, D, D', D2``;
    diameter 20 ("God's number", Rokicki, Kociemba, Davidson, Dethridge 2010).

    Parameters
    ----------
    n : int, optional
        Cube size; only 3 is accepted (the default).

    Notes
    -----
    Source: GAP's Rubik's cube example (facets 1..48, here 0..47).

    Examples
    --------
    >>> len(cube_3x3x3_htm())
    18
    """
    return _cube_3x3x3(n, half_turns=True)


@family(
    "globe",
    degree="2(n+1)b",
    group="the globe group (S_4 for a = b = 1)",
    min_n=1,
    max_n=64,
    params=(("b", 1),),
    n_meaning="a: the globe has a+1 rings",
    description="globe puzzle: a+1 rings of 2b cells, ring shifts r_i, r_i' and half-globe flips f_j",
    source="Kaggle Santa 2023 globe puzzles; CayleyPy puzzles/globe.py",
)
def globe(n: int, b: int = 1) -> GeneratorSet:
    """Globe puzzle with ``a = n``: ``a + 1`` rings of ``2b`` cells, ``2(a+1)b`` points.

    Cell ``(row, col)`` is point ``row * 2b + col``. Generators, in order:
    ``r0, r0', ..., ra, ra'`` (cyclic shift left of one ring and its inverse; for b = 1
    the two coincide) and ``f0 .. f(2b-1)``: ``fj`` turns the half globe of columns
    ``j .. j+b-1`` upside down, swapping cell ``(i, j+t)`` with ``(a-i, j+b-1-t)``.

    Parameters
    ----------
    n : int
        The parameter a, 1 to 64 (a + 1 rings).
    b : int, optional
        Half the number of cells per ring, at least 1 (default 1).

    Notes
    -----
    Source: the globe puzzles of Kaggle's Santa 2023 competition, as in CayleyPy
    ``puzzles/globe.py`` (generator order kept; CayleyPy names the inverses ``ri_inv``).

    Examples
    --------
    >>> globe(1).names
    ('r0', "r0'", 'r1', "r1'", 'f0', 'f1')
    """
    a = n
    b = check_int_param("globe", "b", b, 1, 64)
    cols = 2 * b
    size = (a + 1) * cols
    names, perms = [], []
    for row in range(a + 1):
        shift = list(range(size))
        for col in range(cols):
            shift[row * cols + col] = row * cols + (col + 1) % cols
        names += [f"r{row}", f"r{row}'"]
        perms += [shift, inverse(shift)]
    for j in range(cols):
        pairs = [
            (row * cols + (j + t) % cols, (a - row) * cols + (j + b - 1 - t) % cols)
            for row in range((a + 1) // 2)
            for t in range(b)
        ]
        names.append(f"f{j}")
        perms.append(from_cycles(size, pairs))
    description = f"globe(a={a}, b={b}): {a + 1} rings of {cols} cells; Santa 2023, CayleyPy"
    return permutation_set("globe", n, names, perms, description)

"""The n x n x n Rubik's cube on 6n^2 stickers, in the metrics QTM, HTM, QSTM and ATM
(and, for the 2x2x2, CayleyPy's fixed-corner FIXED_QTM and FIXED_HTM).

Stickers are numbered as in CayleyPy 0.2.0 (``cayleypy/puzzles/cube.py``): faces in the
order U, F, R, B, L, D, and sticker ``(row, col)`` of face f is ``f*n^2 + row*n + col``.
The layer moves are ``f0..f(n-1)`` (front to back), ``r0..r(n-1)`` (right to left) and
``d0..d(n-1)`` (down to up); an outer layer also turns its face. The moves below are
written from that definition, and the tests compare them with the 3x3x3 of GAP.
"""
from __future__ import annotations

from itertools import product

from cayley.errors import InputError
from cayley.generators._base import GeneratorSet, family, permutation_set
from cayley.generators._cycles import inverse, square

_FACES = "UFRBLD"
_METRICS = ("QTM", "HTM", "QSTM", "ATM", "FIXED_QTM", "FIXED_HTM")
_MAX_ATM = 5
# CayleyPy's fixed-corner 2x2x2 (``CUBE222_MOVES``) turns the layers f0, r0 and d0, so the
# corner shared by f1, r1 and d1 stays put; it names the r0 turn "r1".
_FIXED_CORNER_MOVES = (("f0", "f0"), ("r1", "r0"), ("d0", "d0"))


def _sticker(n: int, face: str, row: int, col: int) -> int:
    return _FACES.index(face) * n * n + row * n + col


def _turn_face(p: list[int], n: int, face: str, clockwise: bool) -> None:
    """Make ``p`` also turn ``face``: clockwise, position (r, c) receives the sticker at (c, n-1-r)."""
    for r in range(n):
        for c in range(n):
            source = (c, n - 1 - r) if clockwise else (n - 1 - c, r)
            p[_sticker(n, face, r, c)] = _sticker(n, face, *source)


def _layer_move(n: int, axis: str, s: int) -> list[int]:
    """The quarter turn of layer ``s`` about ``axis`` (``"f"``, ``"r"`` or ``"d"``), as an image list.

    Each ring of four stickers is written (a, b, c, d) with ``p[a] = b``, ..., ``p[d] = a``
    (position a receives the sticker at b). For ``"r"``, ``s`` counts from the left face,
    as the move is built; the move is named ``r(n-1-s)``.
    """
    p = list(range(6 * n * n))
    last = n - 1
    for k in range(n):
        if axis == "f":
            ring = [("L", last - k, last - s), ("D", s, last - k), ("R", k, s), ("U", last - s, k)]
        elif axis == "r":
            ring = [("U", k, s), ("F", k, s), ("D", k, s), ("B", last - k, last - s)]
        else:
            ring = [("F", last - s, k), ("L", last - s, k), ("B", last - s, k), ("R", last - s, k)]
        points = [_sticker(n, *x) for x in ring]
        for i, point in enumerate(points):
            p[point] = points[(i + 1) % 4]
    outer = {("f", 0): ("F", False), ("f", last): ("B", True), ("r", 0): ("L", True), ("r", last): ("R", False),
             ("d", 0): ("D", False), ("d", last): ("U", True)}
    for (move_axis, layer), (face, clockwise) in outer.items():
        if move_axis == axis and layer == s:
            _turn_face(p, n, face, clockwise)
    return p


def cube_moves(n: int) -> dict[str, list[int]]:
    """The 3n layer quarter turns of the n x n x n cube, ``f0..f(n-1), r0..r(n-1), d0..d(n-1)``.

    Examples
    --------
    >>> list(cube_moves(2))
    ['f0', 'f1', 'r0', 'r1', 'd0', 'd1']
    """
    moves = {}
    for axis in "frd":
        for t in range(n):
            moves[f"{axis}{t}"] = _layer_move(n, axis, n - 1 - t if axis == "r" else t)
    return moves


def _axial_moves(n: int, moves: dict[str, list[int]]) -> tuple[list[str], list[list[int]]]:
    """ATM: every non-trivial combination of turns of parallel layers (each 0, +1 or -1 quarter turn)."""
    names, perms = [], []
    for axis, letter in (("X", "r"), ("Y", "d"), ("Z", "f")):
        for combo in product((0, 1, 2), repeat=n):
            if not any(combo):
                continue
            p = list(range(6 * n * n))
            parts = []
            for i, turn in enumerate(combo):
                if turn:
                    layer = moves[f"{letter}{i}"] if turn == 1 else inverse(moves[f"{letter}{i}"])
                    p = [p[x] for x in layer]  # layers of one axis commute
                    parts.append(f"s{i}_{'cw' if turn == 1 else 'ccw'}")
            names.append(f"axis_{axis}_" + "_".join(parts))
            perms.append(p)
    return names, perms


def _fixed_corner_moves(moves: dict[str, list[int]], half_turns: bool) -> tuple[list[str], list[list[int]]]:
    """CayleyPy's fixed-corner 2x2x2 moves: ``X, X'`` (and ``X^2``) for its three layers."""
    names, perms = [], []
    for name, layer in _FIXED_CORNER_MOVES:
        names += [name, name + "'"] + ([name + "^2"] if half_turns else [])
        perms += [moves[layer], inverse(moves[layer])] + ([square(moves[layer])] if half_turns else [])
    return names, perms


@family(
    "rubik_cube",
    min_n=2,
    max_n=64,
    params=(("metric", "QTM"),),
    n_meaning="cube size",
    degree="6n^2",
    group="the n x n x n cube group (colour states: a Schreier graph)",
    description="n x n x n cube on 6n^2 stickers; metric QTM (outer and inner layer quarter turns, no middle "
    "slice), HTM (also half turns), QSTM (every slice), ATM (parallel layers at once), FIXED_QTM/FIXED_HTM "
    "(2x2x2 with a corner fixed)",
    source="CayleyPy Puzzles.rubik_cube(n, metric) (cayleypy/puzzles/cube.py numbering)",
)
def rubik_cube(n: int, metric: str = "QTM") -> GeneratorSet:
    """The n x n x n Rubik's cube in CayleyPy's numbering, in one of four metrics.

    Moves are the layer quarter turns ``f0..f(n-1), r0..r(n-1), d0..d(n-1)``:

    - ``QTM``: each move X but the middle slice of an odd cube, as ``X, X'``;
    - ``HTM``: the same moves as ``X, X', X^2``;
    - ``QSTM``: every move, middle slices included, as ``X, X_inv``;
    - ``ATM``: for each axis, every non-trivial combination of quarter turns of its
      parallel layers (3(3^n - 1) generators, n <= 5);
    - ``FIXED_QTM``, ``FIXED_HTM`` (n = 2 only): the layers ``f0, r0, d0`` only, so one
      corner never moves (3,674,160 colourings), as ``X, X'`` (and ``X^2``); CayleyPy
      names the ``r0`` turn ``r1`` and so do we.

    ``central_state`` is the solved colouring (the colour of sticker i is ``i // n^2``),
    the start state of CayleyPy's growth tables; the default start (all stickers
    distinct) gives the Cayley graph of the cube group instead.

    Parameters
    ----------
    n : int
        Cube size, 2 to 64 (ATM: at most 5).
    metric : str, optional
        ``"QTM"`` (default), ``"HTM"``, ``"QSTM"``, ``"ATM"``, ``"fixed_QTM"`` or
        ``"fixed_HTM"`` (any case).

    Notes
    -----
    Source: CayleyPy ``Puzzles.rubik_cube(n, metric)`` (same moves, order and names).
    The 3x3x3 in QTM and HTM has the growth of ``cube_3x3x3_qtm/htm`` (GAP numbering).

    Examples
    --------
    >>> g = rubik_cube(2, metric="HTM")
    >>> g.degree, g.names[:3]
    (24, ('f0', "f0'", 'f0^2'))
    >>> rubik_cube(2, metric="fixed_QTM").names
    ('f0', "f0'", 'r1', "r1'", 'd0', "d0'")
    """
    if not isinstance(metric, str) or metric.upper() not in _METRICS:
        raise InputError(f"rubik_cube: metric={metric!r} is not one of {', '.join(_METRICS)}")
    metric = metric.upper()
    if metric == "ATM" and n > _MAX_ATM:
        raise InputError(f"rubik_cube: ATM has 3(3^n-1) generators; n must be at most {_MAX_ATM}, got n={n}")
    if metric.startswith("FIXED") and n != 2:
        raise InputError(f"rubik_cube: metric={metric} fixes a corner of the 2x2x2 only; n must be 2, got n={n}")
    moves = cube_moves(n)
    names, perms = [], []
    if metric == "ATM":
        names, perms = _axial_moves(n, moves)
    elif metric.startswith("FIXED"):
        names, perms = _fixed_corner_moves(moves, half_turns=metric == "FIXED_HTM")
    for name, p in moves.items() if metric in ("QTM", "HTM", "QSTM") else ():
        middle = n % 2 == 1 and int(name[1:]) == (n - 1) // 2
        if middle and metric != "QSTM":
            continue
        names += [name, name + ("_inv" if metric == "QSTM" else "'")]
        perms += [p, inverse(p)]
        if metric == "HTM":
            names.append(name + "^2")
            perms.append(square(p))
    colours = [i // (n * n) for i in range(6 * n * n)]
    description = f"rubik_cube(n={n}, metric={metric}): {len(names)} moves on {6 * n * n} stickers; CayleyPy numbering"
    return permutation_set("rubik_cube", n, names, perms, description, central_state=colours)

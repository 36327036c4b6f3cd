"""CayleyPy's named puzzles built from shipped move lists: megaminx, pyraminx, starminx,
starminx_2, mini_pyramorphix and picture_cube333.

The megaminx, pyraminx and both starminxes are the PuzzleGeometry files of
``cayley/data/puzzles/defaults`` (the same stickers and moves CayleyPy 0.2.0 uses), with
CayleyPy's order of moves and inverses. The mini pyramorphix and the picture cube have no
PuzzleGeometry file: their moves are CayleyPy's lists, stored as GAP files in
``cayley/data/puzzles/cayleypy`` (MIT License, attribution in the data README).
"""
from __future__ import annotations

from cayley.generators._base import GeneratorSet, family, permutation_set
from cayley.generators._cycles import from_cycles, inverse
from cayley.generators._gap import data_directory, gap_generator_set, parse_gap, shipped_puzzle

_PG = "PuzzleGeometry (T. Rokicki 2018) via CayleyPy 0.2.0"
_FIXED = {"min_n": 1, "max_n": 1, "n_meaning": "none: a single puzzle (leave n out, or 1)"}


def _moves_with_inverses(puzzle_name: str, order: list[str], prefix: str = "") -> tuple[list[str], list[list[int]]]:
    """Moves of a shipped puzzle in ``order``, each followed by its inverse ``<name>_inv``."""
    puzzle = shipped_puzzle(f"gap:{puzzle_name}")
    moves = dict(zip(puzzle.names, puzzle.cycles))
    names, perms = [], []
    for name in order:
        p = from_cycles(puzzle.degree, moves[name])
        names += [prefix + name, prefix + name + "_inv"]
        perms += [p, inverse(p)]
    return names, perms


@family(
    "megaminx",
    degree="120",
    group="the megaminx group, order about 1.0e68",
    description="megaminx on 120 stickers: the 12 face turns U, D, F, B, L, DR, BL, FR, BR, FL, R, DL, each "
    "followed by its inverse",
    source=f"CayleyPy Puzzles.megaminx; {_PG} megaminx.gap; en.wikipedia.org/wiki/Megaminx",
    **_FIXED,
)
def megaminx(n: int = 1) -> GeneratorSet:
    """The megaminx: 12 face turns (fifths of a turn) on 120 stickers, each followed by its inverse.

    Names ``M_U, M_U_inv, M_D, M_D_inv, ...`` in the order U, D, F, B, L, DR, BL, FR, BR,
    FL, R, DL (PuzzleGeometry's file order).

    Parameters
    ----------
    n : int, optional
        Only 1 (the default): the puzzle has no size parameter.

    Notes
    -----
    Source: CayleyPy ``Puzzles.megaminx`` (same stickers, order and names), whose moves are
    PuzzleGeometry's ``megaminx.gap``.

    Examples
    --------
    >>> megaminx().names[:3], megaminx().degree
    (('M_U', 'M_U_inv', 'M_D'), 120)
    """
    order = ["U", "D", "F", "B", "L", "DR", "BL", "FR", "BR", "FL", "R", "DL"]
    names, perms = _moves_with_inverses("megaminx", order, prefix="M_")
    return permutation_set("megaminx", n, names, perms, f"megaminx: 12 face turns and inverses; {_PG}")


@family(
    "pyraminx",
    degree="36",
    group="the pyraminx group with tips, order 75,582,720",
    description="pyraminx on 36 stickers: tips r, l, b, u, then layers BL, BR, F, D, each followed by its inverse",
    source=f"CayleyPy Puzzles.pyraminx; {_PG} pyraminx.gap",
    **_FIXED,
)
def pyraminx(n: int = 1) -> GeneratorSet:
    """The pyraminx with its tips: 8 turns of a third on 36 stickers, each followed by its inverse.

    Order ``r, r_inv, l, l_inv, b, b_inv, u, u_inv`` (the tips), then ``BL, BR, F, D``
    (the corner layers) with their inverses.

    Parameters
    ----------
    n : int, optional
        Only 1 (the default).

    Notes
    -----
    Source: CayleyPy ``Puzzles.pyraminx`` (same stickers, order and names), whose moves are
    PuzzleGeometry's ``pyraminx.gap``. Group order 75,582,720 (Jaap's Puzzle Page, pyraminx).

    Examples
    --------
    >>> pyraminx().names[:4]
    ('r', 'r_inv', 'l', 'l_inv')
    """
    names, perms = _moves_with_inverses("pyraminx", ["r", "l", "b", "u", "BL", "BR", "F", "D"])
    return permutation_set("pyraminx", n, names, perms, f"pyraminx: tips and layers with inverses; {_PG}")


def _gap_default(puzzle_name: str, n: int) -> GeneratorSet:
    g = gap_generator_set(shipped_puzzle(f"gap:{puzzle_name}"), puzzle_name, "")
    description = f"{puzzle_name}: {len(g)} moves (file order, then inverses) on {g.degree} stickers; {_PG}"
    return permutation_set(puzzle_name, n, list(g.names), g.perms.tolist(), description, g.central_state)


@family(
    "starminx",
    degree="120",
    group="the starminx group",
    description="starminx: the 20 corner turns (disjoint 3-cycles) of a dodecahedron, then their inverses",
    source=f"CayleyPy Puzzles.starminx = GapPuzzles.puzzle('starminx'); {_PG} starminx.gap",
    **_FIXED,
)
def starminx(n: int = 1) -> GeneratorSet:
    """The starminx: 20 vertex turns of the dodecahedron, then their 20 inverses.

    ``central_state`` holds the identical stickers of the file's ``ip`` (CayleyPy's start).

    Parameters
    ----------
    n : int, optional
        Only 1 (the default).

    Notes
    -----
    Source: CayleyPy ``Puzzles.starminx`` (PuzzleGeometry's ``starminx.gap``, inverses appended).

    Examples
    --------
    >>> len(starminx()), starminx().inverse_closed
    (40, True)
    """
    return _gap_default("starminx", n)


@family(
    "starminx_2",
    degree="132",
    group="the starminx 2 group",
    description="starminx 2: the 12 face turns of a dodecahedron, then their inverses",
    source=f"CayleyPy Puzzles.starminx_2 = GapPuzzles.puzzle('starminx_2'); {_PG} starminx_2.gap",
    **_FIXED,
)
def starminx_2(n: int = 1) -> GeneratorSet:
    """Starminx 2: 12 face turns of the dodecahedron, then their inverses.

    Parameters
    ----------
    n : int, optional
        Only 1 (the default).

    Notes
    -----
    Source: CayleyPy ``Puzzles.starminx_2`` (PuzzleGeometry's ``starminx_2.gap``, inverses appended).

    Examples
    --------
    >>> len(starminx_2()), starminx_2().degree
    (24, 132)
    """
    return _gap_default("starminx_2", n)


def _cayleypy_table(file_name: str, family_name: str, n: int, prefix: str) -> GeneratorSet:
    path = data_directory() / "cayleypy" / f"{file_name}.gap"
    puzzle = parse_gap(path.read_text(encoding="utf-8"), path.name)
    perms = [from_cycles(puzzle.degree, cycles) for cycles in puzzle.cycles]
    description = f"{family_name}: {len(perms)} moves on {puzzle.degree} stickers; CayleyPy puzzles/moves.py"
    return permutation_set(family_name, n, [prefix + name for name in puzzle.names], perms, description)


@family(
    "mini_pyramorphix",
    degree="24",
    group="order 288",
    description="mini pyramorphix: 17 moves (2- and 3-cycles of 24 tiles) from CayleyPy's list",
    source="CayleyPy Puzzles.mini_pyramorphix (cayleypy/puzzles/moves.py, MIT License)",
    **_FIXED,
)
def mini_pyramorphix(n: int = 1) -> GeneratorSet:
    """The mini pyramorphix: 17 moves on 24 tiles, generating a group of order 288.

    Parameters
    ----------
    n : int, optional
        Only 1 (the default).

    Notes
    -----
    Source: CayleyPy ``Puzzles.mini_pyramorphix`` (its move list, shipped as
    ``cayley/data/puzzles/cayleypy/mini_pyramorphix.gap``; same order and names).

    Examples
    --------
    >>> len(mini_pyramorphix()), mini_pyramorphix().names[0]
    (17, 'M_DF')
    """
    return _cayleypy_table("mini_pyramorphix", "mini_pyramorphix", n, "M_")


@family(
    "picture_cube333",
    degree="72",
    group="the picture-cube group (3x3x3 with oriented centres)",
    description="IHES picture cube: 3x3x3 layer turns f0..f2, r0..r2, d0..d2 and inverses on 72 oriented facelets",
    source="CayleyPy Puzzles.picture_cube333 (cayleypy/puzzles/moves.py, MIT License); "
    "kaggle.com/competitions/cayleypy-ihes-cube",
    **_FIXED,
)
def picture_cube333(n: int = 1) -> GeneratorSet:
    """The IHES picture cube: 18 moves on 72 picture-oriented facelets.

    Parameters
    ----------
    n : int, optional
        Only 1 (the default).

    Notes
    -----
    Source: CayleyPy ``Puzzles.picture_cube333`` (its move list, shipped as
    ``cayley/data/puzzles/cayleypy/picture_cube333.gap``; same order and names).

    Examples
    --------
    >>> picture_cube333().names[:2], picture_cube333().degree
    (('f0', '-f0'), 72)
    """
    return _cayleypy_table("picture_cube333", "picture_cube333", n, "")

"""Puzzles written in GAP: the parser, :func:`load_gap_file`, and the shipped collection.

A GAP puzzle file (the format PuzzleGeometry writes) assigns one move per statement,
``M_<name>:=(a,b,c)(d,e);`` with 1-based stickers, then the generating set in order,
``Gen:=[M_x, M_y, ...];``, and optionally the sets of identical stickers,
``ip:=[[1,2],[3],...];``. Comment lines start with ``#``; a statement may span lines.

The 92 files of ``cayley/data/puzzles`` (PuzzleGeometry, T. Rokicki 2018, as shipped by
CayleyPy 0.2.0, MIT License) are registered as families ``gap:<name>``: the 72 of
``defaults`` (e.g. ``gap:megaminx``) and the 20 pyraminx/tetraminx variants under their
folder (e.g. ``gap:rot_pyraminx/pyraminx``). The files list one direction of each move;
the inverses are added (as CayleyPy does), so the graphs are undirected.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cayley.errors import InputError
from cayley.generators._base import GeneratorSet, family, permutation_set
from cayley.generators._cycles import from_cycles, inverse

_STATEMENT = re.compile(r"^([A-Za-z_][\w'-]*)\s*:=\s*(.*)$", re.S)
_CYCLES = re.compile(r"^(\(\d+(,\d+)*\))+$|^\(\)$")
_SOURCE = "PuzzleGeometry (T. Rokicki, cubing.js, 2018) as shipped by CayleyPy 0.2.0 (MIT License)"


@dataclass(frozen=True)
class GapPuzzle:
    """A parsed GAP puzzle file: named moves as 0-based cycles, in generating-set order.

    Attributes
    ----------
    names : tuple of str
        Move names without their ``M_`` prefixes, in the order of ``Gen``.
    cycles : tuple of tuple of tuple of int
        Each move's cycles, 0-based.
    degree : int
        The largest sticker moved (the number of stickers).
    pieces : tuple of tuple of int
        The ``ip`` sets of identical stickers, 0-based (empty without ``ip``).
    """

    names: tuple[str, ...]
    cycles: tuple[tuple[tuple[int, ...], ...], ...]
    degree: int
    pieces: tuple[tuple[int, ...], ...]

    def central_state(self) -> list[int]:
        """Sticker colours from ``ip``: stickers in one set share a colour, others have their own.

        Colours are numbered 0, 1, ... in the order of their first sticker.
        """
        piece_of = {point: piece for piece in self.pieces for point in piece}
        state = [-1] * self.degree
        colour = 0
        for point in range(self.degree):
            if state[point] == -1:
                for member in piece_of.get(point, (point,)):
                    state[member] = colour
                colour += 1
        return state


def parse_gap(text: str, where: str = "<text>") -> GapPuzzle:
    """Parse the text of a GAP puzzle file.

    Parameters
    ----------
    text : str
        The file's contents.
    where : str, optional
        The file's name, used in error messages.

    Returns
    -------
    GapPuzzle

    Raises
    ------
    InputError
        One line naming the file, the line and what is wrong: a statement that is not
        ``NAME:=VALUE;``, a move that is not cycle notation, a point repeated in a move,
        a move defined twice, ``Gen`` naming an undefined move, a malformed ``ip``, an
        unknown assignment, or no move at all.

    Examples
    --------
    >>> puzzle = parse_gap("M_a:=(1,2,3);\\nM_b:=(3,4);\\nGen:=[M_a,M_b];")
    >>> puzzle.names, puzzle.cycles, puzzle.degree
    (('a', 'b'), (((0, 1, 2),), ((2, 3),)), 4)
    >>> parse_gap("M_a:=(1,2,1);", "bad.gap")
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: bad.gap:1: move M_a repeats point 1 (a move is disjoint cycles of 1-based points)
    """
    moves: dict[str, tuple[tuple[int, ...], ...]] = {}
    order: list[str] | None = None
    pieces: tuple[tuple[int, ...], ...] = ()
    for line_number, statement in _statements(text, where):
        here = f"{where}:{line_number}"
        match = _STATEMENT.match(statement)
        if match is None:
            raise InputError(f"{here}: expected NAME:=VALUE; got {_clip(statement)!r}")
        key, value = match.group(1), re.sub(r"\s+", "", match.group(2))
        if key.startswith("M_"):
            if key in moves:
                raise InputError(f"{here}: move {key} is defined twice")
            moves[key] = _parse_move(key, value, here)
        elif key == "Gen":
            order = _parse_names(value, here)
        elif key == "ip":
            pieces = _parse_pieces(value, here)
        else:
            raise InputError(f"{here}: unknown assignment {key}:=...; a GAP puzzle file has M_<move>, Gen and ip")
    if not moves:
        raise InputError(f"{where}: no moves found; a GAP puzzle file defines moves as M_<name>:=(1,2,3)(4,5);")
    if order is None:
        order = list(moves)
    missing = [name for name in order if name not in moves]
    if missing:
        raise InputError(f"{where}: Gen names {', '.join(missing)}, which no M_...:= statement defines")
    if len(set(order)) != len(order):
        raise InputError(f"{where}: Gen lists a move twice")
    degree = max((max(c) + 1 for key in order for c in moves[key]), default=0)
    if degree == 0:
        raise InputError(f"{where}: every move is the identity; nothing to explore")
    if pieces and max(max(p) for p in pieces) >= degree:
        top = max(max(p) for p in pieces) + 1
        raise InputError(f"{where}: ip mentions sticker {top}, but the moves use 1..{degree}")
    names = tuple(_move_name(key) for key in order)
    if len(set(names)) != len(names):
        raise InputError(f"{where}: two moves have the same name once their M_ prefixes are removed")
    return GapPuzzle(names, tuple(moves[key] for key in order), degree, pieces)


def _statements(text: str, where: str) -> list[tuple[int, str]]:
    """Statements ending in ``;`` with the line each starts on; comments and blank lines dropped."""
    out, current, start = [], [], None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if start is None:
            start = number
        current.append(line)
        while current and ";" in current[-1]:
            head, _, tail = current[-1].partition(";")
            current[-1] = head
            out.append((start, " ".join(current).strip()))
            current, start = ([tail.strip()], number) if tail.strip() else ([], None)
    if current:
        raise InputError(f"{where}:{start}: statement {_clip(' '.join(current))!r} does not end with ';'")
    return out


def _clip(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_move(key: str, value: str, here: str) -> tuple[tuple[int, ...], ...]:
    if not _CYCLES.match(value):
        raise InputError(f"{here}: move {key} is not GAP cycle notation like (1,2,3)(4,5): {_clip(value)!r}")
    cycles = tuple(tuple(int(x) - 1 for x in chunk.split(",")) for chunk in re.findall(r"\(([\d,]+)\)", value))
    points = [x for c in cycles for x in c]
    if min(points, default=0) < 0:
        raise InputError(f"{here}: move {key} uses sticker 0; stickers are numbered from 1")
    if len(set(points)) != len(points):
        repeated = next(x for x in points if points.count(x) > 1)
        raise InputError(
            f"{here}: move {key} repeats point {repeated + 1} (a move is disjoint cycles of 1-based points)"
        )
    return tuple(c for c in cycles if len(c) > 1)


def _parse_names(value: str, here: str) -> list[str]:
    if not (value.startswith("[") and value.endswith("]")):
        raise InputError(f"{here}: Gen must be a list [M_x,M_y,...], got {_clip(value)!r}")
    names = [x for x in value[1:-1].split(",")]
    if not names or not all(re.fullmatch(r"M_[\w'-]*", x) for x in names):
        raise InputError(f"{here}: Gen must list move names M_x separated by commas, got {_clip(value)!r}")
    return names


def _parse_pieces(value: str, here: str) -> tuple[tuple[int, ...], ...]:
    if not re.fullmatch(r"\[(\[\d+(,\d+)*\](,\[\d+(,\d+)*\])*)?\]", value):
        raise InputError(f"{here}: ip must be a list of lists of stickers like [[1,2],[3]], got {_clip(value)!r}")
    pieces = tuple(tuple(int(x) - 1 for x in chunk.split(",")) for chunk in re.findall(r"\[([\d,]+)\]", value))
    flat = [x for p in pieces for x in p]
    if min(flat, default=0) < 0 or len(set(flat)) != len(flat):
        raise InputError(f"{here}: ip must name stickers from 1, each in at most one set")
    return pieces


def _move_name(key: str) -> str:
    while key.startswith("M_"):
        key = key[2:]
    return key


def gap_generator_set(
    puzzle: GapPuzzle, family_name: str, description: str, add_inverses: bool = True
) -> GeneratorSet:
    """The generators of a parsed puzzle, followed by the missing inverses (named with ``'``)."""
    names = list(puzzle.names)
    perms = [from_cycles(puzzle.degree, cycles) for cycles in puzzle.cycles]
    if add_inverses:
        present = {tuple(p) for p in perms}
        for name, p in list(zip(names, perms)):
            q = inverse(p)
            if tuple(q) not in present:
                names.append(name + "'")
                perms.append(q)
    central = puzzle.central_state() if puzzle.pieces else None
    return permutation_set(family_name, 1, names, perms, description, central_state=central)


def load_gap_file(path: str | Path, add_inverses: bool = True) -> GeneratorSet:
    """Generators of a puzzle from a GAP file (PuzzleGeometry's format).

    Parameters
    ----------
    path : str or Path
        The ``.gap`` file.
    add_inverses : bool, optional
        Append the inverse of every move whose inverse is not already a move, named
        ``<move>'`` (default True, as CayleyPy's ``GapPuzzles.puzzle``): the graph is
        then undirected. With False the moves are exactly the file's.

    Returns
    -------
    GeneratorSet
        Family ``gap-file``, ``n = 1``; ``central_state`` holds the sticker colours of
        ``ip`` when the file has one (CayleyPy's start state).

    Raises
    ------
    InputError
        A malformed file (see :func:`parse_gap`); OSError when it cannot be read.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".gap", delete=False) as f:
    ...     _ = f.write("M_a:=(1,2,3);\\nGen:=[M_a];\\n")
    >>> g = load_gap_file(f.name)
    >>> g.names, g.perms.tolist()
    (('a', "a'"), [[1, 2, 0], [2, 0, 1]])
    >>> os.remove(f.name)
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    puzzle = parse_gap(text, str(path))
    description = f"{path.name}: GAP puzzle file, {puzzle.degree} stickers"
    return gap_generator_set(puzzle, "gap-file", description, add_inverses)


def data_directory() -> Path:
    """The folder of the shipped puzzle files, ``cayley/data/puzzles``."""
    return Path(str(resources.files("cayley"))) / "data" / "puzzles"


def _shipped_files() -> dict[str, Path]:
    """``gap:<name>`` -> file, for the 92 shipped PuzzleGeometry files."""
    root = data_directory()
    files = {f"gap:{p.stem}": p for p in sorted((root / "defaults").glob("*.gap"))}
    for p in sorted((root / "pyraminx_tetraminx").glob("*/*.gap")):
        files[f"gap:{p.parent.name}/{p.stem}"] = p
    return files


@functools.lru_cache(maxsize=None)
def shipped_puzzle(name: str) -> GapPuzzle:
    """The parsed shipped file of family ``name`` (``"gap:megaminx"``, ``"gap:rot_pyraminx/pyraminx"``).

    Examples
    --------
    >>> shipped_puzzle("gap:2x2x2").degree
    24
    """
    return parse_gap(_SHIPPED[name].read_text(encoding="utf-8"), _SHIPPED[name].name)


def gap_puzzle_names() -> list[str]:
    """Names of the shipped GAP puzzles, as registered families.

    Examples
    --------
    >>> names = gap_puzzle_names()
    >>> len(names), names[:2]
    (92, ['gap:10x10x10', 'gap:11x11x11'])
    """
    return list(_SHIPPED)


def _register(name: str) -> None:
    def build(n: int = 1) -> GeneratorSet:
        puzzle = shipped_puzzle(name)
        return gap_generator_set(puzzle, name, f"{name}: {puzzle.degree} stickers, moves and their inverses; {_SOURCE}")

    build.__name__ = build.__qualname__ = name.replace(":", "_").replace("/", "_")
    build.__doc__ = f"The shipped GAP puzzle {name!r}.\n\nNotes\n-----\nSource: {_SOURCE}.\n"
    family(
        name,
        min_n=1,
        max_n=1,
        n_meaning="none: a single puzzle (leave n out, or 1)",
        degree="the file's stickers",
        group="the puzzle's group",
        description=f"GAP puzzle {_SHIPPED[name].relative_to(data_directory()).as_posix()}: "
        "its moves, then their inverses",
        source=_SOURCE,
    )(build)


_SHIPPED = _shipped_files()
for _name in _SHIPPED:
    _register(_name)

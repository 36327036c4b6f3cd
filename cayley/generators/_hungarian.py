"""The Hungarian rings puzzle: two rings of balls that cross at one or two points.

Points are numbered as in CayleyPy 0.2.0 (``cayleypy/puzzles/hungarian_rings.py``): the
left ring is ``0..L-1`` in order; the right ring starts at the first crossing 0, runs
through the new points ``L, L+1, ...``, meets the left ring again at its point
``left_index`` (when the rings cross twice, ``right_index`` steps before coming back to 0)
and ends with the remaining new points.
"""
from __future__ import annotations

from cayley.errors import InputError
from cayley.generators._base import GeneratorSet, family, permutation_set
from cayley.generators._cycles import inverse

_SOURCE = "CayleyPy Puzzles.hungarian_rings (cayleypy/puzzles/hungarian_rings.py); Kaggle Santa 2023"


def santa_rings(n: int) -> tuple[int, int, int, int]:
    """CayleyPy's rings for n points: equal-ish rings crossing twice, a third of the way round.

    Returns ``(left_size, left_index, right_size, right_index)`` with
    ``right_size = (n+2)//2``, ``left_size = n+2-right_size``, ``left_index = right_size//3``
    and ``right_index = left_index + 1``.

    Examples
    --------
    >>> santa_rings(10)
    (6, 2, 6, 3)
    """
    right_size = (n + 2) // 2
    left_index = right_size // 3
    return n + 2 - right_size, left_index, right_size, left_index + 1


def _rings(text: object) -> tuple[int, int, int, int]:
    try:
        values = tuple(int(x) for x in (text.split(",") if isinstance(text, str) else text))
    except (TypeError, ValueError):
        values = ()
    if len(values) != 4:
        raise InputError(
            f"hungarian_rings: rings={text!r} must be four ints 'left_size,left_index,right_size,right_index'"
        )
    return values


def _ring_shift(size: int, ring: list[int]) -> list[int]:
    """Gathering along ``ring``: position ``ring[j]`` receives the ball at ``ring[j+1]``."""
    p = list(range(size))
    for j, point in enumerate(ring):
        p[point] = ring[(j + 1) % len(ring)]
    return p


@family(
    "hungarian_rings",
    min_n=3,
    max_n=4096,
    params=(("rings", ""),),
    n_meaning="number of balls",
    group="S_n or A_n (depends on the rings)",
    description="two crossing rings turned one step either way: L, R, -L, -R; rings=L,a,R,b or CayleyPy's "
    "Santa rings for n",
    source=_SOURCE,
)
def hungarian_rings(n: int, rings: object = "") -> GeneratorSet:
    """Hungarian rings with n balls: turn the left or right ring one step, either way.

    Generators, in order: ``L``, ``R`` (one step of each ring), then ``-L``, ``-R`` (the
    other way), each inverse left out when it equals its move (a ring of 2).

    Parameters
    ----------
    n : int
        Number of balls, ``left_size + right_size - crossings``.
    rings : str or tuple, optional
        ``"left_size,left_index,right_size,right_index"``: the ring sizes and, for rings
        that cross twice, where the second crossing is on each ring (both indices 0: the
        rings cross once). ``left_index <= left_size/2``, ``right_index <= right_size/2``.
        Default: CayleyPy's Santa rings for n (:func:`santa_rings`, n >= 6).

    Notes
    -----
    Source: CayleyPy ``Puzzles.hungarian_rings(left_size, left_index, right_size,
    right_index)`` and ``prepare_graph("hungarian_rings", n)`` (same order and names).

    Examples
    --------
    >>> hungarian_rings(8, rings="5,2,5,2").perms.tolist()
    [[1, 2, 3, 4, 0, 5, 6, 7], [5, 1, 7, 3, 4, 6, 2, 0], [4, 0, 1, 2, 3, 5, 6, 7], [7, 1, 6, 3, 4, 0, 5, 2]]
    """
    if rings in ("", None):
        if n < 6:
            raise InputError(f"hungarian_rings: the Santa rings need n >= 6, got n={n}; or give rings=L,a,R,b")
        left, a, right, b = santa_rings(n)
    else:
        left, a, right, b = _rings(rings)
    if left < 2 or right < 2:
        raise InputError(f"hungarian_rings: ring sizes must be at least 2, got {left} and {right}")
    if (a == 0) != (b == 0) or a < 0 or b < 0 or 2 * a > left or 2 * b > right:
        raise InputError(
            f"hungarian_rings: indices {a}, {b} not allowed; both 0 (one crossing) or 1 <= left_index <= "
            f"left_size/2 and 1 <= right_index <= right_size/2"
        )
    crossings = 1 if a == 0 else 2
    size = left + right - crossings
    if size != n:
        raise InputError(f"hungarian_rings: rings {left},{a},{right},{b} have {size} balls, but n={n}")
    left_ring = list(range(left))
    if crossings == 1:
        right_ring = [0, *range(left, size)]
    else:
        second = left + right - b - 1
        right_ring = [0, *range(left, second), a, *range(second, size)]
    forward = [_ring_shift(size, left_ring), _ring_shift(size, right_ring)]
    names, perms = ["L", "R"], list(forward)
    for name, p in zip(("-L", "-R"), forward):
        if inverse(p) != p:
            names.append(name)
            perms.append(inverse(p))
    description = f"hungarian_rings(n={n}, rings={left},{a},{right},{b}); CayleyPy"
    return permutation_set("hungarian_rings", n, names, perms, description)

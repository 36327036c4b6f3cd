"""Numba kernels of the flip-graph random walk (GF(2) and ternary).

Each walker owns ``masks[dim, term]`` and ``signs[dim, term]`` (see :mod:`._packing`) and
its rank. Moves (all identities of the tensor, so a valid scheme stays valid):

* **flip** (Kauers-Moosbauer): two terms sharing a factor x (up to sign s),
  ``x(y)(z) + x(y')(z')`` becomes ``x(y + s y')(z) + x(y')(z' - z)``;
* **reduction**: a factor that became zero removes its term; two terms sharing two
  factors merge into one; reductions cascade;
* **plus transition** (Arai, Ichikawa, Hukushima): ``x y z + x' y' z'`` becomes
  ``(x - x') y z + x' y z + x' y' z'``, followed by a flip of the last two terms, which
  raises the rank by one to leave a plateau;
* **dead-end avoidance** (optional): a reduction into a scheme without any flip candidate
  (such as Strassen (x) Strassen, the trap of 4x4x4 over GF(2) at rank 49) is not kept;
  the walker goes back to its best scheme, which then always has flips.

Ternary walks keep u and v canonical (first nonzero entry positive, the sign moved to w)
and never take a move whose sum or difference would create a coefficient +-2.
Every walker has its own xorshift64* generator, so runs are reproducible per seed.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ._borrow import borrowed

_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_S12 = np.uint64(12)
_S25 = np.uint64(25)
_S27 = np.uint64(27)
_S32 = np.uint64(32)
_MUL = np.uint64(0x2545F4914F6CDD1D)

# counters[walker, k]; PERIOD is the flips the current plateau lasts (0: not drawn yet)
FLIPS, PLUSES, REDUCTIONS, SINCE_IMPROVE, DEAD_ENDS, PERIOD = 0, 1, 2, 3, 4, 5
N_COUNTERS = 6


@njit(cache=True, inline="always")
def _next(rng, w):
    """xorshift64* step of walker ``w``'s generator; returns 64 random bits."""
    x = rng[w]
    x ^= x >> _S12
    x ^= x << _S25
    x ^= x >> _S27
    rng[w] = x
    return x * _MUL


@njit(cache=True, inline="always")
def _below(rng, w, n):
    """Uniform integer in [0, n) (multiply-shift on the high 32 bits)."""
    return np.int64(((_next(rng, w) >> _S32) * np.uint64(n)) >> _S32)


@njit(cache=True, inline="always")
def _relation(masks, signs, d, i, j, ternary):
    """+1 if factor d of terms i, j is equal, -1 if negated (ternary only), else 0."""
    if masks[d, i] != masks[d, j]:
        return 0
    if not ternary or signs[d, i] == signs[d, j]:
        return 1
    if (signs[d, i] ^ signs[d, j]) == masks[d, i]:
        return -1
    return 0


@njit(cache=True, inline="always")
def _add(mx, sx, my, sy, sgn, ternary):
    """x + sgn*y on packed vectors; returns (ok, mask, sign); ok is False if a +-2 appears."""
    if not ternary:
        return True, mx ^ my, _ZERO
    if sgn < 0:
        sy = sy ^ my
    if (mx & my & ~(sx ^ sy)) != _ZERO:
        return False, _ZERO, _ZERO
    return True, mx ^ my, (sx & ~my) | (sy & ~mx)


@njit(cache=True, inline="always")
def _canonicalise(masks, signs, t, ternary):
    """Make the first nonzero entry of u_t and v_t positive, moving signs to w_t."""
    if not ternary:
        return
    for d in range(2):
        m = masks[d, t]
        if m != _ZERO and (signs[d, t] & (m & (~m + _ONE))) != _ZERO:
            signs[d, t] ^= m
            signs[2, t] ^= masks[2, t]


@njit(cache=True)
def _remove(masks, signs, t, rank):
    """Delete term t by moving the last term into its place; returns the new rank."""
    last = rank - 1
    for d in range(3):
        masks[d, t] = masks[d, last]
        signs[d, t] = signs[d, last]
        masks[d, last] = _ZERO
        signs[d, last] = _ZERO
    return last


@njit(cache=True, inline="always")
def _shared_masks(masks, t, k):
    """How many of the three factor masks terms t and k have in common (0 to 3)."""
    return (np.int64(masks[0, k] == masks[0, t]) + np.int64(masks[1, k] == masks[1, t])
            + np.int64(masks[2, k] == masks[2, t]))


@njit(cache=True, inline="always")
def _count_mergeable(masks, t, rank):
    """Number of terms k != t whose masks agree with t's in at least two factors.

    Branch-free (vectorised) count: the cheap test that lets :func:`_reduce_term` return at
    once in the common case where nothing merges (equal masks are necessary for a merge).
    """
    r0, r1, r2 = masks[0], masks[1], masks[2]
    a, b, c = r0[t], r1[t], r2[t]
    hits = 0
    for q in range(np.uint64(rank)):
        same = np.int64(r0[q] == a) + np.int64(r1[q] == b) + np.int64(r2[q] == c)
        hits += np.int64(same >= 2)
    return hits - 1  # t itself agrees in all three


@njit(cache=True)
def _reduce_term(masks, signs, t, rank, ternary):
    """Merge term t with a term sharing two of its factors; returns the new rank.

    ``x y z + (s1 x)(s2 y) z'`` becomes ``x y (z + s1 s2 z')``; a zero result vanishes.
    Terms are tried in ascending order; a vectorised count of the terms whose masks agree
    with t's in two factors comes first, so that the usual case (no merge) costs one
    branch-free pass and the scan skips every term that cannot merge.
    """
    left = _count_mergeable(masks, t, rank)
    k = -1
    while left > 0:
        k += 1
        if k == t or _shared_masks(masks, t, k) < 2:
            continue
        left -= 1
        for d3 in range(3):
            d1 = 1 if d3 == 0 else 0
            d2 = 1 if d3 == 2 else 2
            s1 = _relation(masks, signs, d1, t, k, ternary)
            if s1 == 0:
                continue
            s2 = _relation(masks, signs, d2, t, k, ternary)
            if s2 == 0:
                continue
            ok, m, s = _add(masks[d3, t], signs[d3, t], masks[d3, k], signs[d3, k], s1 * s2, ternary)
            if not ok:
                continue
            masks[d3, t] = m
            signs[d3, t] = s
            _canonicalise(masks, signs, t, ternary)
            if m == _ZERO:  # both terms vanish
                hi, lo = (t, k) if t > k else (k, t)
                rank = _remove(masks, signs, hi, rank)
                return _remove(masks, signs, lo, rank)
            return _remove(masks, signs, k, rank)
    return rank


@njit(cache=True)
def reduce_all(masks, signs, rank, ternary):
    """Remove zero terms and merge reducible pairs until none is left; returns the rank."""
    t = 0
    while t < rank:
        if masks[0, t] == _ZERO or masks[1, t] == _ZERO or masks[2, t] == _ZERO:
            rank = _remove(masks, signs, t, rank)
            t = 0
            continue
        new_rank = _reduce_term(masks, signs, t, rank, ternary)
        if new_rank < rank:
            rank = new_rank
            t = 0
            continue
        t += 1
    return rank


@njit(cache=True, inline="always")
def _apply_flip(masks, signs, i, j, d, sgn, e, f, ternary):
    """Flip on terms i, j sharing factor d (x_j = sgn x_i): y_i += sgn y_j, z_j -= z_i.

    ``e`` is the dimension of y, ``f`` that of z. Returns False (and changes nothing) when
    a ternary coefficient would leave {-1, 0, 1}.
    """
    ok1, my, sy = _add(masks[e, i], signs[e, i], masks[e, j], signs[e, j], sgn, ternary)
    if not ok1:
        return False
    ok2, mz, sz = _add(masks[f, j], signs[f, j], masks[f, i], signs[f, i], -1, ternary)
    if not ok2:
        return False
    masks[e, i] = my
    signs[e, i] = sy
    masks[f, j] = mz
    signs[f, j] = sz
    return True


@njit(cache=True)
def _after_change(masks, signs, i, j, rank, ternary):
    """Canonicalise terms i, j after a move and run reductions; returns the new rank."""
    _canonicalise(masks, signs, i, ternary)
    _canonicalise(masks, signs, j, ternary)
    zero = False
    for d in range(3):
        zero = zero or masks[d, i] == _ZERO or masks[d, j] == _ZERO
    if zero:
        return reduce_all(masks, signs, rank, ternary)
    new_rank = _reduce_term(masks, signs, i, rank, ternary)
    if new_rank == rank:
        new_rank = _reduce_term(masks, signs, j, rank, ternary)
    if new_rank < rank:  # a merge happened: cascade over the whole scheme
        return reduce_all(masks, signs, new_rank, ternary)
    return rank


# A flip candidate (i, j, d), i < j sharing factor d, is stored as one int64 code holding the
# two "factor keys" i * 4 + d and j * 4 + d in its low and high 32 bits, so that finding the
# candidates that involve a given factor of a term is a single pass over one flat array.
_KEY_BITS = np.int64(32)
_KEY_MASK = np.int64(0xFFFFFFFF)


@njit(cache=True, inline="always")
def _encode_pair(i, j, d):
    """Code of candidate (i, j, d): keys ``4 i + d`` (low 32 bits) and ``4 j + d`` (high)."""
    return np.int64(4 * i + d) | (np.int64(4 * j + d) << _KEY_BITS)


@njit(cache=True, inline="always")
def decode_pair(code):
    """Inverse of the candidate encoding: returns ``(i, j, d)``."""
    low = code & _KEY_MASK
    return low >> 2, code >> (_KEY_BITS + 2), low & 3


@njit(cache=True, inline="always")
def _count_sharing_after(masks, i, rank):
    """Number of terms j > i whose masks agree with term i's in some factor (branch-free)."""
    r0, r1, r2 = masks[0], masks[1], masks[2]
    a, b, c = r0[i], r1[i], r2[i]
    hits = 0
    for q in range(np.uint64(i + 1), np.uint64(rank)):
        hits += np.int64((r0[q] == a) | (r1[q] == b) | (r2[q] == c))
    return hits


@njit(cache=True)
def build_pairs(masks, signs, rank, pairs, ternary):
    """Fill ``pairs[:count]`` with the codes of every flip candidate (i < j share factor d).

    ``pairs`` is a flat int64 array of length at least ``3 r (r - 1) / 2``; read a code back
    with :func:`decode_pair`. Returns ``count``. Candidates come in (i, j, d) order; for each
    i a branch-free count of the later terms sharing a mask comes first, and the scan over j
    stops after the last of them.
    """
    count = 0
    for i in range(rank):
        left = _count_sharing_after(masks, i, rank)
        j = i
        while left > 0:
            j += 1
            if (masks[0, j] != masks[0, i]) & (masks[1, j] != masks[1, i]) & (masks[2, j] != masks[2, i]):
                continue
            left -= 1
            for d in range(3):
                if masks[d, i] == masks[d, j] and _relation(masks, signs, d, i, j, ternary) != 0:
                    pairs[count] = _encode_pair(i, j, d)
                    count += 1
    return count


# After a flip, the candidate list and two rows of the scheme are scanned for the entries a
# changed factor touches. A branch-free count of the hits comes first (a loop over unsigned
# indices, which the compiler turns into vector instructions: no negative-index wraparound
# code in its way); the entry-by-entry scan, in ascending order as before, then stops after
# the last hit instead of running to the end.


@njit(cache=True, inline="always")
def _is_stale(code, key_i, key_j):
    """True if candidate ``code`` involves factor key ``key_i`` or ``key_j``."""
    low = code & _KEY_MASK
    high = code >> _KEY_BITS
    return (low == key_i) | (high == key_i) | (low == key_j) | (high == key_j)


@njit(cache=True, inline="always")
def _count_stale(pairs, count, key_i, key_j):
    """Number of key hits in ``pairs[:count]`` (branch-free, vectorised)."""
    hits = 0
    for q in range(np.uint64(count)):
        code = pairs[q]
        low = code & _KEY_MASK
        high = code >> _KEY_BITS
        hits += (np.int64(low == key_i) + np.int64(high == key_i)
                 + np.int64(low == key_j) + np.int64(high == key_j))
    return hits


@njit(cache=True, inline="always")
def _drop_stale(pairs, count, i, e, j, f):
    """Remove candidates involving factor ``e`` of term i or factor ``f`` of term j.

    Swap-with-last removal in ascending order, so the list order (and with it the walk for a
    given seed) is a fixed function of the moves made. A candidate holds at most one of the
    two keys (its two keys name one factor dimension, e != f), so the hit count is the
    number of stale candidates.
    """
    key_i = np.int64(4 * i + e)
    key_j = np.int64(4 * j + f)
    left = _count_stale(pairs, count, key_i, key_j)
    k = 0
    while left > 0:
        if _is_stale(pairs[k], key_i, key_j):
            count -= 1
            pairs[k] = pairs[count]
            left -= 1
        else:
            k += 1
    return count


@njit(cache=True, inline="always")
def _count_equal(row, stop, value):
    """Number of entries of ``row[:stop]`` equal to ``value`` (branch-free, vectorised)."""
    hits = 0
    for q in range(np.uint64(stop)):
        hits += np.int64(row[q] == value)
    return hits


@njit(cache=True, inline="always")
def _add_candidates(masks, signs, rank, pairs, count, t, dim, ternary):
    """Add candidates for the new factor ``dim`` of term ``t``.

    Returns ``(count, reducible)``; ``reducible`` is True when some term now shares two
    factors with t (the caller then reduces and rebuilds the list).
    """
    row = masks[dim]
    value = row[t]
    o1 = (dim + 1) % 3
    o2 = (dim + 2) % 3
    left = _count_equal(row, rank, value) - 1  # terms other than t with this mask
    k = -1
    while left > 0:
        k += 1
        if row[k] != value or k == t:
            continue
        left -= 1
        if _relation(masks, signs, dim, t, k, ternary) == 0:
            continue
        if _relation(masks, signs, o1, t, k, ternary) != 0 or _relation(masks, signs, o2, t, k, ternary) != 0:
            return count, True
        pairs[count] = _encode_pair(t, k, dim)
        count += 1
    return count, False


@njit(cache=True, inline="always")
def try_flip(masks, signs, rank, pairs, count, rng, w, ternary):
    """Perform one random flip from the candidate list (and the reductions it triggers).

    Returns ``(flipped, rank, count)``. ``pairs``/``count`` is the candidate list of
    :func:`build_pairs`, kept up to date (rebuilt after a reduction). ``flipped`` is False
    when no candidate admits a flip (none left, or every ternary variant would create +-2).
    """
    for _attempt in range(min(2 * count, 64)):
        i, j, d = decode_pair(pairs[_below(rng, w, count)])
        sgn = _relation(masks, signs, d, i, j, ternary)
        bits = _next(rng, w)
        e = (d + 1) % 3
        f = (d + 2) % 3
        if bits & _ONE:
            e, f = f, e
        if bits & np.uint64(2):
            i, j = j, i
        if not _apply_flip(masks, signs, i, j, d, sgn, e, f, ternary):
            e, f = f, e
            if not _apply_flip(masks, signs, i, j, d, sgn, e, f, ternary):
                continue
        _canonicalise(masks, signs, i, ternary)
        _canonicalise(masks, signs, j, ternary)
        if masks[e, i] == _ZERO or masks[f, j] == _ZERO:
            rank = reduce_all(masks, signs, rank, ternary)
            return True, rank, build_pairs(masks, signs, rank, pairs, ternary)
        count = _drop_stale(pairs, count, i, e, j, f)
        count, red_i = _add_candidates(masks, signs, rank, pairs, count, i, e, ternary)
        red_j = False
        if not red_i:
            count, red_j = _add_candidates(masks, signs, rank, pairs, count, j, f, ternary)
        if red_i or red_j:
            rank = reduce_all(masks, signs, rank, ternary)
            count = build_pairs(masks, signs, rank, pairs, ternary)
        return True, rank, count
    return False, rank, count


@njit(cache=True)
def try_plus(masks, signs, rank, rng, w, ternary):
    """Plus transition on a random pair of terms; returns the new rank (rank if not taken)."""
    if rank < 2 or rank >= masks.shape[1]:
        return rank
    for _attempt in range(8):
        i = _below(rng, w, rank)
        j = (i + 1 + _below(rng, w, rank - 1)) % rank
        d = _below(rng, w, 3)
        if _relation(masks, signs, d, i, j, ternary) != 0:
            continue
        ok, mx, sx = _add(masks[d, i], signs[d, i], masks[d, j], signs[d, j], -1, ternary)
        if not ok:
            continue
        new = rank
        for k in range(3):  # new term: x_j (x) y_i (x) z_i
            masks[k, new] = masks[k, i]
            signs[k, new] = signs[k, i]
        masks[d, new] = masks[d, j]
        signs[d, new] = signs[d, j]
        e = (d + 1) % 3
        f = (d + 2) % 3
        if not (_apply_flip(masks, signs, new, j, d, 1, e, f, ternary)
                or _apply_flip(masks, signs, new, j, d, 1, f, e, ternary)):
            for k in range(3):
                masks[k, new] = _ZERO
                signs[k, new] = _ZERO
            continue
        masks[d, i] = mx
        signs[d, i] = sx
        _canonicalise(masks, signs, i, ternary)
        return _after_change(masks, signs, new, j, rank + 1, ternary)
    return rank


@njit(cache=True, inline="always")
def _copy_scheme(src_masks, src_signs, dst_masks, dst_signs):
    """Copy one walker's packed scheme (all ``capacity`` slots) into another array pair."""
    for d in range(3):
        for t in range(src_masks.shape[1]):
            dst_masks[d, t] = src_masks[d, t]
            dst_signs[d, t] = src_signs[d, t]


@njit(cache=True, inline="always")
def _draw_period(rng, w, plateau, plateau_max):
    """Flips before the next plus transition: ``plateau``, or uniform in
    ``plateau .. plateau_max`` when ``plateau_max > plateau``."""
    if plateau_max <= plateau:
        return plateau
    return plateau + _below(rng, w, plateau_max - plateau + 1)


@njit(cache=True)
def _pair_list_length(capacity):
    """Length of a candidate list for schemes of up to ``capacity`` terms (every pair of
    terms in every factor, plus one)."""
    return 3 * capacity * (capacity - 1) // 2 + 1


@njit(cache=True)
def _walk_one(masks, signs, best_masks, best_signs, ranks, best_ranks, rng, counters, w, pairs,
              n_flips, plateau, plateau_max, plus_band, target, ternary, avoid_dead_ends, drift):
    # borrowed views: the caller keeps every array alive for this call (see ._borrow)
    masks, signs, pairs = borrowed(masks), borrowed(signs), borrowed(pairs)
    best_masks, best_signs = borrowed(best_masks), borrowed(best_signs)
    ranks, best_ranks, rng, counters = borrowed(ranks), borrowed(best_ranks), borrowed(rng), borrowed(counters)
    for t in range(ranks[w]):
        _canonicalise(masks, signs, t, ternary)
    for t in range(best_ranks[w]):
        _canonicalise(best_masks, best_signs, t, ternary)
    rank = reduce_all(masks, signs, ranks[w], ternary)
    count = build_pairs(masks, signs, rank, pairs, ternary)
    # counters live in locals inside the hot loop and are written back at the end
    flips = counters[w, FLIPS]
    pluses = counters[w, PLUSES]
    reductions = counters[w, REDUCTIONS]
    since = counters[w, SINCE_IMPROVE]
    dead_ends = counters[w, DEAD_ENDS]
    period = counters[w, PERIOD]
    if period == 0:
        period = _draw_period(rng, w, plateau, plateau_max)
    best = best_ranks[w]
    done = 0
    while done < n_flips and best > target:
        flipped, new_rank, count = try_flip(masks, signs, rank, pairs, count, rng, w, ternary)
        if flipped:
            done += 1
            since += 1
            if new_rank < rank:
                reductions += 1
                rank = new_rank
                if drift:
                    since = 0
                if avoid_dead_ends and count == 0 and rank > target:
                    # a reduction into a scheme without flips: back to the best scheme
                    dead_ends += 1
                    _copy_scheme(best_masks, best_signs, masks, signs)
                    rank = best
                    count = build_pairs(masks, signs, rank, pairs, ternary)
                    continue
                if rank < best:
                    best = rank
                    since = 0
                    _copy_scheme(masks, signs, best_masks, best_signs)
        if drift and flipped and (since < period or rank >= best + plus_band):
            continue  # drifting walk: flips only, until the plateau ends inside the band
        if not flipped or since >= period:
            since = 0
            period = _draw_period(rng, w, plateau, plateau_max)
            if rank >= best + plus_band or (avoid_dead_ends and not flipped):
                # left the plus band (or, avoiding dead ends, stuck): back to the best scheme
                _copy_scheme(best_masks, best_signs, masks, signs)
                rank = best
            tries = 0
            while tries < 16 and rank < best + plus_band:
                plus_rank = try_plus(masks, signs, rank, rng, w, ternary)
                tries += 1
                raised = plus_rank > rank
                rank = plus_rank  # reductions after a plus transition may also leave it equal or lower
                if raised:
                    pluses += 1
                    break
            count = build_pairs(masks, signs, rank, pairs, ternary)
            if (avoid_dead_ends or drift) and count == 0 and rank > target and rank != best:
                dead_ends += 1
                _copy_scheme(best_masks, best_signs, masks, signs)
                rank = best
                count = build_pairs(masks, signs, rank, pairs, ternary)
            if rank < best:  # the reductions after a plus transition can overshoot
                best = rank
                _copy_scheme(masks, signs, best_masks, best_signs)
            if count == 0:
                break
    counters[w, FLIPS] = flips + done
    counters[w, PLUSES] = pluses
    counters[w, REDUCTIONS] = reductions
    counters[w, SINCE_IMPROVE] = since
    counters[w, DEAD_ENDS] = dead_ends
    counters[w, PERIOD] = period
    best_ranks[w] = best
    ranks[w] = rank


@njit(cache=True, parallel=True)
def walk(masks, signs, best_masks, best_signs, ranks, best_ranks, rng, counters,
         n_flips, plateau, plateau_max, plus_band, target, ternary, avoid_dead_ends, drift):
    """Advance every walker by up to ``n_flips`` flips (parallel over walkers).

    Parameters
    ----------
    masks, signs : uint64 arrays (walkers, 3, capacity)
        Current schemes; ``capacity`` bounds the rank reachable by plus transitions.
    best_masks, best_signs : same shape
        Each walker's lowest-rank scheme so far (updated in place).
    ranks, best_ranks : int64 (walkers,)
    rng : uint64 (walkers,)
        Per-walker generator states (nonzero).
    counters : int64 (walkers, N_COUNTERS)
        flips, plus transitions, reductions, flips since the last improvement (since the
        last reduction when drifting), dead ends, length of the current plateau.
    n_flips, plateau, plateau_max, plus_band, target : int
        Flip budget per walker; flips without improvement before a plus transition (drawn
        uniformly from ``plateau .. plateau_max`` for each plateau when ``plateau_max`` is
        larger); how far above its best rank a walker may climb; stop once a walker's
        best <= target.
    ternary : bool
        Ternary {-1, 0, 1} arithmetic (True) or GF(2) (False).
    avoid_dead_ends : bool
        Treat a scheme above ``target`` without any flip candidate (e.g. Strassen (x)
        Strassen at 4x4x4:49) as a dead end: a reduction into one is counted and undone by
        going back to the walker's best scheme, so that a walker's best always has flips.
    drift : bool
        Drifting walk (the C++ reference's policy): never go back to the best scheme
        while flips exist; the plateau counts flips since the last reduction, and a plus
        transition is taken at its end only while the rank is below best + ``plus_band``
        (above it the walk keeps flipping). A walker without any flip goes back to its
        best scheme if it is at the top of the band, then takes a plus transition; a plus
        transition into a scheme without flips is undone (counted as a dead end).
    """
    for w in prange(masks.shape[0]):
        pairs = np.empty(_pair_list_length(masks.shape[2]), np.int64)
        _walk_one(masks[w], signs[w], best_masks[w], best_signs[w], ranks, best_ranks, rng,
                  counters, w, pairs, n_flips, plateau, plateau_max, plus_band, target, ternary,
                  avoid_dead_ends, drift)


@njit(cache=True)
def walk_serial(masks, signs, best_masks, best_signs, ranks, best_ranks, rng, counters,
                n_flips, plateau, plateau_max, plus_band, target, ternary, avoid_dead_ends, drift):
    """Same as :func:`walk` on the calling thread only (no thread-pool start-up per call)."""
    for w in range(masks.shape[0]):
        pairs = np.empty(_pair_list_length(masks.shape[2]), np.int64)
        _walk_one(masks[w], signs[w], best_masks[w], best_signs[w], ranks, best_ranks, rng,
                  counters, w, pairs, n_flips, plateau, plateau_max, plus_band, target, ternary,
                  avoid_dead_ends, drift)

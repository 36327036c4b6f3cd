"""Verification: standard schemes, every shared scheme in exactly its stated rings, corruptions."""
from fractions import Fraction

import numpy as np
import pytest

from solvers.flipgraph import (
    Scheme, brent_residual, quick_check, read_alphatensor_all, read_scheme, valid_rings, verify,
)

RING_COLUMNS = {"z": "valid_Z", "q": "valid_Q", "gf2": "valid_GF2", "zt": "ternary_over_Z"}


def stated_rings(row):
    return {ring for ring, col in RING_COLUMNS.items() if row[col] == "True"}


@pytest.mark.parametrize("fmt", [(1, 1, 1), (2, 2, 2), (2, 3, 4), (3, 1, 2)])
def test_naive_scheme_is_valid_everywhere(fmt):
    s = Scheme.naive(*fmt)
    assert s.rank == fmt[0] * fmt[1] * fmt[2]
    assert valid_rings(s) == {"gf2", "zt", "z", "q"}


def test_strassen_multiplies_integer_matrices():
    # Strassen 1969: 7 multiplications for 2x2 matrices, valid over every ring.
    s = Scheme.strassen()
    assert s.rank == 7 and valid_rings(s) == {"gf2", "zt", "z", "q"}
    rng = np.random.default_rng(0)
    a, b = rng.integers(-9, 9, (2, 2)), rng.integers(-9, 9, (2, 2))
    assert (s.multiply(a, b) == a @ b).all()


def test_multiply_rejects_wrong_shapes():
    with pytest.raises(ValueError, match="shape"):
        Scheme.strassen().multiply(np.eye(3), np.eye(2))


def _shared_schemes(shared_data, rows, max_rank):
    rows = [row for row in rows if int(row["rank"]) <= max_rank]
    at = {}
    for row in rows:
        f = row["file"]
        if ".npz[" in f:
            path = f.split("[")[0]
            key = tuple(int(x) for x in f.split("[")[1].rstrip("]").split(","))
            if path not in at:
                keys = [tuple(int(x) for x in r["file"].split("[")[1].rstrip("]").split(","))
                        for r in rows if r["file"].startswith(path + "[")]
                at[path] = read_alphatensor_all(shared_data / "schemes" / path, formats=keys)
            yield row, at[path][key]
        else:
            yield row, read_scheme(shared_data / "schemes" / f)


def _check_rows(shared_data, rows, max_rank):
    count = 0
    for row, s in _shared_schemes(shared_data, rows, max_rank):
        assert s.format == (int(row["n"]), int(row["m"]), int(row["p"])), row["file"]
        assert s.rank == int(row["rank"]), row["file"]
        assert valid_rings(s) == stated_rings(row), row["file"]
        count += 1
    return count


def test_shared_schemes_small_verify_in_exactly_their_rings(shared_data, scheme_index):
    assert _check_rows(shared_data, scheme_index, max_rank=200) >= 60


@pytest.mark.slow
def test_all_shared_schemes_verify_in_exactly_their_rings(shared_data, scheme_index):
    assert _check_rows(shared_data, scheme_index, max_rank=10**6) == len(scheme_index) == 141


def test_verify_agrees_with_valid_rings_on_mixed_examples(shared_data):
    # 4x4x4:47 (AlphaTensor 2022) is valid mod 2 only.
    f2 = read_alphatensor_all(shared_data / "schemes/alphatensor/factorizations_f2.npz", formats=[(4, 4, 4)])
    s47 = f2[(4, 4, 4)]
    assert s47.rank == 47 and verify(s47, "gf2")
    assert not verify(s47.with_ring("z"), "z") and not verify(s47.with_ring("z"), "q")
    assert quick_check(s47, "gf2", trials=10) and not quick_check(s47.with_ring("z"), "z")


def test_every_single_corruption_is_rejected(shared_data):
    s = read_scheme(shared_data / "schemes/perminov_ZT/3x3x3_m23_c88_ZT.json")
    assert verify(s, "zt") and verify(s, "gf2")
    rng = np.random.default_rng(1)
    for which in range(3):
        factors = [a.copy() for a in s.factors()]
        for _ in range(10):
            t, i = rng.integers(s.rank), rng.integers(factors[which].shape[1])
            bad = [a.copy() for a in factors]
            bad[which][t, i] += 1  # change one coefficient by one: odd change, so wrong everywhere
            b = Scheme(*s.format, *bad, ring="z")
            assert not verify(b, "z") and not verify(b, "q") and not verify(b, "gf2")
            assert not quick_check(b, "z") and not quick_check(b, "gf2", trials=32)


def test_zt_needs_ternary_coefficients():
    s = Scheme.naive(2, 2, 2)
    u = s.u.copy()
    u[0, 0] = 3  # 3 = 1 mod 2 and wrong over Z
    bad = Scheme(2, 2, 2, u, s.v, s.w, "z")
    assert not verify(bad, "zt") and not verify(bad, "z") and verify(bad, "gf2")


def test_rational_scheme_checks():
    # scale u_0 by 1/2 and w_0 by 2: the same tensor, valid over Q only.
    s = Scheme.naive(2, 2, 2)
    u = s.u.astype(object)
    w = s.w.astype(object)
    u[0] = [Fraction(c, 2) for c in u[0]]
    w[0] = [c * 2 for c in w[0]]
    q = Scheme(2, 2, 2, u, s.v, w, "q")
    assert q.is_rational and valid_rings(q) == {"q"}
    assert verify(q, "q") and not verify(q, "z") and not verify(q, "gf2")
    assert quick_check(q, "q") and not quick_check(q, "z") and not quick_check(q, "gf2")
    assert brent_residual(q, "z") is None


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="ring"):
        Scheme.naive(2, 2, 2, ring="gf3")
    with pytest.raises(ValueError, match="positive integer"):
        Scheme.naive(0, 2, 2)
    with pytest.raises(ValueError, match="shape"):
        Scheme(2, 2, 2, np.zeros((3, 5)), np.zeros((3, 4)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="rows"):
        Scheme(2, 2, 2, np.zeros((3, 4)), np.zeros((2, 4)), np.zeros((3, 4)))
    with pytest.raises(TypeError):
        verify("not a scheme")

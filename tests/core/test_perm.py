"""Permutation arrays: properties against SymPy and bad inputs."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sympy.combinatorics import Permutation

from cayley import perm


@st.composite
def perms(draw, n=None):
    n = draw(st.integers(1, 12)) if n is None else n
    return np.asarray(draw(st.permutations(list(range(n)))))


@st.composite
def perm_pairs(draw):
    n = draw(st.integers(1, 12))
    return draw(perms(n)), draw(perms(n))


@given(perm_pairs())
def test_compose_and_inverse_match_sympy(pq):
    p, q = pq
    sp, sq = Permutation(p.tolist()), Permutation(q.tolist())
    assert perm.compose(p, q).tolist() == (sp * sq).array_form
    assert perm.inverse(p).tolist() == (~sp).array_form
    assert perm.conjugate(p, q).tolist() == (sp ^ sq).array_form


@given(perms(), st.integers(-30, 30))
def test_power_order_sign_cycle_type_match_sympy(p, k):
    sp = Permutation(p.tolist())
    assert perm.power(p, k).tolist() == (sp**k).array_form
    assert perm.order(p) == sp.order()
    assert perm.sign(p) == sp.signature()
    assert perm.cycle_type(p) == dict(sp.cycle_structure)


@given(perms())
def test_cycle_string_round_trip(p):
    assert perm.from_cycles(perm.to_cycles(p), len(p)).tolist() == p.tolist()
    assert perm.from_cycles(perm.cycles(p), len(p)).tolist() == p.tolist()


@given(st.lists(perms(6), min_size=1, max_size=5), perms(6))
def test_batch_operations_equal_row_by_row(rows, q):
    batch = np.stack(rows)
    composed = perm.compose_batch(batch, q)
    for row, out in zip(rows, composed):
        assert out.tolist() == perm.compose(row, q).tolist()
    inverses = perm.inverse_batch(batch)
    for row, out in zip(rows, inverses):
        assert out.tolist() == perm.inverse(row).tolist()


def test_identity_random_and_compact():
    assert perm.is_identity(perm.identity(5))
    assert sorted(perm.random_perm(9, rng=3).tolist()) == list(range(9))
    assert perm.compact(perm.identity(300)).dtype == np.uint16
    assert perm.order(perm.from_cycles("(1,2)(3,4,5)")) == 6


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: perm.as_perm([0, 0, 1]), ValueError, "repeats"),
        (lambda: perm.as_perm([0, 3, 1]), ValueError, "0..2"),
        (lambda: perm.as_perm([0.5, 1]), TypeError, "integer"),
        (lambda: perm.as_perm("(1,2)"), TypeError, "from_cycles"),
        (lambda: perm.as_perm([1, 0], degree=3), ValueError, "degree"),
        (lambda: perm.from_cycles("(1,2"), ValueError, "malformed"),
        (lambda: perm.from_cycles("(1,2)(2,3)"), ValueError, "disjoint"),
        (lambda: perm.from_cycles("(0,1)"), ValueError, "1-based"),
        (lambda: perm.from_cycles("(1,5)", degree=3), ValueError, "beyond degree"),
        (lambda: perm.compose([1, 0], [0, 1, 2]), ValueError, "degree"),
        (lambda: perm.compose_batch([[1, 0], [0, 1, 2]], [0, 1]), ValueError, "different degrees"),
        (lambda: perm.identity(-1), ValueError, ">= 0"),
        (lambda: perm.power([1, 0], 1.5), TypeError, "exponent"),
    ],
)
def test_bad_inputs_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()

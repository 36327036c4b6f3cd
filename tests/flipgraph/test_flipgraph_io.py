"""Scheme I/O: Perminov JSON/txt, Kauers .exp dialects, Mathematica .m, AlphaTensor .npz."""
import json

import numpy as np
import pytest

from solvers.flipgraph import Scheme, read_alphatensor, read_scheme, scheme_to_text, write_scheme


@pytest.mark.parametrize("fmt", ["json", "txt", "exp", "m"])
def test_round_trip_every_format(tmp_path, fmt, shared_data):
    s = read_scheme(shared_data / "schemes/perminov_ZT/3x4x5_m47_ZT.json")
    p = write_scheme(s, tmp_path / f"s.{fmt}")
    back = read_scheme(p, dims=s.format)
    assert back == s and back.verify("zt")


def test_perminov_json_and_txt_agree(shared_data):
    base = shared_data / "schemes"
    for name in ["2x3x5_m25_c106_ZT", "4x4x4_m49_ZT", "5x5x5_m93_c843_ZT"]:
        a = read_scheme(base / "perminov_ZT" / f"{name}.json")
        b = read_scheme(base / "perminov_ZT_txt" / f"{name}.txt")
        assert a == b and a.ring == "zt"


def test_gf2_round_trip_keeps_ring(tmp_path, shared_data):
    s = read_alphatensor(shared_data / "schemes/alphatensor/factorizations_f2.npz", (4, 4, 4))
    assert s.ring == "gf2" and s.rank == 47
    back = read_scheme(write_scheme(s, tmp_path / "s47.json"))
    assert back == s and back.verify()
    assert json.loads((tmp_path / "s47.json").read_text())["z2"] is True


def test_alphatensor_rational_entries_are_exact(shared_data):
    s = read_scheme(str(shared_data / "schemes/alphatensor/factorizations_r.npz") + "[3,4,11]")
    assert s.is_rational and s.rank == 103
    assert s.verify("q") and not s.verify("z")


EXP_DIALECTS = [
    # Strassen written three ways (c variables are entries of C, not C transposed)
    "(a11+a22)*(b11+b22)*(c11+c22)\n(a21+a22)*(b11)*(c21-c22)\n(a11)*(b12-b22)*(c12+c22)\n"
    "(a22)*(b21-b11)*(c11+c21)\n(a11+a12)*(b22)*(-c11+c12)\n(a21-a11)*(b11+b12)*(c22)\n"
    "(a12-a22)*(b21+b22)*(c11)\n",
    "(a11+a22) (b11+b22) (c11+c22)\n(a21+a22) (b11) (c21-c22)\n(a11) (b12-b22) (c12+c22)\n"
    "(a22) (-1 b11+b21) (c11+c21)\n(a11+a12) (b22) (-c11+c12)\n(-a11+a21) (b11+b12) (c22)\n"
    "(a12-a22) (b21+b22) (c11)\n",
    "(a11+a22)*(b11+b22)*(c11+c22)\n-(a21+a22)*(b11)*(c22-c21)\n(a11)*(b12-b22)*(c12+c22)\n"
    "a22*(b21-b11)*(c11+c21)\n-(a11+a12)*(b22)*(c11-c12)\n(a21-a11)*(b11+b12)*c22\n"
    "(a12-a22)*(b21+b22)*(1*c11)\n",
]


@pytest.mark.parametrize("text", EXP_DIALECTS)
def test_kauers_exp_dialects(tmp_path, text):
    p = tmp_path / "strassen.exp"
    p.write_text(text)
    s = read_scheme(p)
    assert s.format == (2, 2, 2) and s.rank == 7 and s.verify("zt")


def test_exp_global_sign_and_coefficients(tmp_path):
    # -(a11*(2*b11)*c11) + (a11)*(3 b11)*(c11) == a11 b11 c11: the 1x1x1 tensor
    p = tmp_path / "one.exp"
    p.write_text("-(a11*(2*b11)*c11)\n(a11) (3 b11) (c11)\n")
    s = read_scheme(p)
    assert s.rank == 2 and s.verify("z") and not s.verify("zt")


def test_mathematica_list(tmp_path):
    p = tmp_path / "s.m"
    p.write_text(scheme_to_text(Scheme.strassen(), "m"))
    assert read_scheme(p) == Scheme.strassen()


@pytest.mark.parametrize("content, match", [
    ("{not json", "not valid JSON"),
    ('{"n": [2,2,2], "m": 8, "u": [], "v": [], "w": []}', "claimed rank 8"),
    ('{"n": [2,2], "m": 0, "u": [], "v": [], "w": []}', r"\[n, m, p\]"),
    ('{"n": [2,2,2], "m": 1, "u": [[1,0,0]], "v": [[1,0,0,0]], "w": [[1,0,0,0]]}', "shape"),
    ('{"m": 1}', "needs key"),
])
def test_malformed_json(tmp_path, content, match):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(ValueError, match=match):
        read_scheme(p)


@pytest.mark.parametrize("content, match", [
    ("2 2 2 1\n1 0 0 0\n1 0 0 0\n", "4 lines"),
    ("2 2 2 2\n1 0 0 0\n1 0 0 0\n1 0 0 0\n", "expected rank 2"),
    ("2 2 2 1\n1 0 x 0\n1 0 0 0\n1 0 0 0\n", "non-numeric"),
])
def test_malformed_txt(tmp_path, content, match):
    p = tmp_path / "bad.txt"
    p.write_text(content)
    with pytest.raises(ValueError, match=match):
        read_scheme(p)


def test_malformed_exp_and_unknown_format(tmp_path):
    p = tmp_path / "bad.exp"
    p.write_text("(a11)*(b11)\n")
    with pytest.raises(ValueError, match="three factors"):
        read_scheme(p)
    p.write_text("(a11)*(b11)*(c11+x)\n")
    with pytest.raises(ValueError, match="cannot parse"):
        read_scheme(p)
    q = tmp_path / "s.xyz"
    q.write_text("")
    with pytest.raises(ValueError, match="unknown scheme file format"):
        read_scheme(q)
    with pytest.raises(ValueError, match="no key"):
        np.savez(tmp_path / "a.npz", **{"2,2,2": np.zeros((3, 4, 1))})
        read_alphatensor(tmp_path / "a.npz", (3, 3, 3))


def test_write_is_atomic_and_leaves_no_temp(tmp_path):
    write_scheme(Scheme.naive(2, 2, 2), tmp_path / "x.json")
    write_scheme(Scheme.strassen(), tmp_path / "x.json")
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
    assert read_scheme(tmp_path / "x.json").rank == 7

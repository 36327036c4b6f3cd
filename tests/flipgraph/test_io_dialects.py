"""Scheme files in the dialects of the published collections, written by us from published
coefficients (Strassen 1969), and the dialect each is read as."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from solvers.flipgraph import Scheme, read_scheme, scheme_to_text, verify, write_scheme
from solvers.flipgraph._io import DIALECTS, read_scheme_file

# Strassen's seven products for C = A B, 2x2x2, with Kauers' c variables: cki is the
# coefficient of C[i, k] (the trace form sum a_ij b_jk c_ki).
STRASSEN_KAUERS = [
    "(a11+a22)*(b11+b22)*(c11+c22)", "(a21+a22)*(b11)*(c12-c22)", "(a11)*(b12-b22)*(c21+c22)",
    "(a22)*(b21-b11)*(c11+c12)", "(a11+a12)*(b22)*(-c11+c21)", "(a21-a11)*(b11+b12)*(c22)",
    "(a12-a22)*(b21+b22)*(c11)",
]
# 2x2x3: Strassen for the first two columns of C, four naive products for the third
# (C[1, 3] = a11 b13 + a12 b23 is c31 in Kauers' layout, out of range for C's own 2x3).
THIRD_COLUMN = ["(a11)*(b13)*(c31)", "(a12)*(b23)*(c31)", "(a21)*(b13)*(c32)", "(a22)*(b23)*(c32)"]

# The same products with scalars and divisors as in Kauers' rational schemes.
STRASSEN_SCALED = [
    "(3*(a11 + a22))*(b11 + b22)*(c11 + c22)/3",
    "(-3*(a21 + a22))*(3*b11)*(-c12 + c22)/9",
    "(a11)*(b12 - b22)*(2*c21 + 2*c22)/2",
    "(-a22)*(-b21 + b11)*(c11 + c12)",
    "(a11 + a12)*(5*b22)*(-c11 + c21)/5",
    "(-a11 + a21)*(b11 + b12)*(c22)",
    "(a12 - a22)*(b21 + b22)*(c11)",
]

# Kauers' .m layout: per term {A (n x m), B (m x p), C (p x n)} with C[k][i] the
# coefficient of C[i, k]; the third term carries a factor 3 in A and 1/3 in C.
STRASSEN_LISTS = (Path(__file__).resolve().parents[2] / "examples" / "schemes" / "strassen_scaled.m").read_text()


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_kauers_exp_square_is_recognised_by_verification(tmp_path):
    got = read_scheme_file(_write(tmp_path, "s.exp", "\n".join(STRASSEN_KAUERS) + "\n"))
    assert got.dialect == "kauers" and got.scheme == Scheme.strassen()


def test_kauers_exp_rectangular_is_recognised_by_index_ranges(tmp_path):
    got = read_scheme_file(_write(tmp_path, "s223.exp", "\n".join(STRASSEN_KAUERS + THIRD_COLUMN)))
    assert got.dialect == "kauers" and got.scheme.format == (2, 2, 3) and got.scheme.rank == 11
    assert verify(got.scheme, "zt")


def test_c_entries_dialect_still_read(tmp_path):
    entries = "\n".join(t.replace("c12", "cXX").replace("c21", "c12").replace("cXX", "c21")
                        for t in STRASSEN_KAUERS)
    got = read_scheme_file(_write(tmp_path, "old.exp", entries))
    assert got.dialect == "c-entries" and got.scheme == Scheme.strassen()


def test_scalars_and_divisors(tmp_path):
    got = read_scheme_file(_write(tmp_path, "scaled.exp", "\n".join(STRASSEN_SCALED)))
    assert got.dialect == "kauers" and verify(got.scheme, "zt")
    assert got.scheme.ring == "zt"  # every scale cancels: coefficients -1, 0, 1


def test_rational_coefficients_stay_exact(tmp_path):
    terms = list(STRASSEN_KAUERS)
    terms[0] = "(3*a11 + 3*a22)*(b11 + b22)*(c11 + c22)/3"
    terms[2] = "(a11/3)*(b12 - b22)*(3*c21 + 3*c22)"
    got = read_scheme_file(_write(tmp_path, "q.exp", "\n".join(terms)))
    assert got.scheme.is_rational and got.scheme.ring == "q" and verify(got.scheme, "q")


def test_kauers_nested_lists(tmp_path):
    got = read_scheme_file(_write(tmp_path, "s.m", STRASSEN_LISTS))
    assert got.dialect == "kauers-lists" and got.scheme.ring == "q" and verify(got.scheme, "q")


@pytest.mark.parametrize("fmt, dialect", [("exp", "kauers"), ("m", "kauers-lists"), ("json", "perminov-json"),
                                          ("txt", "perminov-txt")])
def test_writers_use_the_collections_layout(tmp_path, fmt, dialect):
    s = read_scheme_file(_write(tmp_path, "s223.exp", "\n".join(STRASSEN_KAUERS + THIRD_COLUMN))).scheme
    back = read_scheme_file(write_scheme(s, tmp_path / f"out.{fmt}"))
    assert back.dialect == dialect and back.scheme == s


def test_exp_writer_matches_kauers_text():
    assert scheme_to_text(Scheme.strassen(), "exp").splitlines()[1] == "(a21+a22)*(b11)*(c12-c22)"


@pytest.mark.parametrize("text, match", [
    ("(a11)*(b11)*(c11)*(a11)", "two factors in a"),
    ("(a11+b11)*(b11)*(c11)", "not a linear form"),
    ("(a11)*(b11)*(c11)/0", "nonzero number"),
    ("(a11)*(b11)*(c11)/a11", "nonzero number"),
    ("((a11)*(b11)*(c11)", "unexpected end"),
    ("(a11)*(b11))*(c11)", "cannot parse"),
    ("(a11)*(b11)*(c31)\n(a11)*(b11)*(c13)", "outside"),
])
def test_malformed_products(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        read_scheme(_write(tmp_path, "bad.exp", text))


@pytest.mark.parametrize("text, match", [
    ("{{{{1}}, {{1}}}}", "three matrices"),
    ("{{{{1}}, {{1}}, {{x}}}}", "unexpected 'x'"),
    ("{{{{1, 0}}, {{1}}, {{1}}}}", "n x m, m x p and p x n"),
])
def test_malformed_lists(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        read_scheme(_write(tmp_path, "bad.m", text))


def test_json_records_the_ring(tmp_path):
    s = Scheme.strassen("gf2")
    path = write_scheme(s, tmp_path / "s.json")
    assert json.loads(path.read_text())["ring"] == "gf2" and read_scheme(path).ring == "gf2"
    doc = json.loads(path.read_text())
    doc["ring"] = "zt"
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="'z2' is true"):
        read_scheme(path)


def test_every_dialect_is_described():
    assert set(DIALECTS) >= {"kauers", "c-entries", "kauers-lists", "perminov-json", "perminov-txt"}


def test_convert_keeps_the_ring_and_names_the_dialect(tmp_path):
    src = _write(tmp_path, "s.exp", "\n".join(STRASSEN_KAUERS))
    run = [sys.executable, "-m", "solvers.flipgraph", "convert"]
    out = subprocess.run(run + [str(src), str(tmp_path / "s.json"), "--ring", "gf2"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"format": [2, 2, 2], "rank": 7, "ring": "gf2", "dialect": "kauers",
                                      "out": str(tmp_path / "s.json")}
    assert read_scheme(tmp_path / "s.json").ring == "gf2"


def test_convert_warns_where_the_format_loses_the_ring(tmp_path):
    write_scheme(Scheme.naive(2, 2, 2, "gf2"), tmp_path / "naive.json")
    out = subprocess.run([sys.executable, "-m", "solvers.flipgraph", "convert", str(tmp_path / "naive.json"),
                          str(tmp_path / "naive.exp")], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["ring"] == "gf2"
    assert "--ring gf2" in out.stderr  # .exp cannot record it; the naive scheme reads back as zt
    assert read_scheme(tmp_path / "naive.exp", ring="gf2") == Scheme.naive(2, 2, 2, "gf2")

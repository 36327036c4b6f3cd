"""Scheme symmetry: format maps, the sandwich group, invariants, certificates, classes.

Literature checks:

* de Groote (1978): every rank-7 scheme for 2x2 matrices is equivalent to Strassen's, so
  every rank-7 scheme the flip-graph search finds must be (GF(2): GL_2(2); ternary: GL_2(Z)).
* Burichenko, "On symmetries of the Strassen algorithm" (arXiv:1408.6273, 2014): the
  automorphism group of Strassen's algorithm is S_3 x S_3, of order 36 (it includes the
  transposition-type symmetry). With our definition (sandwiches modulo scalars, the format
  maps keeping 2x2x2, term signs) we get 36 over GF(2) and over GL_2(Z), and 12 with signed
  permutation matrices only.
"""
from __future__ import annotations

import csv
import functools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley.errors import InputError
from solvers.flipgraph import (FormatMap, InequivalentSet, SandwichGroup, Scheme, SchemeMap,
                               canonical_form, classify, equivalence, format_maps,
                               group_order, invariants, random_map, read_scheme, sandwich, search,
                               term_colours, write_scheme)
from solvers.flipgraph._meta import direct_sum, extend


def _search_scheme(fmt, ring, target, seed):
    res = search(fmt, ring=ring, target=target, seed=seed, walkers=2, threads=1, time_limit=30,
                 backend="numba")
    assert res.reached
    return res.scheme


# ---------------------------------------------------------------- the group
def test_format_maps_and_group_orders():
    assert len(format_maps((3, 3, 3), (3, 3, 3))) == 6
    assert format_maps((2, 3, 4), (3, 4, 2)) == [FormatMap(False, 1)]
    assert SandwichGroup(2, 2, 2, "gf2").order() == 6**3
    assert SandwichGroup(3, 3, 3, "gf2").order() == 168**3
    assert SandwichGroup(2, 3, 4, "gf2").order() == 6 * 168 * 20160
    assert SandwichGroup(2, 2, 3, "zt").order() == 8 * 8 * 48
    assert group_order((2, 2, 2), "gf2") == 1296 and group_order((2, 2, 2), "zt") == 384
    with pytest.raises(InputError):
        SandwichGroup(2, 2, 2, "zt", group="gl")


def test_orbit_stabilizer_for_strassen_over_gf2():
    """|orbit| * |stabilizer| = |group|: the orbit of Strassen's scheme under all 1296
    elements (listed from the stabilizer chain) has 1296 / 36 = 36 schemes."""
    s = Scheme.strassen("gf2")
    sg = SandwichGroup(2, 2, 2, "gf2")
    images = set()
    for perm in sg.permutations.elements():
        for fmap in format_maps((2, 2, 2), (2, 2, 2)):
            image = sandwich(fmap.apply(s), *sg.matrices(perm))
            images.add(tuple(sorted(map(bytes, np.hstack(image.factors()).astype(np.uint8)))))
    assert len(images) * s.symmetry_group().order == group_order((2, 2, 2), "gf2")
    assert len(images) == 36


def test_sandwich_rejects_singular_matrices():
    with pytest.raises(InputError, match="not invertible"):
        sandwich(Scheme.strassen("gf2"), [[1, 1], [1, 1]], np.eye(2), np.eye(2))


# ---------------------------------------------------------------- symmetry groups
@pytest.mark.parametrize("ring, group, order", [("gf2", "gl", 36), ("zt", "gl", 36), ("zt", "signed", 12)])
def test_strassen_symmetry_group(ring, group, order):
    sym = Scheme.strassen(ring).symmetry_group(group)
    assert sym.order == order == sym.group.order()
    assert sorted(map(len, sym.orbits)) == [1, 6]  # the term (a11+a22)(b11+b22) is fixed
    s = Scheme.strassen(ring)
    for cert in sym.generators:
        assert cert.check(s, s)
        assert sym.group.contains(cert.terms)


def test_naive_scheme_symmetry_group_over_gf2():
    """The naive 2x2x2 scheme: its terms E_ik (x) E_kj (x) E_ji are permuted by the
    permutation matrices in each factor and by the 6 format maps: (2!)^3 * 6 = 48."""
    sym = Scheme.naive(2, 2, 2, "gf2").symmetry_group()
    assert sym.order == 48 == sym.group.order()
    assert sym.orbits == [list(range(8))]


# ---------------------------------------------------------------- certificates
def test_certificate_is_checked_and_tampering_is_caught():
    s = Scheme.strassen()
    cert, image = random_map(s, rng=5)
    found = equivalence(s, image)
    assert found is not None and found.check(s, image)
    assert found.apply(s) == image
    bad = SchemeMap(found.format_map, found.p, found.q, found.r, np.roll(found.terms, 1), found.signs, found.group)
    assert not bad.check(s, image)
    flipped = found.signs.copy()
    flipped[0, :2] *= -1
    assert not SchemeMap(found.format_map, found.p, found.q, found.r, found.terms, flipped, "signed").check(s, image)
    json.dumps(found.to_dict())


def test_certificate_is_rechecked_before_it_is_returned(monkeypatch):
    s = Scheme.strassen("gf2")
    image = random_map(s, rng=1)[1]
    monkeypatch.setattr(SchemeMap, "check", lambda self, a, b: False)
    with pytest.raises(RuntimeError, match="recheck"):
        equivalence(s, image)


def test_equivalence_across_formats():
    s = extend(Scheme.strassen("gf2"), "p")  # 2x2x3, rank 11
    for fmap in (FormatMap(False, 1), FormatMap(True, 0), FormatMap(True, 2)):
        image = fmap.apply(s)
        cert = equivalence(s, image)
        assert cert is not None and cert.check(s, image) and image.verify()
    assert invariants(s) == invariants(FormatMap(False, 2).apply(s))


def test_inequivalent_schemes_are_told_apart():
    a, b = (_search_scheme((3, 3, 3), "gf2", 23, seed) for seed in (0, 1))
    assert invariants(a) != invariants(b)
    assert equivalence(a, b) is None
    assert equivalence(a, random_map(b, rng=0)[1]) is None
    assert equivalence(Scheme.strassen("gf2"), Scheme.naive(2, 2, 2, "gf2")) is None
    # the same terms, built two ways, are equivalent (here even equal up to term order)
    x, y = extend(Scheme.strassen("gf2"), "p"), direct_sum(Scheme.strassen("gf2"), Scheme.naive(2, 2, 1, "gf2"), "p")
    assert equivalence(x, y).check(x, y)
    with pytest.raises(InputError, match="different rings"):
        equivalence(Scheme.strassen("gf2"), Scheme.strassen("zt"))


# ---------------------------------------------------------------- de Groote
def _de_groote(seeds, ring, group):
    strassen = Scheme.strassen(ring)
    for seed in seeds:
        found = _search_scheme((2, 2, 2), ring, 7, seed)
        cert = equivalence(strassen, found, group)
        assert cert is not None, (ring, seed)
        assert cert.check(strassen, found)  # recomputed, not trusted
        assert found.verify()


@pytest.mark.parametrize("ring, group", [("gf2", "gl"), ("zt", "gl")])
def test_de_groote_100_seeded_searches(ring, group):
    """de Groote's theorem as a test: every rank-7 scheme of 100 seeded searches is
    equivalent to Strassen's, with a certificate checked by recomputation."""
    _de_groote(range(100), ring, group)


def test_ternary_rank7_schemes_split_under_signed_permutations():
    """Signed permutation matrices are a proper subgroup of GL_2(Z): the ternary rank-7
    schemes fall into several classes there, one under GL_2(Z)."""
    found = [_search_scheme((2, 2, 2), "zt", 7, seed) for seed in range(12)]
    assert len(classify(found, "gl")) == 1
    assert len(classify(found, "signed")) > 1


# ---------------------------------------------------------------- invariants (hypothesis)
@functools.lru_cache(maxsize=None)
def _random_scheme(ring: str, seed: int) -> Scheme:
    """A valid scheme found by a short seeded search below the naive rank (cached)."""
    fmt, target = [((2, 2, 2), 7), ((2, 2, 3), 11), ((2, 3, 3), 15), ((3, 3, 3), 23 + seed % 3)][seed % 4]
    return _search_scheme(fmt, ring, target, seed)


@settings(max_examples=30)
@given(seed=st.integers(0, 15), element=st.integers(0, 2**32), ring=st.sampled_from(["gf2", "zt"]))
def test_invariants_are_invariant(seed, element, ring):
    s = _random_scheme(ring, seed)
    cert, image = random_map(s, rng=element)
    assert cert.check(s, image)
    assert invariants(image) == invariants(s)
    assert sorted(term_colours(image).tolist()) == sorted(term_colours(cert.format_map.apply(s)).tolist())
    found = equivalence(s, image)
    assert found is not None and found.check(s, image)


@settings(max_examples=30)
@given(seed=st.integers(0, 15), other=st.integers(0, 15))
def test_different_invariants_are_never_called_equivalent(seed, other):
    a, b = _random_scheme("gf2", seed), _random_scheme("gf2", other)
    cert = equivalence(a, b)
    if invariants(a) != invariants(b):
        assert cert is None
    elif cert is not None:
        assert cert.check(a, b)


# ---------------------------------------------------------------- canonical form
def test_canonical_form_strassen_and_random_images():
    s = Scheme.strassen("gf2")
    canon = canonical_form(s)
    assert canon.verify() and equivalence(s, canon).check(s, canon)
    for k in range(6):
        assert canonical_form(random_map(s, rng=k)[1]) == canon
    assert canonical_form(Scheme.naive(2, 2, 2, "gf2")) != canon


def test_canonical_form_of_found_333_schemes():
    schemes = [_search_scheme((3, 3, 3), "gf2", 23, seed) for seed in range(2)]
    forms = [canonical_form(s) for s in schemes]
    assert forms[0] != forms[1] or equivalence(*schemes) is not None
    for s, form in zip(schemes, forms):
        assert form.verify()
        assert canonical_form(random_map(s, rng=11)[1]) == form


def test_canonical_form_refuses_what_it_cannot_afford():
    with pytest.raises(InputError, match="GF\\(2\\)"):
        canonical_form(Scheme.strassen("zt"))
    with pytest.raises(InputError, match="n, m, p <= 4"):
        canonical_form(Scheme.naive(2, 2, 5, "gf2"))


# ---------------------------------------------------------------- classes, search, CLI
def test_classify_groups_images_and_keeps_certificates():
    s = Scheme.strassen("gf2")
    schemes = [s, Scheme.naive(2, 2, 2, "gf2")] + [random_map(s, rng=k)[1] for k in range(4)]
    classes = classify(schemes)
    assert [c.members for c in classes] == [(0, 2, 3, 4, 5), (1,)]
    for c in classes:
        rep = schemes[c.representative]
        assert all(m.check(rep, schemes[i]) for i, m in zip(c.members, c.maps))
    found = InequivalentSet()
    assert [found.add(x)[0] for x in schemes] == [0, 1, 0, 0, 0, 0] and len(found) == 2


def test_search_distinct_returns_pairwise_inequivalent_schemes():
    res = search((3, 3, 3), ring="gf2", target=23, seed=3, walkers=4, threads=1, time_limit=60,
                 distinct=4, backend="numba")
    assert res.reached and 1 <= len(res.schemes) <= 4 and res.summary()["distinct"] == len(res.schemes)
    assert all(s.rank <= 23 and s.verify() for s in res.schemes)
    assert len(classify(res.schemes)) == len(res.schemes)
    with pytest.raises(InputError, match="numba"):
        search((2, 2, 2), distinct=2, backend="cupy")


def test_classify_command_line(tmp_path, run_cli):
    s = Scheme.strassen("gf2")
    files = []
    for k, scheme in enumerate([s, random_map(s, rng=2)[1], Scheme.naive(2, 2, 2, "gf2")]):
        files.append(str(write_scheme(scheme, tmp_path / f"s{k}.json")))
    status, out, err = run_cli(["classify", *files])
    assert status == 0, err
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["size"] for x in lines] == [2, 1] and lines[0]["files"] == files[:2]
    assert lines[0]["format"] == [2, 2, 2] and lines[0]["rank"] == 7 and lines[0]["group"] == "gl"


def test_classify_command_line_errors(tmp_path, run_cli, assert_user_error):
    assert_user_error(*run_cli(["classify", str(tmp_path / "missing.json")]))
    assert_user_error(*run_cli(["classify", "x.json", "--group", "bad"]))


# ---------------------------------------------------------------- shared reference schemes
def test_reference_schemes_classes(shared_data):
    """The Perminov JSON and txt copies of the same scheme fall into one class; schemes read
    from one file under random group elements stay in its class."""
    root = shared_data / "schemes"
    with open(root / "index.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["file"].startswith("perminov") and int(r["n"]) * int(r["m"]) <= 16
                and int(r["p"]) <= 5]
    schemes = [read_scheme(root / r["file"]) for r in rows]
    classes = classify(schemes)
    for c in classes:
        names = {rows[i]["file"].split("/")[-1].rsplit(".", 1)[0] for i in c.members}
        assert len(names) == 1
    s = read_scheme(root / "perminov_ZT" / "3x3x3_m23_c88_ZT.json")
    image = random_map(s, rng=9)[1]
    assert equivalence(s, image).check(s, image)

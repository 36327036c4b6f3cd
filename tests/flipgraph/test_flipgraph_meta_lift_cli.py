"""Meta moves, lifting GF(2) -> Z, the command line and the example script."""
import itertools
import json
import runpy
import sys
from pathlib import Path

import pytest

from solvers.flipgraph import (
    Scheme, assign_signs, cyclic, direct_sum, extend, hensel_lift, lift, permute, product, project,
    read_scheme, search, strassen_start, transpose, valid_rings, verify, write_scheme,
)
from solvers.flipgraph.__main__ import main as cli


@pytest.fixture(scope="module")
def laderman_rank(shared_data):
    return read_scheme(shared_data / "schemes/perminov_ZT/3x3x3_m23_c88_ZT.json")


def test_extend_and_project(laderman_rank):
    e = extend(laderman_rank, "p")
    assert e.format == (3, 3, 4) and e.rank == 32 and verify(e, "zt")  # 23 + 3*3
    back = project(e, "p")
    assert back.format == (3, 3, 3) and back.rank == 23 and verify(back, "zt")
    small = project(laderman_rank, "n")
    assert small.format == (2, 3, 3) and verify(small, "zt")


def test_product_of_strassen_is_ternary_4x4x4_49():
    s = product(Scheme.strassen(), Scheme.strassen())
    assert s.format == (4, 4, 4) and s.rank == 49 and s.is_ternary
    assert valid_rings(s) == {"gf2", "zt", "z", "q"}


def test_product_of_mixed_formats(shared_data):
    a = read_scheme(shared_data / "schemes/perminov_ZT/2x3x5_m25_c106_ZT.json")
    s = product(a, Scheme.naive(1, 2, 1))
    assert s.format == (2, 6, 5) and s.rank == 50 and verify(s, "zt")


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_permutations(order, shared_data):
    a = read_scheme(shared_data / "schemes/perminov_ZT/2x3x5_m25_c106_ZT.json")
    s = permute(a, order)
    assert s.format == tuple(a.format[i] for i in order) and verify(s, "zt")


def test_cyclic_and_transpose_orders():
    s = Scheme.naive(2, 3, 4)
    assert cyclic(cyclic(cyclic(s))) == s
    assert transpose(transpose(s)) == s


@pytest.mark.parametrize("dim", ["n", "m", "p"])
def test_direct_sum(dim):
    s = direct_sum(Scheme.strassen(), Scheme.naive(2, 2, 2), dim)
    assert s.rank == 15 and verify(s, "zt")
    with pytest.raises(ValueError, match="agree"):
        direct_sum(Scheme.strassen(), Scheme.naive(3, 3, 3), dim)


def test_strassen_starts():
    for fmt in [(2, 2, 4), (2, 3, 4), (3, 3, 3), (4, 4, 4)]:
        s = strassen_start(*fmt)
        assert s.format == fmt and verify(s, "zt")
    assert strassen_start(4, 4, 4).rank == 49 and strassen_start(2, 2, 4).rank == 14


def test_meta_bad_inputs():
    with pytest.raises(ValueError, match="dimension"):
        extend(Scheme.strassen(), "x")
    with pytest.raises(ValueError, match="cannot shrink"):
        project(Scheme.naive(1, 2, 2), "n")
    with pytest.raises(ValueError, match="different rings"):
        product(Scheme.strassen("gf2"), Scheme.strassen("zt"))
    with pytest.raises(ValueError, match="permutation"):
        permute(Scheme.strassen(), (0, 0, 1))


def test_lift_strassen_mod_2():
    g = Scheme.strassen().with_ring("gf2")
    assert g.u.min() == 0  # signs were lost mod 2
    s = assign_signs(g)
    assert s is not None and verify(s, "zt")
    h = hensel_lift(g)
    assert h is not None and verify(h, "q")


def test_search_then_lift_3x3x3_to_z():
    # Kauers-Moosbauer (2022) lift most GF(2) 3x3x3:23 flip-graph schemes to Z.
    # About one in four GF(2) 23-schemes lifts here, so 60 searches (~0.1 s each) miss with
    # probability below 1e-7.
    for seed in range(60):
        res = search((3, 3, 3), ring="gf2", target=23, time_limit=600, seed=seed)  # generous: the first call compiles
        assert res.reached and res.scheme.ring == "gf2" and res.scheme.u.min() >= 0
        lifted = lift(res.scheme)
        if lifted.scheme is not None and lifted.ring in ("zt", "z"):
            assert lifted.scheme.rank == 23 and verify(lifted.scheme, "z")
            return
    pytest.fail("no GF(2) 3x3x3:23 scheme lifted to Z in 60 searches")


def test_lift_rejects_invalid_input():
    s = Scheme.naive(2, 2, 2)
    bad = Scheme(2, 2, 2, s.u[:7], s.v[:7], s.w[:7], "gf2")
    with pytest.raises(ValueError, match="not a valid GF"):
        lift(bad)
    with pytest.raises(ValueError, match="method"):
        lift(Scheme.strassen("gf2"), "magic")


def test_cli_search_verify_lift_convert_known(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert cli(["search", "2", "2", "2", "--ring", "zt", "--out", str(out), "--time-limit", "60", "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rank"] == 7 and summary["reached"] and summary["ring"] == "zt"
    assert cli(["verify", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["valid_rings"] == ["gf2", "q", "z", "zt"]
    assert cli(["convert", str(out), str(tmp_path / "s.exp")]) == 0
    capsys.readouterr()
    assert read_scheme(tmp_path / "s.exp") == read_scheme(out)
    g = tmp_path / "g.json"
    write_scheme(Scheme.strassen("gf2"), g)
    assert cli(["lift", str(g), "--out", str(tmp_path / "l.json")]) == 0
    assert json.loads(capsys.readouterr().out)["ring"] == "zt"
    assert cli(["known", "3", "3", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["zt"] == 23


def test_cli_unreached_target_and_errors(tmp_path, capsys):
    out = tmp_path / "s.json"
    rc = cli(["search", "3", "3", "3", "--target", "10", "--time-limit", "0.3", "--out", str(out), "--quiet"])
    assert rc == 1 and json.loads(capsys.readouterr().out)["reached"] is False
    assert cli(["verify", str(tmp_path / "missing.json")]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"n": [2,2,2], "m": 3, "u": [], "v": [], "w": []}')
    assert cli(["verify", str(bad)]) == 2
    assert "claimed rank 3" in capsys.readouterr().err
    assert cli(["verify", "--ring", "zt", str(out)]) in (0, 1)


def test_example_script_runs(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["search_3x3x3.py", "2", "--time-limit", "30"])
    with pytest.raises(SystemExit) as done:  # the script ends with sys.exit(status)
        runpy.run_path(str(Path(__file__).parents[2] / "examples" / "search_3x3x3.py"), run_name="__main__")
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "2x2x2: rank 7" in text and "m7 =" in text


def test_meta_search_uses_neighbour_formats():
    from solvers.flipgraph import meta_search

    # 2x2x4: two Strassen blocks give 14 = the best known rank (Hopcroft-Kerr 1971).
    res = meta_search(2, 2, 4, ring="gf2", time_limit=300, seed=1)
    assert res.reached and res.rank == 14 and verify(res.scheme, "gf2")
    res = meta_search(2, 3, 3, ring="gf2", time_limit=300, seed=1)
    assert res.scheme.format == (2, 3, 3) and res.reached and res.rank == 15


def test_search_lifted_gives_ternary_3x3x3_23():
    from solvers.flipgraph import search_lifted

    res = search_lifted((3, 3, 3), target=23, time_limit=600, seed=0)
    assert res.reached and res.ring == "zt" and res.rank == 23 and verify(res.scheme, "zt")


def test_cli_start_with_wrong_format(tmp_path, capsys):
    start = tmp_path / "s.json"
    write_scheme(Scheme.strassen(), start)
    assert cli(["search", "3", "3", "3", "--start", str(start), "--out", str(tmp_path / "o.json"), "--quiet"]) == 2
    assert "format (2, 2, 2)" in capsys.readouterr().err

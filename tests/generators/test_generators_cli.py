"""The zoo on the command line: --param, --gap-file, gap: families and families --json."""
import json

from cayley import CayleyGraph, growth
from cayley.__main__ import main


def test_param_reaches_the_family(capsys):
    assert main(["growth", "consecutive_k_cycles", "7", "--param", "k=3", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["layer_sizes"] == growth(CayleyGraph.from_family("consecutive_k_cycles", 7, k=3)).layer_sizes
    assert got["order"] == 2520  # 3-cycles generate A_7


def test_a_wrong_param_is_one_error_line(capsys):
    assert main(["growth", "lrx", "6", "--param", "q=3"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --param q=3")


def test_gap_file_and_gap_family_agree(tmp_path, capsys):
    path = tmp_path / "three.gap"
    path.write_text("# a 3-cycle and a swap\nM_a:=(1,2,3);\nM_b:=(1,2);\nGen:=[M_a, M_b];\n")
    assert main(["growth", "--gap-file", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["order"] == 6  # S_3
    assert main(["growth", "gap:pyramorphix", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["order"] == 96


def test_families_json_lists_at_least_140_sets(capsys):
    assert main(["families", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 140 and {"lrx", "gap:megaminx", "consecutive_k_cycles"} <= {r["name"] for r in rows}

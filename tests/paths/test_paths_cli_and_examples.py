"""The path and sweep sub-commands, the docstring examples, and the two example scripts."""
import argparse
import doctest
import importlib
import json
import runpy
import sys
from pathlib import Path

import pytest

from cayley._cli_paths import add_path_command, add_sweep_command, parse_n_range

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_cli(argv: list[str]) -> int:
    """Parse and run like ``python -m cayley`` does, with only our two sub-commands."""
    parser = argparse.ArgumentParser(prog="python -m cayley")
    sub = parser.add_subparsers(dest="command", required=True)
    add_path_command(sub)
    add_sweep_command(sub)
    args = parser.parse_args(argv)
    return args.run(args)


@pytest.mark.parametrize("name", ["cayley.paths", "cayley.conjecture", "cayley._cli_paths"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_user_guide_examples():
    guide = Path(__file__).resolve().parents[2] / "docs" / "conjectures.md"
    result = doctest.testfile(str(guide), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_path_json(capsys):
    assert run_cli(["path", "lrx", "5", "--state", "1,0,2,3,4", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["word"] == ["X"] and out["length"] == 1 and out["method"] == "bidirectional_bfs"
    assert out["seconds"] >= 0


def test_path_beam_text(capsys):
    assert run_cli(["path", "pancake", "6", "--state", "3,5,0,4,1,2", "--beam", "10"]) == 0
    out = capsys.readouterr().out
    assert "beam_search, not necessarily shortest" in out
    assert run_cli(["path", "pancake", "6", "--state", "5,4,3,2,1,0", "--beam", "10"]) == 0
    assert "length 1 (beam_search, shortest" in capsys.readouterr().out  # one move: proven


def test_path_with_family_parameter(capsys):
    assert run_cli(["path", "top_spin", "6", "--param", "k=4", "--state", "3,2,1,0,4,5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["word"] == ["T"]


def test_sweep_fit_json(capsys):
    assert run_cli(["sweep", "all_transpositions", "--n", "2..7", "--fit", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["diameter"] for r in out["rows"]] == [1, 2, 3, 4, 5, 6]
    assert out["fit"]["formula"] == {"0": "n - 1"} and out["fit"]["confirmed"] is True


def test_sweep_text_reports_refusal(capsys):
    assert run_cli(["sweep", "pancake", "--n", "2..5", "--fit"]) == 0
    out = capsys.readouterr().out
    assert "1, 3, 4, 5 (diameter of the pancake Cayley graph for n = 2..5)" in out
    assert "no formula" in out


@pytest.mark.slow
def test_sweep_in_a_process_pool(capsys):
    assert run_cli(["sweep", "coxeter", "--n", "3,4,5", "--jobs", "2", "--json"]) == 0
    assert [r["order"] for r in json.loads(capsys.readouterr().out)["rows"]] == [6, 24, 120]


def test_bad_cli_inputs():
    with pytest.raises(ValueError, match="range like"):
        parse_n_range("3-11")
    with pytest.raises(ValueError, match="range like"):
        parse_n_range("9..3")
    with pytest.raises(ValueError, match="NAME=INT"):
        run_cli(["path", "top_spin", "6", "--param", "k", "--state", "0,1,2,3,4,5"])
    with pytest.raises(ValueError, match="length 3"):
        run_cli(["path", "lrx", "5", "--state", "0,1,2"])


def run_example(name: str, argv: list[str], monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", [name, *argv])
    with pytest.raises(SystemExit) as done:  # the script ends with sys.exit(status)
        runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    assert done.value.code == 0


def test_shortest_word_example(monkeypatch, capsys):
    run_example("shortest_word.py", ["5", "--pancakes", "7", "--width", "10"], monkeypatch)
    out = capsys.readouterr().out
    assert "lrx n=5, reverse the cards: 8 moves, shortest" in out  # brute-force BFS distance
    assert "flips by beam search" in out


def test_diameter_conjecture_example(monkeypatch, capsys, tmp_path):
    run_example("diameter_conjecture.py", ["9", "--plot", str(tmp_path / "d.png")], monkeypatch)
    out = capsys.readouterr().out
    assert "conjecture: diameter f(n) = n**2/2 - n/2" in out
    assert "held out n=9: diameter 36, formula gives 36" in out and "confirmed" in out

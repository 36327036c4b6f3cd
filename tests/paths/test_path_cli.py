"""``python -m cayley path ... --beam WIDTH --heuristic hamming|pdb|FILE --ball-radius R``:
words that replay to the target, the shortest flag and lower bound, and one-line errors."""
import json

import numpy as np
import pytest

from cayley import CayleyGraph
from cayley.__main__ import main
from cayley.heuristics import PatternDatabase
from cayley.paths import shortest_word

LRX8_ANTIPODE = "1,0,7,6,5,4,3,2"  # distance 28 = 8 * 7 / 2


def run_json(argv: list[str], capsys) -> tuple[dict, str]:
    """Run ``python -m cayley path ... --json``; the JSON object and standard error."""
    assert main(["path", *argv, "--json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def replay(family: str, n: int, word: list[str]) -> list[int]:
    """The state a word reaches from the family's start state."""
    graph = CayleyGraph.from_family(family, n)
    state = graph.start
    for name in word:
        state = graph.apply(state, graph.names.index(name))
    return np.asarray(state).tolist()


def test_pdb_finds_a_proven_shortest_word(capsys):
    out, err = run_json(["lrx", "8", "--state", LRX8_ANTIPODE, "--beam", "10", "--heuristic", "pdb"], capsys)
    assert replay("lrx", 8, out["word"]) == [1, 0, 7, 6, 5, 4, 3, 2]
    # the rule tracks every symbol of lrx 8 within 2**24 entries: an exact, admissible table
    assert out["length"] == out["lower_bound"] == 28 and out["shortest"] is True
    assert out["heuristic"] == "pdb" and out["heuristic_seconds"] > 0
    assert "pdb: 1 pattern database (40320 entries) built in" in err


def test_small_pdb_tables_and_ball(capsys):
    argv = ["lrx", "8", "--state", LRX8_ANTIPODE, "--beam", "200", "--heuristic", "pdb", "--pdb-entries", "400",
            "--ball-radius", "6"]
    out, err = run_json(argv, capsys)
    assert replay("lrx", 8, out["word"]) == [1, 0, 7, 6, 5, 4, 3, 2]
    assert "pdb: 3 pattern databases" in err
    assert 7 <= out["lower_bound"] <= 28 <= out["length"]  # outside the ball; the bound is proven
    assert out["shortest"] is (out["length"] == out["lower_bound"])


def test_hamming_is_the_default_and_the_ball_proves_shortest(capsys):
    graph = CayleyGraph.from_family("lrx", 7)
    distance = shortest_word(graph, "1,0,6,5,4,3,2").length
    out, _ = run_json(["lrx", "7", "--state", "1,0,6,5,4,3,2", "--beam", "10", "--ball-radius", "21"], capsys)
    assert out["heuristic"] == "hamming" and out["method"] == "beam_search"
    assert replay("lrx", 7, out["word"]) == [1, 0, 6, 5, 4, 3, 2]
    assert out["length"] == out["lower_bound"] == distance == 21 and out["shortest"] is True


def test_text_says_what_is_known(capsys):
    assert main(["path", "pancake", "7", "--state", "3,5,0,6,4,1,2", "--beam", "5", "--ball-radius", "2"]) == 0
    head, word = capsys.readouterr().out.splitlines()
    assert head.startswith("length 7 (beam_search, not necessarily shortest; distance >= 3, ")
    assert replay("pancake", 7, word.split()) == [3, 5, 0, 6, 4, 1, 2]
    assert main(["path", "pancake", "7", "--state", "3,5,0,6,4,1,2"]) == 0
    assert capsys.readouterr().out.startswith("length 7 (bidirectional_bfs, shortest, ")


def test_heuristic_file_is_loaded_and_retargeted(tmp_path, capsys):
    graph = CayleyGraph.from_family("lrx", 8)
    path = tmp_path / "lrx8.npz"
    PatternDatabase(graph, graph.start, values=range(8)).save(path)  # built for the identity
    out, _ = run_json(["lrx", "8", "--state", LRX8_ANTIPODE, "--beam", "10", "--heuristic", str(path)], capsys)
    assert out["heuristic"] == str(path)
    assert replay("lrx", 8, out["word"]) == [1, 0, 7, 6, 5, 4, 3, 2]
    assert out["length"] == 28 and out["shortest"] is True


def test_progress_only_when_asked(capsys):
    argv = ["path", "lrx", "6", "--state", "1,0,5,4,3,2", "--beam", "50", "--heuristic", "pdb"]
    assert main(argv) == 0
    assert "step" not in capsys.readouterr().err  # stderr is not a terminal here
    assert main([*argv, "--progress"]) == 0
    err = capsys.readouterr().err
    assert "beam:" in err and "step" in err and "pdb: building pattern databases" in err


def _write_files(folder):
    (folder / "notes.txt").write_text("not a table")
    (folder / "empty.npz").write_bytes(b"")
    np.savez(folder / "other.npz", x=np.arange(3))
    lrx6 = CayleyGraph.from_family("lrx", 6)
    PatternDatabase(lrx6, lrx6.start, values=[0, 1]).save(folder / "lrx6.npz")
    pancake7 = CayleyGraph.from_family("pancake", 7)
    PatternDatabase(pancake7, pancake7.start, values=[0, 1]).save(folder / "pancake7.npz")


@pytest.mark.parametrize("extra, message", [
    (["--heuristic", "{dir}/missing.npz"], "missing.npz' does not exist; give hamming, cyclic, pdb, or a file"),
    (["--heuristic", "{dir}"], "is a directory"),
    (["--heuristic", "{dir}/notes.txt"], "notes.txt' is not a heuristic file"),
    (["--heuristic", "{dir}/empty.npz"], "empty.npz' is not a heuristic file"),
    (["--heuristic", "{dir}/other.npz"], "other.npz' is not a heuristic file"),
    (["--heuristic", "{dir}/lrx6.npz"], "lrx6.npz': a pattern database of degree 6, but lrx 7 has degree 7"),
    (["--heuristic", "{dir}/pancake7.npz"], "pancake7.npz': a pattern database for other generators than those"),
    (["--beam", "0"], "--beam must be at least 1, got 0"),
    (["--ball-radius", "-1"], "--ball-radius must be at least 0, got -1"),
    (["--pdb-entries", "100"], "--pdb-entries applies to --heuristic pdb"),
], ids=["missing", "directory", "text", "empty", "other-npz", "degree", "generators", "width", "radius",
        "entries"])
def test_bad_input_is_one_error_line(extra, message, tmp_path, capsys):
    _write_files(tmp_path)
    extra = [x.replace("{dir}", str(tmp_path)) for x in extra]
    beam = [] if "--beam" in extra else ["--beam", "10"]
    assert main(["path", "lrx", "7", "--state", "1,0,6,5,4,3,2", *beam, *extra]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: ") and message in err


@pytest.mark.parametrize("option", [["--heuristic", "pdb"], ["--ball-radius", "3"], ["--progress"]])
def test_beam_options_need_beam(option, capsys):
    assert main(["path", "lrx", "5", "--state", "1,0,2,3,4", *option, "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["error"] == f"{option[0]} applies to beam search: add --beam WIDTH"
    assert err == f"error: {option[0]} applies to beam search: add --beam WIDTH\n"


def test_pdb_needs_permutations(capsys):
    assert main(["path", "heisenberg", "3", "--state", "1,1,0,0,1,0,0,0,1", "--beam", "10", "--heuristic",
                 "pdb"]) == 2
    assert "pattern databases need a permutation family" in capsys.readouterr().err

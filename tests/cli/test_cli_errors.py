"""Regression tests of ``python -m cayley`` under the error policy of :mod:`cayley.errors`.

Every user error is one line ``error: ...`` on standard error with exit status 2 (and with
``--json`` one JSON object on standard output), checked before the work starts.
"""
import json
import math
import os

import numpy as np
import pytest

import cayley
from cayley import _memory
from cayley.__main__ import main
from cayley.bfs import estimate_memory
from cayley.errors import MemoryBudgetError

COMMANDS = ["demo", "warmup", "growth", "path", "sweep", "spectrum", "walks", "families", "order"]


def one_error_line(capsys) -> tuple[str, str]:
    """The captured standard output and the single ``error:`` line of standard error."""
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in out + err
    return out, lines[0]


def refuse_to_run(monkeypatch, *names: str) -> None:
    """Make the named ``cayley`` functions fail the test if they are called."""
    for name in names:
        def ran(*args, _name=name, **kwargs):
            raise AssertionError(f"{_name} ran although the command should have been refused first")
        monkeypatch.setattr(name, ran)


# ----------------------------------------------------------------------------- defect 1
def test_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = {line.split()[0] for line in lines if line.startswith("    ") and line[4:5].strip()}
    assert listed == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(capsys, command):
    assert main([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m cayley {command}")


@pytest.mark.parametrize("argv", [["order"], ["growth", "lrx", "five"], ["walks", "lrx", "5"], ["nope"]])
def test_usage_errors_are_one_line(capsys, argv):
    assert main(argv) == 2
    out, line = one_error_line(capsys)
    assert "see python -m cayley" in line and out == ""
    assert main(argv + ["--json"]) == 2
    out, line = one_error_line(capsys)
    assert json.loads(out) == {"error": line[len("error: "):], "type": "UsageError"}


def test_unwritable_out_is_refused_before_walking(capsys, monkeypatch, tmp_path):
    refuse_to_run(monkeypatch, "cayley.walks.random_walks")
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["walks", "lrx", "5", "--length", "3", "--count", "2", "--out", str(blocker / "w.npz")]) == 2
    assert "is not a directory" in one_error_line(capsys)[1]


@pytest.mark.parametrize("where", ["under_a_file", "a_file", "proc"])
def test_unusable_checkpoint_is_refused_before_growing(capsys, monkeypatch, tmp_path, where):
    if where == "proc" and not os.path.isdir("/proc/self"):
        pytest.skip("needs Linux /proc")
    refuse_to_run(monkeypatch, "cayley.estimate_memory", "cayley.growth")
    blocker = tmp_path / "file"
    blocker.write_text("")
    checkpoint = {"under_a_file": blocker / "ckpt", "a_file": blocker, "proc": "/proc/cayley-no-such-dir"}[where]
    assert main(["growth", "coxeter", "4", "--checkpoint", str(checkpoint), "--json"]) == 2
    out, line = one_error_line(capsys)
    assert "--checkpoint" in line and json.loads(out)["type"] == "InputError"


def test_checkpoint_directory_is_created(capsys, tmp_path):
    checkpoint = tmp_path / "a" / "b"
    assert main(["growth", "coxeter", "4", "--checkpoint", str(checkpoint), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["layer_sizes"] == [1, 3, 5, 6, 5, 3, 1]
    assert (checkpoint / "growth.json").is_file()


@pytest.mark.parametrize("argv,words", [
    (["growth", "lrx", "99999999999999999999"], "out of range"),
    (["walks", "lrx", "5", "--length", "2", "--count", "99999999999999999999", "--out", "w.npz"], "needs"),
    (["path", "lrx", "5", "--state", "1,0,2,3,4", "--beam", "99999999999999999999"], "needs"),
    (["growth", "lrx", "5", "--start", "99999999999999999999,1,2,3,4"], "64-bit"),
    (["order", "(1,99999999999999999999)"], "too large"),
])
def test_twenty_digit_numbers(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert words in one_error_line(capsys)[1]


@pytest.mark.parametrize("exc,words", [
    (MemoryError(), "out of memory"),
    (OverflowError("int too big to convert"), "a number is too large"),
    (MemoryBudgetError("hashed BFS layer 12 needs 3 TB"), "hashed BFS layer 12 needs 3 TB"),
])
def test_errors_raised_while_running_are_one_line(capsys, monkeypatch, exc, words):
    def fail(*args, **kwargs):
        raise exc

    monkeypatch.setattr("cayley.growth", fail)
    assert main(["growth", "coxeter", "4", "--json"]) == 2
    out, line = one_error_line(capsys)
    assert words in line and json.loads(out) == {"error": line[len("error: "):], "type": type(exc).__name__}


def test_interrupt_says_how_to_resume(capsys, monkeypatch, tmp_path):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("cayley.growth", interrupt)
    assert main(["growth", "coxeter", "4", "--checkpoint", str(tmp_path)]) == 130
    assert "run the same command to resume" in one_error_line(capsys)[1]


# ----------------------------------------------------------------------------- defect 2
@pytest.mark.parametrize("argv", [
    ["order", "(1,2)", "--degree", "1000000000"],
    ["growth", "--generators", "(1,2)", "--degree", "100000000"],
])
def test_huge_degree_is_refused_before_allocating(capsys, argv):
    assert main(argv) == 2
    line = one_error_line(capsys)[1]
    assert argv[-1] in line and "at most 65536" in line


def test_largest_degree_still_works(capsys):
    assert main(["order", "(1,2)", "--degree", "65536", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["order"] == "2"


# ----------------------------------------------------------------------------- defect 3
def test_sweep_checks_every_n_before_running_any(capsys, monkeypatch):
    refuse_to_run(monkeypatch, "cayley.conjecture.map_independent")
    budget = 50_000_000
    monkeypatch.setattr(_memory, "available_bytes", lambda: budget)
    first_too_big = next(n for n in range(3, 14)
                         if estimate_memory(cayley.CayleyGraph.from_family("lrx", n)).bytes > budget)
    assert main(["sweep", "lrx", "--n", "3..100000"]) == 2
    line = one_error_line(capsys)[1]
    assert f"lrx n={first_too_big} " in line and f"n up to {first_too_big - 1} fit" in line


def test_sweep_refuses_groups_too_large_for_any_engine(capsys):
    assert main(["sweep", "lrx", "--n", "25"]) == 2  # no perfect hash; 25! keys of 8 bytes
    line = one_error_line(capsys)[1]
    assert "lrx n=25" in line and "nothing was run" in line


def _growth_failing_at(n_bad: int):
    real = cayley.bfs.growth

    def growth(graph, **kwargs):
        if graph.family_n == n_bad:
            raise MemoryBudgetError(f"hashed BFS of n={n_bad} ran out at layer 7")
        return real(graph, **kwargs)

    return growth


def test_sweep_keeps_the_rows_that_finished(capsys, monkeypatch):
    monkeypatch.setattr("cayley.bfs.growth", _growth_failing_at(5))
    assert main(["sweep", "coxeter", "--n", "3..6", "--jobs", "1"]) == 2
    out, line = one_error_line(capsys)
    assert [row.split()[0] for row in out.splitlines()[1:]] == ["3", "4", "6"]
    assert "coxeter n=5 failed" in line and "ran out at layer 7" in line


def test_sweep_json_keeps_the_rows_that_finished(capsys, monkeypatch):
    monkeypatch.setattr("cayley.bfs.growth", _growth_failing_at(4))
    assert main(["sweep", "coxeter", "--n", "3,4", "--jobs", "1", "--fit", "--json"]) == 2
    out, line = one_error_line(capsys)
    data = json.loads(out)
    assert [r["n"] for r in data["rows"]] == [3] and data["failed"] == [4]
    assert data["type"] == "MemoryBudgetError" and data["error"] == line[len("error: "):]


# ----------------------------------------------------------------------------- defect 4
def test_walks_writes_exactly_the_path_given(capsys, tmp_path):
    out = tmp_path / "w.npz"
    assert main(["walks", "lrx", "5", "--length", "3", "--count", "2", "--seed", "1", "--out", str(out)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"-> {out}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.npz"]
    with np.load(out) as saved:
        assert saved["states"].shape == (2, 4, 5) and saved["steps"].tolist() == [[0, 1, 2, 3]] * 2


def test_walks_refuses_a_name_without_npz(capsys, tmp_path):
    assert main(["walks", "lrx", "5", "--length", "3", "--count", "2", "--out", str(tmp_path / "w.txt")]) == 2
    assert "ending in .npz" in one_error_line(capsys)[1]
    assert list(tmp_path.iterdir()) == []


def test_walks_memory_guard_counts_the_distance_table(capsys, monkeypatch, tmp_path):
    walks, table = 1000 * 11 * (8 + 2 + 2), math.factorial(8)  # states, moves, steps; uint8 distances
    monkeypatch.setattr(_memory, "available_bytes", lambda: walks + table - 1)
    argv = ["walks", "coxeter", "8", "--length", "10", "--count", "1000", "--mode", "bfs",
            "--out", str(tmp_path / "w.npz")]
    assert main(argv) == 2
    assert "with a distance table of 40320 vertices" in one_error_line(capsys)[1]


# ----------------------------------------------------------------------------- defect 5
def test_path_names_the_target_state(capsys):
    assert main(["path", "lrx", "5", "--state", "1,0,2"]) == 2
    assert "target state '1,0,2' has length 3" in one_error_line(capsys)[1]


def test_path_takes_a_matrix_target_as_a_string(capsys):
    assert main(["path", "sl2", "5", "--state", "1,1,0,1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["length"] == 1
    assert main(["path", "sl2", "5", "--state", "1,1,0"]) == 2
    assert "4 entries of a 2x2 matrix" in one_error_line(capsys)[1]

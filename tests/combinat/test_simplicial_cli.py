"""Command line of combinat.simplicial and the example script (smoke tests, tiny sizes)."""
import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from combinat.simplicial import degree_size_sequences, is_simplicial
from combinat.simplicial.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def test_realize_json(tmp_path, capsys):
    (tmp_path / "d.txt").write_text("5 5 3 3 2 2\n")
    (tmp_path / "s.txt").write_text("4 4 3 3 3 3\n")
    assert main(["realize", "--degrees", str(tmp_path / "d.txt"),
                 "--sizes", str(tmp_path / "s.txt"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"status", "facets", "steps", "seconds"} <= set(out)
    assert out["status"] == "realizable" and is_simplicial(out["facets"])
    assert degree_size_sequences(out["facets"]) == ([5, 5, 3, 3, 2, 2], [4, 4, 3, 3, 3, 3])


def test_realize_not_realizable_text(tmp_path, capsys):
    (tmp_path / "d.txt").write_text("2 1")
    (tmp_path / "s.txt").write_text("1 1 1")
    main(["realize", "--degrees", str(tmp_path / "d.txt"), "--sizes", str(tmp_path / "s.txt")])
    assert "not_realizable" in capsys.readouterr().out


def test_sample_command(tmp_path, capsys):
    (tmp_path / "k.txt").write_text("0 1 2\n1 2 3\n3 4\n")
    assert main(["sample", str(tmp_path / "k.txt"), "-n", "3", "--seed", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["samples"]) == 3
    for complex_ in out["samples"]:
        assert degree_size_sequences(complex_) == ([2, 2, 2, 1, 1], [3, 3, 2])


def test_bad_input_file_exits_with_message(tmp_path, capsys):
    (tmp_path / "d.txt").write_text("1 x")
    assert main(["realize", "--degrees", str(tmp_path / "d.txt"),
                 "--sizes", str(tmp_path / "d.txt")]) == 2
    assert "not an integer" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    (tmp_path / "k.txt").write_text("0 1\n1 2\n")
    done = subprocess.run([sys.executable, "-m", "combinat.simplicial", "sample",
                           str(tmp_path / "k.txt"), "-n", "1"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.startswith("# sample 0")


def test_example_runs_with_tiny_sizes(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["simplicial_ensemble.py", "2", "--dataset", "olesen_2002",
                                      "--burn-in", "50", "--thinning", "5"])
    with pytest.raises(SystemExit) as done:  # the script ends with sys.exit(status)
        runpy.run_path(str(ROOT / "examples" / "simplicial_ensemble.py"), run_name="__main__")
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "olesen_2002" in out and "ensemble" in out

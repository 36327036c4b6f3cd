"""``python -m cayley growth`` and ``families``."""
import json

from cayley.__main__ import main


def test_growth_json_keys_and_values(capsys):
    assert main(["growth", "coxeter", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"family", "n", "layer_sizes", "diameter", "order", "engine", "backend", "seconds"} <= set(out)
    assert out["layer_sizes"] == [1, 4, 9, 15, 20, 22, 20, 15, 9, 4, 1]
    assert (out["family"], out["n"], out["order"], out["diameter"]) == ("coxeter", 5, 120, 10)


def test_growth_schreier_graph_of_a_string(capsys):
    assert main(["growth", "lrx", "6", "--start", "010101", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["order"] == 20  # C(6, 3)


def test_growth_custom_generators_table(capsys):
    assert main(["growth", "--generators", "(1,2,3,4,5),(1,2)", "--engine", "hashed"]) == 0
    text = capsys.readouterr().out
    assert "order 120" in text and "memory:" in text


def test_growth_bad_family_and_size(capsys):
    assert main(["growth", "lrxx", "5"]) == 2
    assert "lrx" in capsys.readouterr().err
    assert main(["growth", "lrx", "1"]) == 2
    assert main(["growth", "lrx", "5", "--start", "0101"]) == 2
    assert "length 4" in capsys.readouterr().err


def test_families_lists_the_flagship_families(capsys):
    assert main(["families"]) == 0
    names = {line.split()[0] for line in capsys.readouterr().out.splitlines()}
    assert {"lrx", "coxeter", "pancake", "burnt_pancake", "cube_3x3x3_qtm", "sl2"} <= names


def test_growth_that_cannot_fit_is_one_error_line(capsys):
    assert main(["growth", "lrx", "16", "--json"]) == 2  # 16! states: about 21 TB for the ranked engine
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("error: ") and "needs" in err
    assert json.loads(out)["type"] == "MemoryBudgetError"


def test_growth_degree_only_with_generators(capsys):
    assert main(["growth", "lrx", "5", "--degree", "6"]) == 2
    assert "--degree goes with --generators" in capsys.readouterr().err
    assert main(["growth", "--generators", "(1,2)", "--degree", "70000"]) == 2
    assert "at most 65536" in capsys.readouterr().err


def test_first_use_compiles_announced_and_timed_apart(tmp_path):
    # a fresh numba cache: the first process says it compiles (on_notice) and reports the
    # compile time apart; the second loads the kernels from the cache and compiles nothing
    import os
    import subprocess
    import sys

    script = ("import json; from cayley import CayleyGraph, growth; notes = []; "
              "r = growth(CayleyGraph.from_family('coxeter', 4), on_notice=notes.append); "
              "print(json.dumps({'notes': notes, 'compile': r.compile_seconds, 'seconds': r.seconds, "
              "'sizes': r.layer_sizes}))")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                      check=True).stdout) for _ in range(2)]
    assert all(run["sizes"] == [1, 3, 5, 6, 5, 3, 1] for run in runs)
    assert len(runs[0]["notes"]) == 1 and "compiling kernels for first use" in runs[0]["notes"][0]
    assert 0 < runs[0]["compile"] <= runs[0]["seconds"]
    assert runs[1]["notes"] == [] and runs[1]["compile"] == 0

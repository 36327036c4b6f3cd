"""The ``python -m cayley`` command line."""
import json

from cayley.__main__ import main


def test_order_command_prints_json(capsys):
    assert main(["order", "(1,2,3,4,5),(1,2)", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["order"] == "120"


def test_malformed_generators_give_exit_status_2(capsys):
    assert main(["order", "(1,2"]) == 2
    assert "malformed cycle string" in capsys.readouterr().err


def test_import_cayley_is_lazy():
    import subprocess
    import sys

    code = "import sys, cayley; print(sorted(m for m in ('numba', 'sympy', 'networkx', 'cupy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

"""Regression tests for hostile input to the flip-graph library and its command line.

Each test names the reported defect it pins down: help texts, the error policy of
``cayley.errors``, non-finite numbers, numba threads in pool workers, the ring of GF(2)
schemes in text formats, and memory guards before large allocations.
"""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import cayley._memory
from cayley.errors import InputError, MemoryBudgetError
from solvers.flipgraph import (
    Scheme, lift, product, read_scheme, search, valid_rings, verify, write_scheme,
)
from solvers.flipgraph import __main__ as cli

ROOT = Path(__file__).resolve().parents[2]
SUBCOMMANDS = ["search", "verify", "lift", "convert", "known"]


@pytest.fixture
def no_search(monkeypatch):
    """Make the command line's search fail loudly: a bad argument must stop it first."""
    def refuse(*args, **kwargs):
        raise AssertionError("the search started although an argument was bad")

    monkeypatch.setattr(cli, "search", refuse)


# ------------------------------------------------------------- defect 1: help texts
@pytest.mark.parametrize("command", [[]] + [[c] for c in SUBCOMMANDS])
def test_help_is_plain_text(command, run_cli):
    status, out, err = run_cli(command + ["--help"])
    assert status == 0 and err == "" and out.startswith("usage: python -m solvers.flipgraph")
    for markup in ("``", ":func:", ":class:", ":mod:", "Parameters\n"):
        assert markup not in out


def test_help_and_missing_arguments_as_processes():
    """The reported commands, as processes: no traceback from the N M P metavar."""
    for argv, status in ((["search", "--help"], 0), (["known", "--help"], 0), (["search"], 2)):
        proc = subprocess.run([sys.executable, "-m", "solvers.flipgraph", *argv], capture_output=True,
                              text=True, cwd=ROOT, timeout=120)
        assert proc.returncode == status and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error: the following arguments are required: N, M, P, --out")
    assert len(proc.stderr.splitlines()) == 1


# ------------------------------------------------------- defect 2: one error line, exit 2
def test_garbage_files_give_one_error_line(tmp_path, run_cli, assert_user_error):
    cases = {
        "binary.json": b"\x89PNG\r\n\x1a\n\x00\x01",
        "list.json": b"[1, 2, 3]",
        "zero_denominator.json": b'{"n": [2,2,2], "m": 1, "u": [[1,0,0,"1/0"]], "v": [[1,0,0,0]], "w": [[1,0,0,0]]}',
        "u_not_rows.json": b'{"n": [2,2,2], "m": 1, "u": 5, "v": [], "w": []}',
        "huge_exponent.txt": b"2 2 2 1\n1 0 0 1e99999999\n1 0 0 0\n1 0 0 0\n",
        "zero_denominator.exp": b"(a11)*(b11)*(1/0*c11)\n",
        "not_a_zip.npz": b"\x80\x04garbage that numpy would unpickle",
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        spec = f"{tmp_path / name}[2,2,2]" if name.endswith(".npz") else str(tmp_path / name)
        message = assert_user_error(*run_cli(["verify", spec]))
        assert str(tmp_path / name) in message


def test_output_paths_are_checked_before_the_search(tmp_path, run_cli, assert_user_error, no_search):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    (tmp_path / "folder.json").mkdir()
    for out, reason in ((blocker / "s.json", "Not a directory"),
                        ("/proc/nonexistent/s.json", "No such file or directory"),
                        (tmp_path / "folder.json", "Is a directory"),
                        (tmp_path / "s.npz", "not writable")):
        message = assert_user_error(*run_cli(["search", "3", "3", "3", "--out", str(out), "--quiet"]))
        assert reason in message and str(out) in message


def test_lift_and_convert_check_the_output_before_working(tmp_path, run_cli, assert_user_error, monkeypatch):
    src = write_scheme(Scheme.strassen("gf2"), tmp_path / "s.json")
    monkeypatch.setattr(cli, "lift", lambda *a, **k: pytest.fail("lift ran before the output was checked"))
    monkeypatch.setattr(cli, "read_scheme", lambda *a, **k: pytest.fail("the source was read before the check"))
    assert "/proc/nonexistent" in assert_user_error(*run_cli(["lift", str(src), "--out", "/proc/nonexistent/l.json"]))
    assert "/proc/nonexistent" in assert_user_error(*run_cli(["convert", str(src), "/proc/nonexistent/c.exp"]))


@pytest.mark.parametrize("error, expected", [
    (MemoryError(), "out of memory"),
    (OverflowError("int too large to convert to C long"), "a number is too large"),
])
def test_memory_and_overflow_errors_are_user_errors(tmp_path, run_cli, assert_user_error, monkeypatch,
                                                    error, expected):
    src = write_scheme(Scheme.strassen(), tmp_path / "s.json")

    def fail(scheme):
        raise error

    monkeypatch.setattr(cli, "valid_rings", fail)
    assert expected in assert_user_error(*run_cli(["verify", str(src)]))


def test_cupy_backend_without_a_gpu_is_one_line(tmp_path, run_cli, assert_user_error):
    from solvers.flipgraph.gpu import cupy_available

    if cupy_available():
        pytest.skip("a CUDA device is visible here")
    message = assert_user_error(*run_cli(["search", "2", "2", "2", "--out", str(tmp_path / "s.json"),
                                          "--backend", "cupy", "--quiet"]))
    assert "backend='cupy'" in message and "numba" in message


# --------------------------------------------------- defect 3: non-finite and negative numbers
@pytest.mark.parametrize("option, value", [
    ("--time-limit", "nan"), ("--time-limit", "inf"), ("--time-limit", "-1"), ("--time-limit", "0"),
    ("--walkers", "0"), ("--seed", "-1"), ("--populations", "0"), ("--target", "-1"),
    ("--max-flips", "0"), ("--walkers", str(2**63)),
])
def test_cli_rejects_bad_numbers(option, value, tmp_path, run_cli, assert_user_error, no_search):
    message = assert_user_error(*run_cli(["search", "2", "2", "2", "--out", str(tmp_path / "s.json"),
                                          option, value, "--quiet"]))
    assert option in message


@pytest.mark.parametrize("kwargs, name", [
    ({"time_limit": float("nan")}, "time_limit"), ({"time_limit": float("inf")}, "time_limit"),
    ({"time_limit": -1.0}, "time_limit"), ({"walkers": 0}, "walkers"), ({"seed": -1}, "seed"),
    ({"plus_band": -1}, "plus_band"), ({"target": -1}, "target"), ({"plateau": 2**63}, "plateau"),
    ({"pool_size": 0}, "pool_size"), ({"threads": 0}, "threads"), ({"max_flips": 1.5}, "max_flips"),
])
def test_search_rejects_bad_numbers(kwargs, name):
    with pytest.raises(InputError, match=name):
        search((2, 2, 2), **kwargs)


def test_search_checks_out_before_walking(tmp_path):
    with pytest.raises(NotADirectoryError):
        search((2, 2, 2), target=7, out=write_scheme(Scheme.strassen(), tmp_path / "f.json") / "s.json")


def test_search_start_format_too_wide_is_refused_before_allocation():
    with pytest.raises(InputError, match="64"):
        search((10**9, 10**9, 10**9))  # the naive start would have 10**27 terms


# ------------------------------------------- defect 4: numba threads in pool workers
# (the pool initializer itself: tests/core/test_executor_threads.py)
@pytest.mark.slow
def test_populations_with_a_cold_numba_cache(tmp_path):
    """The example of docs/scaling.md on a fresh install: two populations, empty numba cache."""
    script = tmp_path / "populations.py"
    script.write_text(textwrap.dedent("""
        from solvers.flipgraph import search

        if __name__ == "__main__":
            res = search((2, 2, 2), ring="gf2", target=7, populations=2, time_limit=600, seed=1, backend="numba")
            print(res.rank, res.reached)
    """))
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba_cache"), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0 and proc.stdout.split() == ["7", "True"], proc.stderr


# --------------------------------------------- defect 5: the ring of GF(2) schemes in text formats
@pytest.mark.parametrize("fmt", ["txt", "exp", "m"])
def test_gf2_only_scheme_keeps_its_ring_through_text_formats(tmp_path, fmt, run_cli):
    s = Scheme.strassen("gf2")  # mod-2 coefficients: valid over GF(2) only
    assert valid_rings(s) == {"gf2"}
    back = read_scheme(write_scheme(s, tmp_path / f"s.{fmt}"))
    assert back == s and back.ring == "gf2"
    src = write_scheme(s, tmp_path / "s.json")
    assert run_cli(["convert", str(src), str(tmp_path / f"c.{fmt}")])[0] == 0
    status, out, _ = run_cli(["convert", str(tmp_path / f"c.{fmt}"), str(tmp_path / "back.json")])
    assert status == 0 and json.loads(out)["ring"] == "gf2"
    assert read_scheme(tmp_path / "back.json") == s


def test_alphatensor_gf2_47_round_trip_through_exp(tmp_path, shared_data):
    from solvers.flipgraph import read_alphatensor

    s = read_alphatensor(shared_data / "schemes/alphatensor/factorizations_f2.npz", (4, 4, 4))
    assert read_scheme(write_scheme(s, tmp_path / "s47.exp")) == s


@pytest.mark.parametrize("fmt", ["txt", "exp"])
def test_text_formats_infer_the_strongest_valid_ring(tmp_path, fmt):
    assert read_scheme(write_scheme(Scheme.strassen(), tmp_path / f"s.{fmt}")).ring == "zt"
    # the files hold no ring: a GF(2) label on a scheme that is valid over Z becomes zt
    assert read_scheme(write_scheme(Scheme.naive(2, 2, 2, "gf2"), tmp_path / f"n.{fmt}")).ring == "zt"
    s = Scheme.strassen()
    broken = read_scheme(write_scheme(Scheme(2, 2, 2, s.u[:6], s.v[:6], s.w[:6]), tmp_path / f"b.{fmt}"))
    assert broken.ring == "zt" and not valid_rings(broken)  # valid nowhere: the label stays


# ------------------------------------------------ defect 6: memory guards before allocation
def test_verify_of_a_huge_format_is_refused_before_allocation(tmp_path, run_cli, assert_user_error):
    huge = tmp_path / "huge.json"
    huge.write_text('{"n": [100, 100, 100], "m": 0, "u": [], "v": [], "w": []}')
    s = read_scheme(huge)
    with pytest.raises(MemoryBudgetError, match="needs .* but only .* available"):
        verify(s)
    message = assert_user_error(*run_cli(["verify", str(huge)]))
    assert "100x100x100" in message and "needs" in message and "available" in message


def test_walkers_beyond_memory_are_refused(tmp_path, run_cli, assert_user_error):
    with pytest.raises(MemoryBudgetError, match="10000000000000 walkers"):
        search((2, 2, 2), walkers=10**13, time_limit=1)
    message = assert_user_error(*run_cli(["search", "2", "2", "2", "--out", str(tmp_path / "s.json"),
                                          "--walkers", "1000000000000", "--quiet"]))
    assert "needs" in message and "available" in message


@pytest.mark.parametrize("argv", [
    ["known", "99999999999999999999", "2", "2"],
    ["search", "99999999999999999999", "2", "2", "--out", "x.json"],
    ["search", "2", "2", "2", "--out", "x.json", "--walkers", "99999999999999999999"],
    ["search", "2", "2", "2", "--out", "x.json", "--target", "99999999999999999999"],
])
def test_twenty_digit_sizes_are_input_errors(argv, run_cli, assert_user_error, no_search):
    message = assert_user_error(*run_cli(argv))
    assert "too large" in message or "9223372036854775807" in message


def test_twenty_digit_format_in_a_file(tmp_path, run_cli, assert_user_error):
    f = tmp_path / "big.json"
    f.write_text('{"n": [99999999999999999999, 2, 2], "m": 0, "u": [], "v": [], "w": []}')
    assert "too large" in assert_user_error(*run_cli(["verify", str(f)]))


def test_naive_scheme_and_lift_are_guarded(monkeypatch):
    with pytest.raises(MemoryBudgetError, match="naive"):
        Scheme.naive(3000, 3000, 3000)
    s = product(Scheme.strassen("gf2"), Scheme.strassen("gf2"))  # 4x4x4, rank 49
    monkeypatch.setattr(cayley._memory, "available_bytes", lambda: 1 << 20)  # the check fits, the lift not
    assert verify(s)
    with pytest.raises(MemoryBudgetError, match="lifting a rank-49 4x4x4 scheme"):
        lift(s)


def test_huge_coefficients_are_named_not_overflowed(tmp_path):
    f = tmp_path / "c.json"
    f.write_text('{"n": [1, 1, 1], "m": 1, "u": [[100000000000000000000000]], "v": [[1]], "w": [[1]]}')
    with pytest.raises(InputError, match="24 digits, outside the 64-bit integer range"):
        read_scheme(f)

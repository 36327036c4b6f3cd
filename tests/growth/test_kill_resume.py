"""Checkpoints that cannot lie: runs killed at random moments (SIGKILL, SIGINT) or crashed at
every file operation resume to exactly the uninterrupted result; damaged, foreign and locked
checkpoints are refused with one clear error."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from cayley import CayleyGraph, growth
from cayley import _checkpoint
from cayley.errors import CheckpointError

DRIVER = Path(__file__).with_name("_kill_driver.py")
ROOT = Path(__file__).resolve().parents[2]


def _uninterrupted(family: str, n: int, engine: str):
    r = growth(CayleyGraph.from_family(family, n), engine=engine, codes="byte" if engine == "ranked" else "auto")
    return r.layer_sizes, r.last_layer.tolist()


def _driver(family: str, n: int, engine: str, directory: Path, codes: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(DRIVER), family, str(n), engine, str(directory), codes],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def kill_and_resume(family: str, n: int, engine: str, sig: int, seed: int, directory: Path,
                    codes: str = "auto") -> dict:
    """Start a checkpointed run, kill it with ``sig`` a random time after a random layer,
    run it again to the end; returns what happened and the resumed result."""
    rng = random.Random(seed)
    expected_layers = len(_uninterrupted(family, n, engine)[0])
    kill_after = rng.randrange(1, expected_layers - 1)
    delay = rng.uniform(0, 0.02)
    process = _driver(family, n, engine, directory, codes)
    killed = False
    for line in process.stdout:
        if line.startswith("layer ") and int(line.split()[1]) >= kill_after:
            time.sleep(delay)
            process.send_signal(sig)
            killed = True
            break
    process.communicate(timeout=300)
    resumed = _driver(family, n, engine, directory, codes)
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    return {"killed": killed and process.returncode != 0, "result": result}


@pytest.mark.parametrize("family, n, engine, codes, sig, seed", [
    ("lrx", 8, "ranked", "byte", signal.SIGKILL, 1), ("lrx", 8, "ranked", "two_bit", signal.SIGKILL, 2),
    ("lrx", 9, "ranked", "out_of_core", signal.SIGKILL, 6), ("lrx", 9, "ranked", "out_of_core", signal.SIGINT, 7),
    ("lx", 9, "ranked", "out_of_core", signal.SIGKILL, 8),
    ("lrx", 8, "ranked", "byte", signal.SIGINT, 3), ("lrx", 8, "hashed", "auto", signal.SIGKILL, 4),
    ("lrx", 8, "hashed", "auto", signal.SIGINT, 5),
])
def test_a_killed_run_resumes_to_the_uninterrupted_result(tmp_path, family, n, engine, codes, sig, seed):
    # out_of_core in segments of 4 KiB: lrx (undirected) keeps one code file and rewrites it
    # in place; lx (directed) writes each layer into the other of two files
    sizes, last = _uninterrupted(family, n, engine)
    outcome = kill_and_resume(family, n, engine, sig, seed, tmp_path, codes)
    assert outcome["result"]["layer_sizes"] == sizes and outcome["result"]["last_layer"] == last
    assert outcome["result"]["complete"]


@pytest.mark.slow
def test_many_kills_at_random_moments_all_resume_exactly(tmp_path):
    """The must-show count: 40 kills over both engines and both signals, every resumed run
    identical to the uninterrupted one."""
    kills = 0
    for seed in range(40):
        engine, codes = (("ranked", "byte"), ("hashed", "auto"), ("ranked", "two_bit"), ("ranked", "out_of_core"))[seed % 4]
        sig = (signal.SIGKILL, signal.SIGINT)[(seed // 4) % 2]
        family, n = ("lrx", 9) if engine == "ranked" else ("lrx", 8)
        sizes, last = _uninterrupted(family, n, engine)
        outcome = kill_and_resume(family, n, engine, sig, seed, tmp_path / str(seed), codes)
        assert outcome["result"]["layer_sizes"] == sizes and outcome["result"]["last_layer"] == last
        kills += outcome["killed"]
    print(f"{kills} of 40 runs killed mid-run; every resumed result identical")
    assert kills >= 30


class _Crash(Exception):
    """Stands for the process dying at a file operation."""


@pytest.mark.parametrize("engine, codes", [("ranked", "byte"), ("ranked", "two_bit"), ("ranked", "out_of_core"),
                                           ("hashed", "auto")])
def test_a_crash_at_every_file_operation_resumes_exactly(tmp_path, monkeypatch, engine, codes):
    # Every write, flush-to-disk and rename of a checkpointed run is made to fail in turn;
    # the next run on the directory must finish with the uninterrupted result.
    graph = CayleyGraph.from_family("pancake", 6)
    expected = growth(graph, engine=engine).layer_sizes
    operations, crash = [], {"at": 0}
    real_replace, real_fsync = os.replace, os.fsync

    def counting(real, name):
        def op(*args):
            operations.append(name)
            if len(operations) == crash["at"]:
                raise _Crash(name)
            return real(*args)
        return op

    def run(directory):
        where = {"workdir": directory} if codes == "out_of_core" else {"checkpoint": directory}
        return growth(graph, engine=engine, codes=codes, **where)

    run(tmp_path / "warm")  # compiled and cached first: numba's cache writes go through os.replace too
    monkeypatch.setattr(_checkpoint.os, "replace", counting(real_replace, "replace"))
    monkeypatch.setattr(_checkpoint.os, "fsync", counting(real_fsync, "fsync"))
    run(tmp_path / "count")
    total = len(operations)
    assert total >= 2 * (len(expected) - 1)  # (data,) record and directory per layer
    for crash_at in range(1, total + 1):
        operations.clear()
        crash["at"] = crash_at
        directory = tmp_path / str(crash_at)
        with pytest.raises(_Crash):
            run(directory)
        crash["at"] = 0
        resumed = run(directory)
        assert resumed.layer_sizes == expected, f"crash at operation {crash_at}"
        assert not list(directory.glob("*.tmp-*"))


def test_a_record_one_layer_behind_its_data_is_refused(tmp_path):
    graph = CayleyGraph.from_family("lrx", 7)
    growth(graph, max_layers=5, checkpoint=tmp_path)
    record = json.loads((tmp_path / "growth.json").read_text())
    record["layer_sizes"] = record["layer_sizes"][:-1] + [record["layer_sizes"][-1] + 1]
    (tmp_path / "growth.json").write_text(json.dumps(record))
    with pytest.raises(CheckpointError, match="damaged"):
        growth(graph, checkpoint=tmp_path)


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "garbage record", "no layer sizes", "old format"])
def test_damaged_checkpoints_are_refused(tmp_path, damage):
    graph = CayleyGraph.from_family("lrx", 7)
    growth(graph, max_layers=5, checkpoint=tmp_path)
    data = next(tmp_path.glob("growth.codes.*.npy"))
    record_path = tmp_path / "growth.json"
    record = json.loads(record_path.read_text())
    if damage == "truncate":
        data.write_bytes(data.read_bytes()[:-100])
    elif damage == "flip":
        raw = bytearray(data.read_bytes())
        raw[-7] ^= 1
        data.write_bytes(bytes(raw))
    elif damage == "delete":
        data.unlink()
    elif damage == "garbage record":
        record_path.write_text("{not json")
    elif damage == "no layer sizes":
        del record["layer_sizes"]
        record_path.write_text(json.dumps(record))
    else:
        del record["format"]
        record_path.write_text(json.dumps(record))
    with pytest.raises(CheckpointError, match="damaged|another version"):
        growth(graph, checkpoint=tmp_path)


def test_ranked_and_hashed_runs_in_one_directory_are_refused(tmp_path):
    graph = CayleyGraph.from_family("lrx", 7)
    growth(graph, engine="ranked", max_layers=4, checkpoint=tmp_path)
    with pytest.raises(CheckpointError, match="engine is 'ranked'"):
        growth(graph, engine="hashed", checkpoint=tmp_path)
    assert growth(graph, engine="ranked", checkpoint=tmp_path).order == 5040


def test_a_second_writer_is_refused_while_the_first_runs(tmp_path):
    graph = CayleyGraph.from_family("lrx", 7)
    with _checkpoint.CheckpointStore(tmp_path, "growth", {"fingerprint": graph.fingerprint()}):
        with pytest.raises(CheckpointError, match="being written by another run"):
            growth(graph, checkpoint=tmp_path)
    assert growth(graph, checkpoint=tmp_path).order == 5040  # the lock went with the first


def test_a_checkpoint_path_that_is_a_file_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CheckpointError, match="is a file"):
        growth(CayleyGraph.from_family("lrx", 5), checkpoint=blocker)


def test_two_generations_are_kept_when_asked(tmp_path):
    with _checkpoint.CheckpointStore(tmp_path, "s", {"id": 1}, keep=2) as store:
        for g in range(4):
            store.save(g, {"layer_sizes": [1] * (g + 1)}, codes=np.full(3, g, dtype=np.uint8))
        assert sorted(store.record()["generations"], key=int) == ["2", "3"]
        assert store.load(2).arrays["codes"].tolist() == [2, 2, 2]
        assert sorted(p.name for p in tmp_path.glob("*.npy")) == ["s.codes.2.npy", "s.codes.3.npy"]

"""``python -m cayley warmup``, the first-use notice and the top-level help."""
import io
import json
import os
import subprocess
import sys

import pytest

from cayley._warmup import (DEMO_TASK, TASKS, TOPICS, WarmupTask, _run_task, estimated_seconds, first_use_notice,
                            kernels_cached, select_tasks, warmup)
from cayley.cli import build_parser


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _cayley(*args, env=None):
    return subprocess.run([sys.executable, "-m", "cayley", *args], capture_output=True, text=True, env=env)


def test_topics_cover_every_task_and_select_longest_first():
    assert set(TOPICS) == {t.topic for t in TASKS}
    chosen = select_tasks(["growth"])
    assert chosen and all(t.topic == "growth" for t in chosen)
    assert [t.seconds for t in chosen] == sorted((t.seconds for t in chosen), reverse=True)
    with pytest.raises(ValueError, match="unknown warm-up topic"):
        select_tasks(["nonsense"])
    assert select_tasks(["demo"]) == [DEMO_TASK] and DEMO_TASK.commands[0][:3] == ("cayley", "growth", "lrx")


def test_estimate_packs_tasks_on_processes():
    tasks = [WarmupTask(str(s), "growth", (("cayley", "families"),), s) for s in (40, 30, 20, 10)]
    assert estimated_seconds(tasks, 1) == 100 and estimated_seconds(tasks, 2) == 50


def test_a_task_runs_its_commands_in_a_scratch_folder():
    ok = _run_task(WarmupTask("families", "growth", (("cayley", "families", "--json"),), 1))
    assert ok.error is None
    bad = _run_task(WarmupTask("bad", "growth", (("cayley", "growth", "no_such_family", "5"),), 1))
    assert "exited with 2" in bad.error


def test_warmup_reports_each_task(monkeypatch):
    tasks = (WarmupTask("families", "growth", (("cayley", "families"),), 1),
             WarmupTask("order", "growth", (("cayley", "order", "(1,2,3),(1,2)"),), 1),
             WarmupTask("missing", "growth", (("no_such_package_xyz", "x"),), 1))
    monkeypatch.setattr("cayley._warmup.TASKS", tasks)
    lines = []
    report = warmup(["growth"], jobs=2, report=lines.append)
    assert report.ok and len(report.results) == 2 and report.skipped == ["missing"]
    assert len(lines) == 2 and all(line.endswith("ok") for line in lines)


@pytest.mark.parametrize("args, message", [(["warmup", "nonsense"], "unknown warm-up topic"),
                                           (["warmup", "--jobs", "0"], "--jobs must be at least 1")])
def test_warmup_usage_errors(args, message):
    done = _cayley(*args)
    assert done.returncode == 2 and message in done.stderr


def test_cold_cache_is_detected_and_announced(tmp_path):
    code = ("import io, sys; from cayley._warmup import kernels_cached, first_use_notice, COMMAND_KERNELS\n"
            "class T(io.StringIO):\n    def isatty(self): return True\n"
            "t = T(); first_use_notice('growth', t)\n"
            "print(kernels_cached(COMMAND_KERNELS['growth']), repr(t.getvalue()))")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.startswith("False 'compiling kernels for first use, about")
    assert "cached afterwards" in done.stdout


def test_no_notice_off_a_terminal_or_for_commands_without_kernels():
    assert first_use_notice("growth", io.StringIO()) is None
    assert first_use_notice("families", _Terminal()) is None
    assert kernels_cached(["no_such_module_xyz"]) is False


def test_help_lists_every_command_with_a_description_and_examples():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    text = parser.format_help()
    for name in commands:
        assert f"    {name} " in text, name
        assert f"python -m cayley {name}" in text, name
    assert len(commands) >= 9 and "python -m cayley COMMAND --help" in text


def test_growth_json_prints_no_notice(tmp_path):
    env = {**os.environ}
    done = _cayley("order", "(1,2,3),(1,2)", "--json", env=env)
    assert json.loads(done.stdout)["order"] == "6" and done.stderr == ""

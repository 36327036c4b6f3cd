"""Every fenced ``python`` and ``bash`` block of the user's guide runs as written.

Blocks are collected from README.md and docs/**/*.md. The python blocks of a page run in
page order in one namespace, as a reader follows the page; a bash block runs line by line
(``python`` is this interpreter). Both run in a scratch folder that holds a link to
``examples/``, so that files the examples write stay out of the repository. An HTML comment
on the line before a fence changes that: ``<!-- doc-test: skip (why) -->`` never runs the
block (e.g. ``make`` targets, MPI), ``<!-- doc-test: slow -->`` runs it only under
``pytest -m slow``, ``<!-- doc-test: gpu -->`` only with ``-m gpu`` (a CUDA device). A
python block that needs an optional extra that is not installed (CuPy, mpi4py, Dask,
matplotlib) is skipped. Blocks of other languages (``text``, ``json``, none) are output and
are not run.
"""
from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cayley.errors import BackendUnavailableError

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_FENCE = re.compile(r"^(?P<marker><!-- doc-test: (?P<mode>skip|slow|gpu)[^>]*-->\n)?```(?P<lang>python|bash)\n"
                    r"(?P<body>.*?)^```$", re.S | re.M)
COMMAND_SECONDS = 300
OPTIONAL_MODULES = {"cupy", "mpi4py", "dask", "distributed", "matplotlib"}
"""Modules of optional extras: a block that needs a missing one is skipped, not failed."""


@dataclass(frozen=True)
class Block:
    """One fenced block: its page, first line, language, code and mode (run, slow, skip)."""

    page: Path
    line: int
    lang: str
    code: str
    mode: str

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def collect_blocks(pages: list[Path] = PAGES) -> list[Block]:
    """The python and bash blocks of ``pages``, in page order."""
    blocks = []
    for page in pages:
        text = page.read_text()
        for match in _FENCE.finditer(text):
            line = text.count("\n", 0, match.start("lang")) + 1
            blocks.append(Block(page, line, match["lang"], match["body"], match["mode"] or "run"))
    return blocks


BLOCKS = collect_blocks()


def _params():
    for block in BLOCKS:
        marks = {"skip": [pytest.mark.skip(reason="marked doc-test: skip")],
                 "slow": [pytest.mark.slow], "gpu": [pytest.mark.gpu], "run": []}[block.mode]
        yield pytest.param(block, id=block.id, marks=marks)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A scratch working folder with ``examples`` linked in; the repository importable."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return tmp_path


def _commands(code: str) -> list[str]:
    """The command lines of a bash block: comments dropped, ``\\`` continuations joined."""
    joined = re.sub(r"\\\n\s*", " ", code)
    return [line for line in (ln.split("  #")[0].strip() for ln in joined.splitlines())
            if line and not line.startswith("#")]


def _run_bash(block: Block, folder: Path) -> None:
    for command in _commands(block.code):
        argv = shlex.split(command)
        if argv[0] == "python":
            argv[0] = sys.executable
        done = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=COMMAND_SECONDS,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0, (f"{block.id}: `{command}` exited with {done.returncode}\n"
                                      f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


_NAMESPACES: dict[Path, dict] = {}


def _run_python(block: Block) -> None:
    """Run ``block`` in its page's namespace (the names of the page's earlier blocks); a
    block of ``>>>`` examples runs as a doctest, its printed output checked."""
    namespace = _NAMESPACES.setdefault(block.page, {"__name__": "__doc_block__"})
    if block.code.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(block.code, namespace, block.id, str(block.page), block.line)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        report = io.StringIO()
        runner.run(test, out=report.write, clear_globs=False)
        namespace.update(test.globs)  # a DocTest works on a copy of the names it is given
        assert runner.failures == 0, report.getvalue()
        return
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block.code, block.id, "exec"), namespace)
    except BackendUnavailableError as exc:
        pytest.skip(f"needs an optional backend: {exc}")
    except ModuleNotFoundError as exc:
        if exc.name not in OPTIONAL_MODULES:
            raise
        pytest.skip(f"needs the optional module {exc.name}")


@pytest.mark.parametrize("block", list(_params()))
def test_doc_block_runs(block: Block, scratch: Path) -> None:
    if block.lang == "bash":
        _run_bash(block, scratch)
    else:
        _run_python(block)


def test_blocks_are_found() -> None:
    """The collector sees the guide's blocks (a changed fence syntax would hide them all)."""
    counts = {lang: sum(b.lang == lang for b in BLOCKS) for lang in ("python", "bash")}
    assert counts["python"] >= 20 and counts["bash"] >= 10, counts


def test_no_links_outside_the_repository() -> None:
    """Pages link to files a user has: nothing under ``../shared``."""
    offenders = [f"{page.relative_to(ROOT)}" for page in PAGES if "../shared" in page.read_text()]
    assert not offenders, offenders


def test_no_optional_brackets_in_commands() -> None:
    """Command lines are copied as written: no ``[--option]`` usage brackets in a block."""
    offenders = [block.id for block in BLOCKS if re.search(r"\[--", block.code)]
    assert not offenders, offenders

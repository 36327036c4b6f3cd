"""Fuzzing ``python -m combinat.simplicial``: every sub-command gets hostile input (garbage,
binary and truncated files, other formats, non-simplicial facet lists, out-of-range, huge,
negative and non-finite numbers, unusable paths), with and without ``--json``.

Each case must be a user error under the policy of cayley.errors: exit status 2, exactly one
non-empty stderr line ``error: ...``, no traceback, and with ``--json`` the JSON error object
on stdout (checked by the ``assert_cli_error`` fixture of conftest.py). The command line runs
in-process, so each case takes about a millisecond.
"""
import itertools
import json
import math
import os

import pytest
from hypothesis import given, settings, strategies as st

from combinat.simplicial import prune_included
from combinat.simplicial._validate import INT64_MAX, INTEGER

FUZZ = settings(deadline=None, max_examples=80)
GOOD_DEGREES, GOOD_SIZES = "2 2 2 1 1\n", "3 3 2\n"
GOOD_FACETS = "0 1 2\n1 2 3\n3 4\n"
_names = itertools.count()


@pytest.fixture(scope="module")
def write(tmp_path_factory):
    """``write(content) -> path`` of a fresh file holding ``content`` (str or bytes)."""
    folder = tmp_path_factory.mktemp("fuzz")

    def write_file(content) -> str:
        path = folder / f"f{next(_names)}.txt"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)

    write_file.folder = folder
    return write_file


# ------------------------------------------------------------------------------ text
def _is_one_token(text: str) -> bool:
    return text.split() == [text]


def _parses_as_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_visible = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff\x00")
# one whitespace-free token that is not an ASCII integer ("x", "1.5", "٣", "1_0", "#", ...)
not_integers = st.one_of(
    st.text(_visible, min_size=1, max_size=12),
    st.sampled_from(["1.5", "1e3", "0x10", "1_0", "\u0663", "nan", "inf", "#", "--", "½", "++1"]),
).filter(lambda t: _is_one_token(t) and not INTEGER.fullmatch(t))
separators = st.sampled_from([" ", "\n", "\t", "\r\n", "  \n "])


@st.composite
def joined(draw, tokens: st.SearchStrategy) -> str:
    """Positive integers with one of ``tokens`` inserted somewhere, separated by whitespace."""
    values = [str(v) for v in draw(st.lists(st.integers(1, 9), max_size=6))]
    values.insert(draw(st.integers(0, len(values))), draw(tokens))
    sep = draw(separators)
    return sep.join(values) + draw(st.sampled_from(["", "\n"]))


@st.composite
def spliced(draw, base: st.SearchStrategy, insert: st.SearchStrategy, at_end: bool = False) -> bytes:
    """Bytes of ``base`` (text) with ``insert`` (bytes) put inside, or at the end."""
    data = draw(base).encode()
    cut = len(data) if at_end else draw(st.integers(0, len(data)))
    return data[:cut] + draw(insert) + data[cut:]


some_text = st.text(st.characters(codec="ascii", blacklist_characters="\x00"), max_size=30)
binary = st.one_of(  # a NUL byte anywhere: a binary file
    spliced(some_text, st.binary(max_size=20).map(lambda b: b + b"\x00")),
    st.binary(max_size=40).map(lambda b: b"\x00" + b),
)
not_utf8 = spliced(some_text, st.sampled_from([b"\xff", b"\xfe\xfe", b"\xc3\x28", b"\xa0\xa1",
                                                b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf"]))
truncated = spliced(some_text, st.sampled_from([b"\xe2\x82", b"\xc3", b"\xf0\x9f\x98", b"\xf0"]),
                    at_end=True)
blank = st.lists(st.sampled_from(["", " ", "\t", "\r"]), max_size=4).map("\n".join)

# ------------------------------------------------------------------------------ numbers
too_big = st.integers(INT64_MAX + 1, 10**40).map(str)
floats_text = st.floats().map(repr)  # "1.5", "nan", "inf", "-0.0", "1e+16": never an integer


def bad_integers(minimum: int, maximum: int = INT64_MAX) -> st.SearchStrategy:
    """Text of a value that an integer option in ``[minimum, maximum]`` must reject."""
    return st.one_of(
        st.integers(max_value=minimum - 1).map(str),
        st.integers(maximum + 1, maximum * 10**6).map(str),
        floats_text,
        not_integers,
    )


def bad_numbers(low: float, high: float = math.inf, include_low: bool = True) -> st.SearchStrategy:
    """Text of a value that a number option in ``[low, high]`` must reject (NaN and infinities
    included); the interval is ``(low, high]`` without ``include_low``."""
    def allowed(x: float) -> bool:
        return math.isfinite(x) and (x >= low if include_low else x > low) and x <= high

    return st.one_of(
        st.floats().filter(lambda x: not allowed(x)).map(repr),
        st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999"]),
        not_integers.filter(lambda t: not _parses_as_float(t)),
    )


def option(name: str, values: st.SearchStrategy) -> st.SearchStrategy:
    """``[name, value]`` or ``[name=value]`` (the form that lets a value start with "-")."""
    return st.tuples(values, st.booleans()).map(
        lambda pair: [f"{name}={pair[0]}"] if pair[1] else [name, pair[0]])


json_flag = st.sampled_from([[], ["--json"]])


# ------------------------------------------------------------------------------ realize
bad_sequence_files = st.one_of(
    joined(not_integers),                                              # garbage token
    joined(st.integers(max_value=0).map(str)),                         # zero or negative
    joined(too_big),                                                   # 20+ digits
    joined(floats_text),                                               # non-integer numbers
    st.lists(st.integers(1, 9), min_size=1, max_size=5).map(json.dumps),     # JSON
    st.lists(st.integers(1, 9), min_size=2, max_size=5).map(             # CSV
        lambda v: ",".join(map(str, v))),
    binary, not_utf8, truncated, blank,
)


@FUZZ
@given(bad=bad_sequence_files, bad_is_degrees=st.booleans(), flag=json_flag)
def test_realize_rejects_bad_sequence_files(write, assert_cli_error, bad, bad_is_degrees, flag):
    degrees, sizes = (bad, GOOD_SIZES) if bad_is_degrees else (GOOD_DEGREES, bad)
    assert_cli_error(["realize", "--degrees", write(degrees), "--sizes", write(sizes), *flag])


bad_realize_options = st.one_of(
    option("--max-steps", bad_integers(0)),
    option("--time-limit", bad_numbers(0.0)),
    option("--memory-limit", bad_integers(1)),
    option("--memory-limit", st.integers(1, 500).map(str)),  # the witness alone needs 512 bytes
)


@FUZZ
@given(options=st.lists(bad_realize_options, min_size=1, max_size=2), flag=json_flag)
def test_realize_rejects_bad_options(write, assert_cli_error, options, flag):
    argv = ["realize", "--degrees", write(GOOD_DEGREES), "--sizes", write(GOOD_SIZES)]
    assert_cli_error([*argv, *itertools.chain.from_iterable(options), *flag])


# ------------------------------------------------------------------------------ sample
@st.composite
def non_simplicial(draw) -> str:
    """A facet list with a facet inside (or equal to) another, or a repeated vertex."""
    facets = [list(f) for f in prune_included(draw(st.lists(
        st.sets(st.integers(0, 12), min_size=1, max_size=4), min_size=1, max_size=5)))]
    facet = draw(st.sampled_from(facets))
    if draw(st.booleans()):
        facets.append(draw(st.lists(st.sampled_from(facet), min_size=1, unique=True)))
    else:
        facet.insert(draw(st.integers(0, len(facet))), draw(st.sampled_from(facet)))
    draw(st.randoms(use_true_random=False)).shuffle(facets)
    return "".join(" ".join(map(str, f)) + "\n" for f in facets)


bad_facet_files = st.one_of(
    non_simplicial(),
    binary, not_utf8, truncated,
    st.lists(st.one_of(blank, st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")))
                       .map(lambda t: "#" + t)), max_size=4).map("\n".join),  # only comments
)


@FUZZ
@given(bad=bad_facet_files, flag=json_flag)
def test_sample_rejects_bad_facet_files(write, assert_cli_error, bad, flag):
    assert_cli_error(["sample", write(bad), "-n", "2", "--burn-in", "10", *flag])


bad_sample_options = st.one_of(
    option("-n", bad_integers(0)),
    option("-n", st.integers(10**13, INT64_MAX).map(str)),      # samples that cannot fit
    option("--burn-in", bad_integers(0)),
    option("--burn-in", st.integers(INT64_MAX - 9, INT64_MAX).map(str)),  # moves overflow int64
    option("--thinning", bad_integers(1)),
    option("--thinning", st.integers(INT64_MAX // 10 + 1, INT64_MAX).map(str)),  # 10 samples
    option("--l-max", bad_integers(2)),
    option("--q", bad_numbers(0.0, 1.0, include_low=False)),
    option("--seed", bad_integers(0, 2**128 - 1)),
    option("--memory-limit", bad_integers(1)),
    option("--memory-limit", st.integers(1, 300).map(str)),    # the chain alone needs more
)


@FUZZ
@given(options=st.lists(bad_sample_options, min_size=1, max_size=2), flag=json_flag)
def test_sample_rejects_bad_options(write, assert_cli_error, options, flag):
    argv = ["sample", write(GOOD_FACETS), "-n", "10", *itertools.chain.from_iterable(options)]
    assert_cli_error([*argv, *flag])


# ------------------------------------------------------------------------------ paths
@st.composite
def unusable_paths(draw, write) -> str:
    """A path that cannot be read or written: missing, a folder, or below a plain file."""
    folder = write.folder
    name = draw(st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1,
                        max_size=8))
    return draw(st.sampled_from([
        str(folder / f"missing-{name}" / "x.txt"),
        str(folder),
        write(GOOD_FACETS) + "/" + name,
    ]))


@FUZZ
@given(data=st.data(), command=st.sampled_from(["realize", "sample"]),
       role=st.sampled_from(["input", "output"]), flag=json_flag)
def test_unusable_paths(write, assert_cli_error, data, command, role, flag):
    path = data.draw(unusable_paths(write))
    if command == "realize":
        degrees = path if role == "input" else write(GOOD_DEGREES)
        argv = ["realize", "--degrees", degrees, "--sizes", write(GOOD_SIZES)]
    else:
        argv = ["sample", path if role == "input" else write(GOOD_FACETS)]
    if role == "output":
        argv += ["--output", path]
    assert_cli_error([*argv, *flag])


words = st.one_of(
    st.sampled_from(["realize", "sample", "--degrees", "--sizes", "-n", "--q", "--json", "--output"]),
    not_integers.filter(lambda t: not t.startswith("-") and not os.path.exists(t)),
)


@FUZZ
@given(argv=st.tuples(st.sampled_from([[], ["realize"], ["sample"]]), st.lists(words, max_size=5))
       .map(lambda parts: parts[0] + parts[1]))
def test_garbage_command_lines(assert_cli_error, argv):
    # no readable file is named: each such command line lacks a required argument, has a bad
    # one, or names a file that does not exist
    assert_cli_error(argv)

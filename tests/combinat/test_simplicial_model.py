"""The exact constraint model (CP-SAT) of realize(): brute force, witnesses, symmetry, budgets."""
import importlib
import itertools
import json
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cayley import PermutationGroup
from cayley.errors import BackendUnavailableError, InputError, MemoryBudgetError
from combinat.simplicial import degree_size_sequences, is_simplicial, prune_included, realize
from combinat.simplicial._symmetry import class_cycle, vertex_classes

pytest.importorskip("ortools")
model_module = importlib.import_module("combinat.simplicial._model")
realize_module = importlib.import_module("combinat.simplicial.realize")

# Dense and realizable: the depth-first search alone gives up (> 120 s); the model decides it.
HARD = ([10, 8, 10, 8, 11, 14, 12, 8, 6, 11, 6, 9], [3] * 33 + [2] * 7)
# Dense and not realizable (random sequences with equal sums): every pre-check passes, the
# model proves "no" in well under a second, the depth-first search alone is still at it after
# 20 s (700,000 steps).
DENSE_NO = ([13, 3, 8, 7, 5, 9, 6], [3, 3, 4, 4, 2, 2, 3, 2, 3, 3, 4, 4, 4, 4, 4, 2])


def assert_witness(degrees, sizes, result):
    assert result.status == "realizable", result
    assert is_simplicial(result.facets)
    assert [len(f) for f in result.facets] == list(sizes)
    counts = Counter(v for f in result.facets for v in f)
    assert [counts[i] for i in range(len(degrees))] == list(degrees)


def load(shared_data, name):
    return json.loads((shared_data / "simplicial" / name).read_text())


def _all_pairs(n_max, m_max):
    by_sum_d, by_sum_s = {}, {}
    for n in range(1, n_max + 1):
        for d in itertools.combinations_with_replacement(range(m_max, 0, -1), n):
            by_sum_d.setdefault(sum(d), []).append(d)
    for m in range(1, m_max + 1):
        for s in itertools.combinations_with_replacement(range(n_max, 0, -1), m):
            by_sum_s.setdefault(sum(s), []).append(s)
    return [(d, s) for total, ds in by_sum_d.items() for d in ds for s in by_sum_s.get(total, [])]


@pytest.mark.parametrize("n_max, m_max", [
    (5, 5),
    pytest.param(6, 7, marks=pytest.mark.slow),  # 116,545 pairs
])
def test_model_matches_exhaustive_enumeration(shared_data, n_max, m_max):
    # every pair in range, realizable exactly when listed (exhaustive enumeration of antichains)
    listed = load(shared_data, "test_vectors/small_realizable_n6_m7.json")["realizable"]
    realizable = {(tuple(c["d"]), tuple(c["s"])) for c in listed}
    for d, s in _all_pairs(n_max, m_max):
        result = realize(d, s, method="model")
        assert result.is_realizable == ((d, s) in realizable), (d, s, result)
        if result.is_realizable:
            assert_witness(d, s, result)


def test_model_on_the_small_vectors_that_pass_every_listed_check(shared_data):
    # the non-realizable pairs that no pre-check catches reach the model: proved "no"
    cases = load(shared_data, "test_vectors/small_non_realizable_n6_m7.json")["non_realizable"]
    hard = [c for c in cases if c["first_failing_check"] == "passes_all_listed_checks"]
    assert len(hard) == 1338
    for case in hard[::7]:
        result = realize(case["d"], case["s"], method="model")
        assert result.status == "not_realizable", (case, result)


def test_symmetry_breaking_keeps_every_realizable_vector(shared_data):
    # a wrong symmetry-breaking constraint would turn some of these into "no"
    cases = load(shared_data, "test_vectors/small_realizable_n6_m7.json")["realizable"]
    for case in cases[::5]:
        assert_witness(case["d"], case["s"], realize(case["d"], case["s"], method="model"))
    for case in load(shared_data, "test_vectors/dense_realizable_n12_n16.json")["instances"]:
        assert_witness(case["d"], case["s"], realize(case["d"], case["s"], method="model"))


@st.composite
def dense_antichains(draw):
    """Random dense antichains: n vertices, about 2n-4n facets of 2..n-1 vertices."""
    n = draw(st.integers(5, 11))
    m = draw(st.integers(2 * n, 4 * n))
    top = draw(st.integers(2, min(5, n - 1)))
    raw = draw(st.lists(st.sets(st.integers(0, n - 1), min_size=2, max_size=top),
                        min_size=m, max_size=m))
    return [sorted(f) for f in prune_included(raw)]


@settings(max_examples=25, deadline=None)
@given(dense_antichains(), st.randoms(use_true_random=False))
def test_model_realizes_random_dense_sequences(facets, rng):
    degrees, sizes = degree_size_sequences(facets)
    rng.shuffle(degrees)
    rng.shuffle(sizes)
    assert_witness(degrees, sizes, realize(degrees, sizes, method="model", time_limit=60))


def test_the_search_alone_stalls_where_the_local_search_and_the_model_decide(monkeypatch):
    assert realize(*HARD, method="search", max_steps=20_000).status == "unknown"
    result = realize(*HARD, time_limit=60)
    assert_witness(*HARD, result)
    assert result.reason == "local_search"
    monkeypatch.setattr(realize_module, "LOCAL_SLICE_SECONDS", 0.0)
    result = realize(*HARD, time_limit=60)
    assert_witness(*HARD, result)
    assert result.reason == "model"


def test_a_dense_no_is_proved_by_the_model():
    result = realize(*DENSE_NO, time_limit=60)
    assert (result.status, result.reason) == ("not_realizable", "model_infeasible")
    assert result.facets is None


def test_auto_keeps_the_search_on_what_it_decides_quickly():
    # sparse and real-world-like: the depth-first search answers within its slice
    result = realize([5, 5, 3, 3, 2, 2], [4, 4, 3, 3, 3, 3])
    assert result.reason.endswith("search") and result.steps <= realize_module.SEARCH_SLICE_STEPS
    assert realize([4, 4, 3, 2, 1, 1], [4, 3, 3, 3, 2]).reason.endswith("search_exhausted")
    # without the search, the antichain check proves it before the model is built
    assert realize([4, 4, 3, 2, 1, 1], [4, 3, 3, 3, 2], method="model").reason == (
        "antichain_gale_ryser")
    assert realize([2, 2, 2, 2, 2], [4, 2, 2, 2], method="model").reason == "model_infeasible"


def test_vertex_classes_are_orbits_of_a_young_subgroup():
    degrees = np.array([3, 1, 3, 2, 1, 3])
    vc = vertex_classes(degrees)
    assert [c.tolist() for c in vc.classes] == [[0, 2, 5], [3], [1, 4]]
    assert vc.order.tolist() == [0, 2, 5, 3, 1, 4]
    assert vc.same_class_as_next().tolist() == [True, True, False, False, True]
    # the cyclic group handed to the core lies in the Young subgroup S_{0,2,5} x S_{1,4}
    young = PermutationGroup([[2, 1, 0, 3, 4, 5], [2, 1, 5, 3, 4, 0], [0, 4, 2, 3, 1, 5]])
    assert young.order() == 12 and young.contains(class_cycle(degrees))
    assert sorted(map(sorted, (young.orbit(v) for v in (0, 1, 3)))) == [[0, 2, 5], [1, 4], [3]]


def test_the_young_subgroup_maps_witnesses_to_witnesses():
    # the classes are symmetries: relabelling by any element keeps the degree sequence
    degrees, sizes = [3, 3, 3, 2, 2, 2, 1], [3, 3, 3, 2, 2, 2, 1]
    result = realize(degrees, sizes, method="model")
    assert_witness(degrees, sizes, result)
    young = PermutationGroup([[1, 2, 0, 3, 4, 5, 6], [1, 0, 2, 3, 4, 5, 6],
                              [0, 1, 2, 4, 5, 3, 6], [0, 1, 2, 4, 3, 5, 6]])
    rng = np.random.default_rng(0)
    for _ in range(10):
        g = young.random_element(rng)
        image = [tuple(sorted(int(g[v]) for v in f)) for f in result.facets]
        assert_witness(degrees, sizes, type(result)("realizable", image))


def test_progress_reports_the_stages():
    stages = []
    realize(*DENSE_NO, on_progress=lambda stage, seconds: stages.append(stage), progress=False)
    # the stages in order, each reported when it starts and then about once a second
    assert [s for i, s in enumerate(stages) if i == 0 or s != stages[i - 1]] == [
        "search", "local", "model"]


def test_method_and_backend_errors(monkeypatch):
    with pytest.raises(InputError, match="method must be one of auto, search, model"):
        realize([1], [1], method="sat")
    with pytest.raises(MemoryBudgetError, match="the constraint model of 40 facets on 12 vertices"):
        realize(*HARD, method="model", memory_limit=10**6)
    # auto: a model that does not fit leaves the whole budget to the search
    assert realize(*HARD, memory_limit=10**6, max_steps=100).reason == "max_steps_exhausted"
    monkeypatch.setattr(model_module, "available", lambda: False)
    with pytest.raises(BackendUnavailableError, match="pip install ortools"):
        realize(*HARD, method="model")
    assert realize(*HARD, max_steps=100).reason == "max_steps_exhausted"


def test_the_command_line_takes_a_method(tmp_path, run_cli):
    (tmp_path / "d.txt").write_text(" ".join(map(str, DENSE_NO[0])))
    (tmp_path / "s.txt").write_text(" ".join(map(str, DENSE_NO[1])))
    argv = ["realize", "--degrees", str(tmp_path / "d.txt"), "--sizes", str(tmp_path / "s.txt"),
            "--json", "--method", "model"]
    status, out, _ = run_cli(argv)
    assert status == 0 and json.loads(out)["reason"] == "model_infeasible"


@pytest.mark.slow
def test_every_shared_dense_instance_is_decided(shared_data):
    # 60 random realizable instances, n = 8-24, m = 2n-4n, each within the 10 s
    # budget (0.64 s at most, about 10 s in all, on 2 busy cores)
    for case in load(shared_data, "test_vectors/dense_random_realizable.json"):
        result = realize(case["degrees"], case["sizes"], time_limit=10)
        assert_witness(case["degrees"], case["sizes"], result)

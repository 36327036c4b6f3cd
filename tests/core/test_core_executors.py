"""cayley.executors: the one convention for independent work items."""
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from cayley.executors import InlineExecutor, local_pool, map_independent


def _numba_threads(_):
    import numba

    return numba.get_num_threads()


def _fail(x):
    raise ValueError(f"bad item {x}")


def test_map_independent_keeps_item_order_on_every_executor():
    items = [5, -3, 8, -1]
    expected = [abs(x) for x in items]
    assert map_independent(abs, items, "inline") == expected
    with ThreadPoolExecutor(3) as ex:
        assert map_independent(abs, items, ex) == expected
    with InlineExecutor() as ex:
        assert map_independent(abs, items, ex) == expected
    assert map_independent(abs, items) == expected  # the default local process pool
    assert map_independent(abs, []) == []


def test_inline_executor_carries_exceptions_to_result():
    future = InlineExecutor().submit(_fail, 3)
    with pytest.raises(ValueError, match="bad item 3"):
        future.result()
    with pytest.raises(ValueError, match="bad item 1"):
        map_independent(_fail, [1, 2], "inline")


def test_local_pool_workers_share_the_cores():
    cores = os.cpu_count() or 1
    with local_pool(1) as pool:
        assert pool.submit(_numba_threads, 0).result() == cores
    if cores >= 2:
        with local_pool(2) as pool:
            assert pool.submit(_numba_threads, 0).result() == max(1, cores // 2)


@pytest.mark.parametrize("executor, err", [("threads", TypeError), (42, TypeError)])
def test_bad_executor_is_named(executor, err):
    with pytest.raises(err, match="executor must be"):
        map_independent(abs, [1, 2], executor)


def test_bad_worker_count():
    with pytest.raises(ValueError, match="max_workers"):
        local_pool(0)

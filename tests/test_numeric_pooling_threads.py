"""Pooling's thread split: bit-identical to one thread, and torch's ties / NaN rules."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convmath.numeric import _threads
from convmath.numeric.adaptive import adaptive_avg_pool, adaptive_max_pool
from convmath.numeric.pooling import avg_pool, max_pool

torch = pytest.importorskip("torch")
F = torch.nn.functional


@pytest.fixture
def tiny_work(monkeypatch):
    """Threads even for small inputs; the setting restored afterwards."""
    monkeypatch.setattr(_threads, "MIN_WORK", 1)
    yield
    _threads.set_num_threads(None)


CALLS = [
    lambda x: max_pool(x, (3, 3), stride=2, padding=1, return_indices=True),
    lambda x: max_pool(x, (2, 2), return_indices=True),
    lambda x: avg_pool(x, (3, 3), stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    lambda x: adaptive_max_pool(x, (7, 7), return_indices=True),  # 20 -> 7: mixed windows
    lambda x: adaptive_max_pool(x, (5, 4), return_indices=True),  # 20 -> 5, 4: uniform
    lambda x: adaptive_avg_pool(x, (7, 7)),
]


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("threads", [2, 3, 5])
def test_threads_bit_identical(tiny_work, call, threads):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 5, 20, 20))
    x[0, 1, 4, 4] = np.nan
    x[2, 3] = np.round(x[2, 3])  # ties
    _threads.set_num_threads(1)
    one = call(x)
    _threads.set_num_threads(threads)
    many = call(x)
    one, many = (
        (one if isinstance(one, tuple) else (one,)),
        (many if isinstance(many, tuple) else (many,)),
    )
    for a, b in zip(one, many):
        np.testing.assert_array_equal(a, b)
        assert a.tobytes() == b.tobytes()


def test_default_follows_threadpoolctl():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    _threads.set_num_threads(None)
    with threadpoolctl.threadpool_limits(limits=1):
        assert _threads.get_num_threads() == 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shape=st.tuples(st.integers(1, 13), st.integers(1, 13)),
    out=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    levels=st.integers(1, 3),
    nan_at=st.none() | st.tuples(st.integers(0, 12), st.integers(0, 12)),
    seed=st.integers(0, 2**16),
    threads=st.sampled_from([1, 2]),
)
def test_adaptive_max_ties_and_nan_match_torch(
    tiny_work, shape, out, levels, nan_at, seed, threads
):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, levels, size=(2, 2) + shape).astype(np.float64)  # many ties
    if nan_at is not None:
        x[1, 0, nan_at[0] % shape[0], nan_at[1] % shape[1]] = np.nan
        x[0, 1, 0, 0] = np.nan
    _threads.set_num_threads(threads)
    values, indices = adaptive_max_pool(x, out, return_indices=True)
    tv, ti = F.adaptive_max_pool2d(torch.from_numpy(x), out, return_indices=True)
    np.testing.assert_array_equal(values, tv.numpy())  # NaN where torch has NaN
    np.testing.assert_array_equal(indices, ti.numpy())

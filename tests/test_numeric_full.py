"""convolve_full (mathematical convolution, kernel flipped, full mode) against numpy/scipy,
and its two links to the deep-learning pair: padded flipped correlation, stride-1 scatter."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.full import convolve_full


@settings(deadline=None, max_examples=60)
@given(
    a=st.lists(st.integers(-9, 9), min_size=1, max_size=12),
    v=st.lists(st.integers(-9, 9), min_size=1, max_size=6),
)
def test_one_d_equals_numpy_convolve(a, v):
    expected = np.convolve(a, v)
    np.testing.assert_array_equal(convolve_full(a, v), expected)  # integers: exact sums
    np.testing.assert_allclose(convolve_full(a, v, method="fft"), expected, atol=1e-9)


@settings(deadline=None, max_examples=40)
@given(
    a_shape=st.lists(st.integers(1, 6), min_size=1, max_size=3),
    data=st.data(),
    seed=st.integers(0, 999),
)
def test_n_d_equals_scipy_signal_convolve(a_shape, data, seed):
    v_shape = [data.draw(st.integers(1, 4)) for _ in a_shape]
    rng = np.random.default_rng(seed)
    a, v = rng.standard_normal(a_shape), rng.standard_normal(v_shape)
    expected = signal.convolve(a, v, mode="full", method="direct")
    for method in ("direct", "fft"):
        np.testing.assert_allclose(convolve_full(a, v, method=method), expected, atol=1e-12)
    # the same numbers from the deep-learning pair
    flipped = v[(slice(None, None, -1),) * v.ndim][None, None]
    padded = conv(a[None], flipped, padding=tuple(k - 1 for k in v_shape))[0]
    np.testing.assert_allclose(padded, expected, atol=1e-12)
    np.testing.assert_allclose(conv_transpose(a[None], v[None, None])[0], expected, atol=1e-12)


def test_commutes_and_has_the_full_length():
    a, v = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    # length 6 = 4 + 3 - 1
    assert convolve_full(a, v).shape == (6,)
    np.testing.assert_array_equal(convolve_full(a, v), convolve_full(v, a))


def test_dtypes():
    f32 = np.ones(3, dtype=np.float32)
    assert convolve_full(f32, f32).dtype == np.float32
    assert convolve_full(f32, f32, method="fft").dtype == np.float32
    assert convolve_full([1, 2], [3]).dtype == np.float64


def test_errors():
    with pytest.raises(ShapeError, match=r"same number of axes"):
        convolve_full(np.ones(3), np.ones((2, 2)))
    with pytest.raises(ShapeError, match=r"must not have an empty axis"):
        convolve_full(np.ones(3), np.ones(0))
    with pytest.raises(ConvmathError, match=r"method must be 'direct' or 'fft'; got 'auto'"):
        convolve_full(np.ones(3), np.ones(2), method="auto")
    with pytest.raises(ShapeError, match=r"output would have \d+ elements"):
        convolve_full(np.broadcast_to(0.0, (2**15, 2**15)), np.ones((2**14, 1)))

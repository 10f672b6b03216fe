"""Padding modes: index maps by hand, agreement with numpy.pad, the matrix form, errors,
and conv with every padding_mode against the naive gather loop."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import arrays_for, configs, padding_configs

from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.correlation import conv
from convmath.numeric.padding import PADDING_MODES, pad, pad_index, pad_matrix
from convmath.numeric.reference import conv_reference

# numpy.pad names of torch's modes: an independent implementation to compare with
NUMPY_NAME = {"zeros": "constant", "circular": "wrap", "reflect": "reflect", "replicate": "edge"}

# (mode, n, low, high, expected index map) typed by hand from the definitions
INDEX_TABLE = [
    pytest.param("zeros", 3, 2, 1, [-1, -1, 0, 1, 2, -1], id="zeros"),
    pytest.param("circular", 3, 2, 3, [1, 2, 0, 1, 2, 0, 1, 2], id="circular"),
    pytest.param("reflect", 4, 3, 3, [3, 2, 1, 0, 1, 2, 3, 2, 1, 0], id="reflect"),
    pytest.param("replicate", 2, 3, 1, [0, 0, 0, 0, 1, 1], id="replicate"),
    pytest.param("reflect", 1, 0, 0, [0], id="reflect-single"),
]


@pytest.mark.parametrize(("mode", "n", "low", "high", "expected"), INDEX_TABLE)
def test_index_maps(mode, n, low, high, expected):
    np.testing.assert_array_equal(pad_index(n, low, high, mode), expected)


@settings(deadline=None, max_examples=60)
@given(mode=st.sampled_from(PADDING_MODES), data=st.data())
def test_pad_agrees_with_numpy_pad_and_its_matrix(mode, data):
    case = data.draw(padding_configs(mode=mode, max_padding=4))
    shape, pairs = case.size, case.pairs
    x = np.random.default_rng(len(shape)).standard_normal((2, *shape))
    got = pad(x, pairs, mode=mode)
    expected = np.pad(x, [(0, 0), *pairs], mode=NUMPY_NAME[mode])
    np.testing.assert_array_equal(got, expected)
    P = pad_matrix(tuple(shape), tuple(pairs), mode=mode)
    np.testing.assert_array_equal(P @ x[1].ravel(), expected[1].ravel())
    assert P.shape == (expected[1].size, x[1].size)
    assert (P.sum(axis=1) <= 1).all()


def test_int_padding_and_dtype_kept():
    x = np.arange(6, dtype=np.int16).reshape(2, 3)
    y = pad(x, 1, mode="zeros", ndim=1)
    assert y.dtype == np.int16
    np.testing.assert_array_equal(y, [[0, 0, 1, 2, 0], [0, 3, 4, 5, 0]])


@settings(deadline=None, max_examples=50)
@given(cfg=configs(modes=("circular", "reflect", "replicate")), seed=st.integers(0, 999))
def test_conv_padding_modes_equal_gather_reference(cfg, seed):
    x, w = arrays_for(seed, cfg.x_shape, cfg.w_shape)
    for method in ("direct", "fft"):
        np.testing.assert_allclose(
            conv(x, w, method=method, **cfg.kwargs()),
            conv_reference(x, w, **cfg.kwargs()),
            atol=1e-10,
        )


def test_replicate_conv_of_a_constant_is_constant():
    # replicate keeps a constant image constant up to the edges: every window sums to 9c
    y = conv(np.full((1, 4, 4), 2.0), np.ones((1, 1, 3, 3)), padding=1, padding_mode="replicate")
    np.testing.assert_array_equal(y, np.full((1, 4, 4), 18.0))


def test_errors():
    with pytest.raises(ShapeError, match=r"padding 3 on axis 0 is too large .*'reflect'"):
        pad(np.ones(3), ((3, 0),), mode="reflect")
    with pytest.raises(ShapeError, match=r"padding 4 on axis 0 is too large .*'circular'"):
        pad_index(3, 0, 4, "circular")
    with pytest.raises(ConvmathError, match=r"padding_mode must be one of .*; got 'edge'"):
        pad(np.ones(3), 1, mode="edge", ndim=1)
    with pytest.raises(ConvmathError, match=r"padding=1 is an int: pass ndim="):
        pad(np.ones(3), 1)
    with pytest.raises(ConvmathError, match=r"padding must be an int >= 0"):
        pad_index(3, -1, 0)
    with pytest.raises(ShapeError, match=r"x must have at least 2 dimensions"):
        pad(np.ones(3), (1, 1))
    with pytest.raises(ShapeError, match=r"too large for padding_mode='reflect'"):
        conv(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)), padding=2, padding_mode="reflect")

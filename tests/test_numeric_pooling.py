"""Pooling: average pooling is a strided box convolution (and has a matrix); max pooling's
selection matrix reproduces it and routes gradients like an independent argmax loop."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import pool_configs

from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.correlation import conv
from convmath.numeric.pooling import (
    avg_pool,
    avg_pool_matrix,
    max_pool,
    max_pool_selection_matrix,
)
from convmath.numeric.reference import max_pool_reference


def _input(case, seed):
    rng = np.random.default_rng(seed)
    if case.ties:  # small integers: many equal maxima, tie-breaking matters
        return rng.integers(-2, 3, size=case.x_shape).astype(float)
    return rng.standard_normal(case.x_shape)


@settings(deadline=None, max_examples=60)
@given(cfg=pool_configs(dilation=False), seed=st.integers(0, 999), include=st.booleans())
def test_avg_pool_is_strided_box_convolution(cfg, seed, include):
    kernel, stride, padding, channels = cfg.kernel, cfg.stride, cfg.padding, cfg.channels
    x = _input(cfg, seed)
    got = avg_pool(x, kernel, stride=stride, padding=padding, count_include_pad=include)
    if include:
        box = np.full((channels, 1, *kernel), 1.0 / np.prod(kernel))
        expected = conv(x, box, stride=stride, padding=padding, groups=channels)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
    # the matrix, on one unbatched input
    one = x if cfg.batch is None else x[0]
    A = avg_pool_matrix(
        one.shape, kernel, stride=stride, padding=padding, count_include_pad=include
    )
    pooled = avg_pool(one, kernel, stride=stride, padding=padding, count_include_pad=include)
    np.testing.assert_allclose(A @ one.ravel(), pooled.ravel(), rtol=1e-12, atol=1e-14)
    if not include:  # every row averages real samples only: it sums to one
        np.testing.assert_allclose(A.sum(axis=1), 1.0)
    # a box blur over real samples keeps a constant image constant
    const = avg_pool(
        np.full(one.shape, 3.0), kernel, stride=stride, padding=padding, count_include_pad=False
    )
    np.testing.assert_allclose(const, 3.0)


@settings(deadline=None, max_examples=60)
@given(cfg=pool_configs(), seed=st.integers(0, 999))
def test_max_pool_and_selection_matrix_against_argmax_loop(cfg, seed):
    kernel, kwargs = cfg.kernel, cfg.kwargs()
    x = _input(cfg, seed)
    got, idx = max_pool(x, kernel, return_indices=True, **kwargs)
    ref_values, ref_idx = max_pool_reference(x, kernel, **kwargs)
    np.testing.assert_array_equal(got, ref_values)
    np.testing.assert_array_equal(idx, ref_idx)
    S = max_pool_selection_matrix(x, kernel, **kwargs)
    np.testing.assert_array_equal(S @ x.ravel(), got.ravel())
    # S^T g routes each output gradient to its winner: scatter by the reference indices
    g = np.random.default_rng(seed + 1).standard_normal(got.shape)
    planes = x.reshape(-1, int(np.prod(cfg.size)))
    routed = np.zeros_like(planes)
    np.add.at(
        routed,
        (np.arange(planes.shape[0])[:, None], ref_idx.reshape(planes.shape[0], -1)),
        g.reshape(planes.shape[0], -1),
    )
    np.testing.assert_allclose(S.T @ g.ravel(), routed.ravel(), atol=1e-14)


# (x, kernel kwargs, expected values, expected indices) by hand, torch's conventions
MAX_TABLE = [
    pytest.param(
        [[3.0, 3.0, 1.0]],
        dict(kernel_size=(3,), stride=1, padding=1),
        [[3, 3, 3]],
        [[0, 0, 1]],
        id="ties-first-in-scan-order",
    ),
    pytest.param(
        [[1.0, np.nan, 5.0, np.nan]], dict(kernel_size=(4,)), [[np.nan]], [[3]], id="last-nan-wins"
    ),
    pytest.param(
        [[-np.inf, -np.inf]],
        dict(kernel_size=(2,), padding=1),
        [[-np.inf, -np.inf]],
        [[0, 1]],
        id="padding-never-wins",
    ),
    pytest.param(
        [[[1.0, 2.0], [4.0, 4.0]]],
        dict(kernel_size=(2, 2)),
        [[[4]]],
        [[[2]]],
        id="2d-row-major-tie",
    ),
]


@pytest.mark.parametrize(("x", "kwargs", "values", "indices"), MAX_TABLE)
def test_max_pool_conventions(x, kwargs, values, indices):
    got, idx = max_pool(np.array(x), return_indices=True, **kwargs)
    np.testing.assert_array_equal(got, values)
    np.testing.assert_array_equal(idx, indices)


def test_avg_pool_count_exclude_pad_by_hand():
    # windows [pad, 2], [4, 6], [8, pad]: divisors 1, 2, 1
    got = avg_pool(np.array([[2.0, 4.0, 6.0, 8.0]]), (2,), padding=1, count_include_pad=False)
    np.testing.assert_array_equal(got, [[2.0, 5.0, 8.0]])


def test_errors():
    x = np.ones((1, 4, 4))
    with pytest.raises(ConvmathError, match=r"padding must be at most kernel_size // 2 = 1"):
        max_pool(x, (3, 3), padding=2)
    with pytest.raises(ConvmathError, match=r"kernel_size is 2, not a tuple: pass ndim="):
        avg_pool(x, 2)
    with pytest.raises(ConvmathError, match=r"ndim=3 does not match kernel_size"):
        max_pool(x, (2, 2), ndim=3)
    with pytest.raises(ConvmathError, match=r"stride must be an int >= 1"):
        avg_pool(x, (2, 2), stride=0)
    with pytest.raises(ShapeError, match=r"kernel extent 5 .* exceeds the padded input"):
        max_pool(x, (3, 3), dilation=2)
    with pytest.raises(ShapeError, match=r"x must have 3 \(unbatched\) or 4 \(batched\)"):
        max_pool(np.ones(4), (2, 2))
    with pytest.raises(ShapeError, match=r"input_shape must be \(C, \*S\)"):
        avg_pool_matrix((4,), 2)
    with pytest.raises(ShapeError, match=r"a max-pooling window covers only padding"):
        max_pool(np.ones((1, 1)), (2,), padding=1, dilation=2)  # taps at -1 and 1: no sample 0
    huge = np.broadcast_to(0.0, (64, 64, 4096, 4096))
    with pytest.raises(ShapeError, match=r"pooling windows would have \d+ elements"):
        max_pool(huge, (2, 2))


def test_avg_pool_matrix_refuses_before_allocating_too_many_entries():
    with pytest.raises(ShapeError, match=r"avg_pool_matrix entries would have \d+ elements"):
        avg_pool_matrix((4096, 4096, 4096), (2, 2), stride=1)

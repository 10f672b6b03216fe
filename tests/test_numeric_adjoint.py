"""dot_test: passes for every claimed adjoint pair, fails loudly (both products) otherwise."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import configs

from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.adjoint import DotTestError, DotTestResult, dot_test
from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.matrix import conv_matrix
from convmath.numeric.pooling import avg_pool, avg_pool_matrix


@settings(deadline=None, max_examples=50)
@given(cfg=configs(strings=False), seed=st.integers(0, 2**16))
def test_conv_and_conv_transpose_are_adjoint(cfg, seed):
    w = np.random.default_rng(seed).standard_normal(cfg.w_shape)
    result = dot_test(
        lambda x: conv(x, w, **cfg.kwargs()),
        lambda y: conv_transpose(y, w, **cfg.transpose_kwargs()),
        cfg.x_shape,
        cfg.y_shape,
        rng=seed,
    )
    assert result.rel_error < 1e-10


@settings(deadline=None, max_examples=30)
@given(cfg=configs(modes=("zeros", "circular", "reflect", "replicate")), seed=st.integers(0, 99))
def test_matrix_and_its_transpose_are_adjoint(cfg, seed):
    w = np.random.default_rng(seed).standard_normal(cfg.w_shape)
    shape = (cfg.c_in, *cfg.size)
    C = conv_matrix(w, shape, **cfg.kwargs())
    out = (cfg.c_out, *cfg.out_size)
    # forward through conv (any padding mode), adjoint through C.T
    dot_test(
        lambda x: conv(x, w, **cfg.kwargs()),
        lambda y: (C.T @ y.ravel()).reshape(shape),
        shape,
        out,
        rng=seed,
    )


def test_avg_pool_and_its_matrix_transpose():
    A = avg_pool_matrix((2, 5, 6), (2, 3), stride=(1, 2), padding=(1, 1))
    out = avg_pool(np.zeros((2, 5, 6)), (2, 3), stride=(1, 2), padding=(1, 1)).shape
    dot_test(
        lambda x: avg_pool(x, (2, 3), stride=(1, 2), padding=(1, 1)),
        lambda y: A.T @ y.ravel(),
        (2, 5, 6),
        out,
    )


def test_failure_names_both_inner_products():
    w = np.array([[[1.0, 2.0, 3.0]]])
    wrong = lambda y: conv_transpose(y, w[..., ::-1])  # noqa: E731 -- flipped: not the adjoint
    with pytest.raises(DotTestError) as info:
        dot_test(lambda x: conv(x, w), wrong, (1, 6), (1, 4), rng=1)
    error = info.value
    assert isinstance(error, ConvmathError) and isinstance(error, ValueError)
    assert f"<op(u), v> = {error.forward!r}" in str(error)
    assert f"<u, adjoint(v)> = {error.adjoint!r}" in str(error)
    # the numbers are the real inner products, recomputed here independently
    rng = np.random.default_rng(1)
    u, v = rng.standard_normal((1, 6)), rng.standard_normal((1, 4))
    assert error.forward == pytest.approx(float(np.sum(conv(u, w) * v)))
    assert error.adjoint == pytest.approx(float(np.sum(u * wrong(v))))


def test_result_is_reproducible_and_reports_errors():
    A = np.arange(12.0).reshape(3, 4)
    first = dot_test(lambda u: A @ u, lambda v: A.T @ v, (4,), (3,))
    again = dot_test(lambda u: A @ u, lambda v: A.T @ v, (4,), (3,), rng=np.random.default_rng(0))
    assert isinstance(first, DotTestResult)
    assert first == again  # rng=None means seed 0
    assert first.abs_error <= 1e-12 and first.forward == pytest.approx(first.adjoint)


def test_wrong_output_size_is_a_shape_error():
    with pytest.raises(ShapeError, match=r"op returned 2 values .* out_shape \(3,\)"):
        dot_test(lambda u: u[:2], lambda v: v, (4,), (3,))
    with pytest.raises(ShapeError, match=r"adjoint returned 3 values .* in_shape \(4,\)"):
        dot_test(lambda u: u[:3], lambda v: v, (4,), (3,))

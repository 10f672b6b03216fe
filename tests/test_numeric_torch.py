"""PyTorch cross-check: conv, conv_transpose, padding modes, pooling and max-pool gradients
against torch itself, in 1-D, 2-D and 3-D, at float64."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import arrays_for, configs, pool_configs, transposed_configs

torch = pytest.importorskip(
    "torch",
    reason="PyTorch cross-checks need torch: pip install 'convmath[torch]' "
    "(or the local CPU build: pip install torch==2.13.0)",
)
F = torch.nn.functional
# torch warns that it copies the input for "same" with even kernels: expected, not our concern
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")

from convmath.numeric.correlation import conv, conv_transpose  # noqa: E402
from convmath.numeric.matrix import conv_matrix  # noqa: E402
from convmath.numeric.padding import pad  # noqa: E402
from convmath.numeric.pooling import (  # noqa: E402
    avg_pool,
    max_pool,
    max_pool_selection_matrix,
)

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
LAYER = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}
MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


def _torch_conv(x, w, cfg):
    """torch's result for a config: the functional for zeros, the Conv layer otherwise."""
    if cfg.padding_mode == "zeros":
        kwargs = dict(stride=cfg.stride, padding=cfg.padding, dilation=cfg.dilation)
        return CONV[cfg.ndim](_t(x), _t(w), groups=cfg.groups, **kwargs).numpy()
    layer = LAYER[cfg.ndim](
        cfg.c_in,
        cfg.c_out,
        cfg.kernel,
        stride=cfg.stride,
        padding=cfg.padding,
        dilation=cfg.dilation,
        groups=cfg.groups,
        bias=False,
        padding_mode=cfg.padding_mode,
        dtype=torch.float64,
    )
    with torch.no_grad():
        layer.weight.copy_(_t(w))
        return layer(_t(x)).numpy()


@settings(deadline=None, max_examples=60)
@given(
    cfg=configs(modes=("zeros", "circular", "reflect", "replicate")),
    seed=st.integers(0, 2**16),
    method=st.sampled_from(["direct", "fft"]),
)
def test_conv_equals_torch(cfg, seed, method):
    x, w = arrays_for(seed, cfg.x_shape, cfg.w_shape)
    expected = _torch_conv(x, w, cfg)
    np.testing.assert_allclose(conv(x, w, method=method, **cfg.kwargs()), expected, atol=1e-12)
    if cfg.batch is None:
        C = conv_matrix(w, x.shape, **cfg.kwargs())
        np.testing.assert_allclose(C @ x.ravel(), expected.ravel(), atol=1e-12)


@settings(deadline=None, max_examples=60)
@given(cfg=transposed_configs(), seed=st.integers(0, 2**16))
def test_conv_transpose_equals_torch(cfg, seed):
    y, w = arrays_for(seed, cfg.y_shape, cfg.w_shape)
    kwargs = cfg.kwargs()
    expected = CONV_T[cfg.ndim](_t(y), _t(w), **kwargs).numpy()
    np.testing.assert_allclose(conv_transpose(y, w, **kwargs), expected, atol=1e-12)


SAME_CASES = [
    pytest.param((4,), (1,), "zeros", id="1d-even"),
    pytest.param((4, 3), (1, 2), "zeros", id="2d-even-dilated"),
    pytest.param((2, 3, 4), (1, 1, 1), "zeros", id="3d-even"),
    pytest.param((4, 2), (1, 1), "circular", id="2d-circular"),
    pytest.param((4,), (2,), "reflect", id="1d-reflect-dilated"),
    pytest.param((3, 2, 4), (1, 1, 1), "replicate", id="3d-replicate"),
]


@pytest.mark.parametrize(("kernel", "dilation", "mode"), SAME_CASES)
def test_same_padding_split_like_torch(kernel, dilation, mode):
    d = len(kernel)
    x, w = arrays_for(7, (2, 2, *(9,) * d), (3, 2, *kernel))
    layer = LAYER[d](
        2,
        3,
        kernel,
        padding="same",
        dilation=dilation,
        bias=False,
        padding_mode=mode,
        dtype=torch.float64,
    )
    with torch.no_grad():
        layer.weight.copy_(_t(w))
        expected = layer(_t(x)).numpy()
    got = conv(x, w, padding="same", dilation=dilation, padding_mode=mode)
    np.testing.assert_allclose(got, expected, atol=1e-12)


@pytest.mark.parametrize("mode", ["constant", "circular", "reflect", "replicate"])
@pytest.mark.parametrize("d", [1, 2, 3])
def test_pad_equals_torch_pad(mode, d):
    (x,) = arrays_for(d, (2, 3, *(4,) * d))
    pairs = [(3, 1), (0, 2), (2, 3)][:d]
    flat = tuple(v for pair in reversed(pairs) for v in pair)  # torch lists the last axis first
    expected = F.pad(_t(x), flat, mode=mode).numpy()
    ours = {"constant": "zeros"}.get(mode, mode)
    np.testing.assert_array_equal(pad(x, tuple(pairs), mode=ours), expected)


@settings(deadline=None, max_examples=60)
@given(case=pool_configs(), seed=st.integers(0, 2**16))
def test_max_pool_values_indices_and_gradient_equal_torch(case, seed):
    d, kernel, kwargs = case.ndim, case.kernel, case.kwargs()
    rng = np.random.default_rng(seed)
    shape = (2, 2, *case.size)
    x = rng.integers(-2, 3, size=shape).astype(float) if case.ties else rng.standard_normal(shape)
    xt = _t(x).requires_grad_()
    values, indices = MAX[d](xt, kernel, return_indices=True, **kwargs)
    got, idx = max_pool(x, kernel, return_indices=True, **kwargs)
    np.testing.assert_array_equal(got, values.detach().numpy())
    np.testing.assert_array_equal(idx, indices.numpy())
    g = rng.standard_normal(values.shape)
    values.backward(_t(g))
    S = max_pool_selection_matrix(x, kernel, **kwargs)
    np.testing.assert_allclose(S.T @ g.ravel(), xt.grad.numpy().ravel(), atol=1e-14)


@settings(deadline=None, max_examples=40)
@given(case=pool_configs(dilation=False), seed=st.integers(0, 2**16), include=st.booleans())
def test_avg_pool_equals_torch(case, seed, include):
    d, kernel = case.ndim, case.kernel
    size = tuple(max(n, k) for n, k in zip(case.size, kernel))  # avg_pool3d wants n >= k
    (x,) = arrays_for(seed, (2, 3, *size))
    kwargs = dict(count_include_pad=include, **case.kwargs(dilation=False))
    expected = AVG[d](_t(x), kernel, **kwargs).numpy()
    np.testing.assert_allclose(avg_pool(x, kernel, **kwargs), expected, atol=1e-14)

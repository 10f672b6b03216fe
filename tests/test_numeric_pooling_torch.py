"""Pooling options against torch.nn.functional (float64): ceil_mode, dilation,
count_include_pad, divisor_override, both pooling matrices against autograd, max_unpool.

The configurations reach the edges on purpose: the kernel exactly the padded input, a stride
larger than the input, one-element axes, ceil_mode windows that stick out past the padded
input. Inputs have ties (small integers), NaN and -inf sometimes.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from convmath import _sizes
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric import _pool_windows
from convmath.numeric.pooling import (
    avg_pool,
    avg_pool_matrix,
    max_pool,
    max_pool_selection_matrix,
)
from convmath.numeric.unpool import max_unpool

torch = pytest.importorskip("torch", reason="pip install torch==2.13.0 (or 'convmath[torch]')")
F = torch.nn.functional

MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


@st.composite
def pool_calls(draw, *, dilation: bool = True):
    """(x shape, kernel, stride, padding, dilation, ceil_mode), edge shapes often."""
    d = draw(st.integers(1, 3))
    ceil_mode = draw(st.booleans())
    kernel, stride, padding, dil, size = [], [], [], [], []
    for _ in range(d):
        k = draw(st.integers(1, 3 if d == 3 else 4))
        s = draw(st.integers(1, 3 if d == 3 else 5))
        p = draw(st.integers(0, k // 2))
        dl = draw(st.integers(1, 2)) if dilation else 1
        exact = max(1, dl * (k - 1) + 1 - 2 * p)  # the kernel is the padded input
        lowest = max(1, exact - (s - 1 if ceil_mode else 0))  # ceil_mode may stick out
        n = draw(st.sampled_from([lowest, exact, 1]) | st.integers(lowest, lowest + 4))
        assume(n >= lowest)
        kernel.append(k), stride.append(s), padding.append(p), dil.append(dl), size.append(n)
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 3)), *size)
    return shape, tuple(kernel), tuple(stride), tuple(padding), tuple(dil), ceil_mode


def _input(shape, seed, kind):
    rng = np.random.default_rng(seed)
    if kind == "ties":
        return rng.integers(-2, 3, size=shape).astype(float)
    x = rng.standard_normal(shape)
    if kind in ("nan", "inf"):
        x[rng.random(shape) < 0.2] = np.nan if kind == "nan" else -np.inf
    return x


KINDS = st.sampled_from(["normal", "ties", "nan", "inf"])


@contextlib.contextmanager
def _blocks(one_plane: bool):
    """Blocks of one plane each (so the block loop runs several times), or the default."""
    with pytest.MonkeyPatch.context() as patch:
        if one_plane:
            patch.setattr(_pool_windows, "BLOCK_BYTES", 1)
        yield


@settings(deadline=None, max_examples=150)
@given(
    call=pool_calls(),
    seed=st.integers(0, 2**16),
    kind=KINDS,
    unbatched=st.booleans(),
    one_plane=st.booleans(),
)
def test_max_pool_ceil_mode_and_dilation_equal_torch(call, seed, kind, unbatched, one_plane):
    with _blocks(one_plane):
        _check_max_pool(call, seed, kind, unbatched)


def _check_max_pool(call, seed, kind, unbatched):
    shape, kernel, stride, padding, dilation, ceil_mode = call
    d = len(kernel)
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    x = _input(shape, seed, kind)
    xt = torch.from_numpy(x).requires_grad_()
    values, indices = MAX[d](xt, kernel, return_indices=True, **kwargs)
    probe = MAX[d](torch.zeros(shape, dtype=torch.float64), kernel, **kwargs)
    if (probe == -np.inf).any():  # torch's -inf on zeros: a window of padding only
        event("padding-only window")
        with pytest.raises(ShapeError, match="covers only padding"):  # padding-only window
            max_pool(x, kernel, **kwargs)
        return
    ours = x[0] if unbatched else x
    got, idx = max_pool(ours, kernel, return_indices=True, **kwargs)
    expected = values.detach().numpy()
    np.testing.assert_array_equal(got, expected[0] if unbatched else expected)
    np.testing.assert_array_equal(idx, indices.numpy()[0] if unbatched else indices.numpy())
    assert idx.dtype == np.int64
    # the selection matrix reproduces the values; its transpose is autograd's backward
    S = max_pool_selection_matrix(x, kernel, **kwargs)
    np.testing.assert_array_equal(S @ x.ravel(), expected.ravel())
    g = np.random.default_rng(seed + 1).standard_normal(values.shape)
    values.backward(torch.from_numpy(g))
    np.testing.assert_allclose(S.T @ g.ravel(), xt.grad.numpy().ravel(), rtol=1e-13, atol=0)


def _torch_avg(x, kernel, **kwargs):
    """torch's avg_pool{d}d; 1-D with divisor_override through avg_pool2d on a unit axis."""
    d = len(kernel)
    if d == 1 and kwargs.get("divisor_override") is not None:
        unit = dict(kwargs, stride=(1, *kwargs["stride"]), padding=(0, *kwargs["padding"]))
        return F.avg_pool2d(x[..., None, :], (1, *kernel), **unit)[..., 0, :]
    if kwargs.get("divisor_override") is None:
        kwargs = {k: v for k, v in kwargs.items() if k != "divisor_override"}
    return AVG[d](x, kernel, **kwargs)


@settings(deadline=None, max_examples=150)
@given(
    call=pool_calls(dilation=False),
    seed=st.integers(0, 2**16),
    include=st.booleans(),
    override=st.sampled_from([None, None, 1, 3, -2]),
    one_plane=st.booleans(),
)
def test_avg_pool_options_equal_torch(call, seed, include, override, one_plane):
    with _blocks(one_plane):
        _check_avg_pool(call, seed, include, override)


def _check_avg_pool(call, seed, include, override):
    shape, kernel, stride, padding, _, ceil_mode = call
    if len(kernel) == 3:  # avg_pool3d refuses an input smaller than the kernel
        assume(all(n >= k for n, k in zip(shape[2:], kernel)))
    kwargs = dict(
        stride=stride,
        padding=padding,
        ceil_mode=ceil_mode,
        count_include_pad=include,
        divisor_override=override,
    )
    x = _input(shape, seed, "normal")
    xt = torch.from_numpy(x).requires_grad_()
    expected = _torch_avg(xt, kernel, **kwargs)
    got = avg_pool(x, kernel, **kwargs)
    np.testing.assert_allclose(got, expected.detach().numpy(), rtol=1e-12, atol=1e-14)
    # the matrix on each (n, c) plane, and its transpose against autograd
    g = np.random.default_rng(seed + 1).standard_normal(expected.shape)
    expected.backward(torch.from_numpy(g))
    A = avg_pool_matrix(shape[1:], kernel, **kwargs)
    for n in range(shape[0]):
        np.testing.assert_allclose(A @ x[n].ravel(), got[n].ravel(), rtol=1e-12, atol=1e-14)
        grad = xt.grad.numpy()[n].ravel()
        np.testing.assert_allclose(A.T @ g[n].ravel(), grad, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    ("call", "torch_call"),
    [
        (
            lambda: max_pool(np.ones((1, 2)), (3,), stride=1, ceil_mode=True),
            lambda: F.max_pool1d(torch.ones(1, 1, 2), 3, stride=1, ceil_mode=True),
        ),
        (
            lambda: avg_pool(np.ones((1, 2)), (3,), stride=2),
            lambda: F.avg_pool1d(torch.ones(1, 1, 2), 3, stride=2),
        ),
        (
            lambda: max_pool(np.ones((1, 5)), (3,), padding=2),
            lambda: F.max_pool1d(torch.ones(1, 1, 5), 3, padding=2),
        ),
        (
            lambda: avg_pool(np.ones((1, 4, 4)), (2, 2), divisor_override=0),
            lambda: F.avg_pool2d(torch.ones(1, 1, 4, 4), 2, divisor_override=0),
        ),
    ],
    ids=["ceil-no-window", "kernel-exceeds-input", "padding-over-half", "divisor-zero"],
)
def test_refuses_what_torch_refuses(call, torch_call):
    with pytest.raises(RuntimeError):
        torch_call()
    with pytest.raises(ConvmathError) as info:
        call()
    assert info.value.argument in {"kernel_size", "padding", "divisor_override"}


def test_ceil_mode_drops_a_window_starting_in_the_right_padding():
    # i=4, k=2, s=3, p=1: ceil((4 + 2 - 2) / 3) + 1 = 3 windows; the third would start at
    # padded position 6 >= i + p = 5, past the input: dropped, so 2 windows remain
    x = np.arange(4.0)[None]
    got = max_pool(x, (2,), stride=3, padding=1, ceil_mode=True)
    np.testing.assert_array_equal(got, [[0.0, 3.0]])  # windows [-1, 1) and [2, 4)
    np.testing.assert_array_equal(
        F.max_pool1d(torch.from_numpy(x[None]), 2, stride=3, padding=1, ceil_mode=True)[0],
        got,
    )


def test_flags_and_override_are_validated():
    x = np.ones((1, 4))
    with pytest.raises(ConvmathError, match="ceil_mode must be True or False") as info:
        max_pool(x, (2,), ceil_mode=1)
    assert info.value.argument == "ceil_mode"
    with pytest.raises(ConvmathError, match="divisor_override must be an int"):
        avg_pool(x, (2,), divisor_override=2.0)
    with pytest.raises(ConvmathError, match="ceil_mode must be True or False"):
        avg_pool_matrix((1, 4), 2, ceil_mode="yes")


UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}


@settings(deadline=None, max_examples=100)
@given(call=pool_calls(dilation=False), seed=st.integers(0, 2**16), data=st.data())
def test_max_unpool_equals_torch(call, seed, data):
    shape, kernel, stride, padding, _, ceil_mode = call
    d = len(kernel)
    kwargs = dict(stride=stride, padding=padding)
    x = _input(shape, seed, data.draw(KINDS))
    values, indices = MAX[d](
        torch.from_numpy(x), kernel, return_indices=True, ceil_mode=ceil_mode, **kwargs
    )
    pooled = values.shape[2:]
    default = [(o - 1) * s - 2 * p + k for o, k, s, p in zip(pooled, kernel, stride, padding)]
    size = data.draw(
        st.none()
        | st.tuples(*(st.integers(max(1, m - s + 1), m + s - 1) for m, s in zip(default, stride)))
    )
    unpool = dict(kwargs, output_size=size)
    if size is None and min(default) < 1:  # torch returns an empty array, dropping the values
        with pytest.raises(ShapeError, match="default max-unpooling size"):
            max_unpool(values.numpy(), indices.numpy(), kernel, **unpool)
        return
    try:
        expected = UNPOOL[d](values, indices, kernel, **unpool).numpy()
    except (RuntimeError, ValueError):  # an index past a smaller plane, or no positive size
        event("torch refuses")
        with pytest.raises(ShapeError):
            max_unpool(values.numpy(), indices.numpy(), kernel, **unpool)
        return
    got = max_unpool(values.numpy(), indices.numpy(), kernel, **unpool)
    np.testing.assert_array_equal(got, expected)
    flat = indices.numpy().reshape(-1, int(np.prod(pooled)))
    distinct = all(len(set(row)) == len(row) for row in flat)
    if distinct and size is None and tuple(default) == shape[2:]:
        event("unpool == S^T values")  # no shared winner, x's plane is the default size
        S = max_pool_selection_matrix(x, kernel, ceil_mode=ceil_mode, **kwargs)
        np.testing.assert_array_equal(S.T @ values.numpy().ravel(), got.ravel())


def test_max_unpool_repeated_index_keeps_the_last_value_like_torch():
    y = np.array([[[1.0, 2.0, 3.0]]])
    idx = np.array([[[2, 2, 0]]])
    expected = F.max_unpool1d(torch.from_numpy(y), torch.from_numpy(idx), 2).numpy()
    got = max_unpool(y, idx, (2,))
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got, [[[3.0, 0.0, 2.0, 0.0, 0.0, 0.0]]])


def test_max_unpool_errors():
    y, idx = np.ones((1, 2)), np.zeros((1, 2), dtype=np.int64)
    with pytest.raises(ConvmathError, match=r"output_size must be between 3 and 5") as info:
        max_unpool(y, idx, (2,), output_size=(6,))
    assert info.value.argument == "output_size"
    with pytest.raises(ValueError, match="invalid output_size"):  # torch's rule, same range
        F.max_unpool1d(
            torch.ones(1, 1, 2), torch.zeros(1, 1, 2, dtype=torch.int64), 2, output_size=(6,)
        )
    with pytest.raises(ShapeError, match=r"indices must lie in \[0, 4\)"):
        max_unpool(y, np.array([[0, 4]]), (2,))
    with pytest.raises(ShapeError, match="indices must be an integer array"):
        max_unpool(y, idx.astype(float), (2,))
    with pytest.raises(ShapeError, match="output_size must have 1 or 3 entries"):
        max_unpool(y, idx, (2,), output_size=(4, 4))


GRID_1D = [
    (i, k, s, p, d)
    for i in range(1, 9)
    for k in range(1, 5)
    for s in range(1, 5)
    for p in range(k // 2 + 1)
    for d in (1, 2)
]


@pytest.mark.parametrize("ceil_mode", [False, True])
def test_pool_output_size_is_torchs(ceil_mode):
    for i, k, s, p, d in GRID_1D:
        zeros = torch.zeros(1, 1, i)
        try:
            expected = F.max_pool1d(zeros, k, s, p, d, ceil_mode=ceil_mode).shape[-1]
        except RuntimeError:
            with pytest.raises(ShapeError):
                _sizes.check_pool_output_size(i, k, s, p, d, ceil_mode)
            continue
        assert _sizes.pool_output_size(i, k, s, p, d, ceil_mode) == expected, (i, k, s, p, d)
        assert _sizes.check_pool_output_size(i, k, s, p, d, ceil_mode) == expected


@pytest.mark.parametrize("ceil_mode", [False, True])
def test_avg_pool_divisors_are_torchs(ceil_mode):
    for i, k, s, p, d in GRID_1D:
        if d > 1 or k > i + 2 * p:
            continue
        o = _sizes.pool_output_size(i, k, s, p, 1, ceil_mode)
        # on ones, torch's average is (real samples in the window) / divisor
        real = [len(set(range(j * s - p, j * s - p + k)) & set(range(i))) for j in range(o)]
        ones = torch.ones(1, 1, i, dtype=torch.float64)
        averages = F.avg_pool1d(ones, k, s, p, ceil_mode=ceil_mode)[0, 0].numpy()
        divisors = _sizes.avg_pool_divisors(i, k, s, p, o, count_include_pad=True)
        np.testing.assert_allclose(np.divide(real, divisors), averages, rtol=1e-15)
        assert _sizes.avg_pool_divisors(i, k, s, p, o, count_include_pad=False) == real


def test_unpool_size_range_is_torchs():
    for pooled, k, s in [(2, 2, 2), (3, 3, 1), (1, 4, 3), (2, 3, 2)]:
        default = _sizes.transposed_output_size(pooled, k, s)
        values = torch.zeros(1, 1, pooled)
        indices = torch.zeros(1, 1, pooled, dtype=torch.int64)
        for requested in range(max(1, default - s - 1), default + s + 2):
            try:
                F.max_unpool1d(values, indices, k, s, output_size=(requested,))
                accepted = True
            except ValueError:
                accepted = False
            if accepted:
                assert _sizes.check_unpool_size(requested, default, s) == requested
            else:
                with pytest.raises(ConvmathError, match="output_size must be between"):
                    _sizes.check_unpool_size(requested, default, s)


EDGES = [
    pytest.param((2, 3, 1), (3,), 1, 1, id="1d-kernel-is-the-padded-input"),
    pytest.param((1, 2, 3), (2,), 5, 0, id="1d-stride-beyond-the-input"),
    pytest.param((1, 1, 1, 1), (1, 1), 1, 0, id="2d-one-element"),
    pytest.param((2, 2, 1, 5), (1, 2), (1, 4), (0, 1), id="2d-one-row-stride-4"),
    pytest.param((1, 2, 3, 3), (3, 3), 2, 1, id="2d-kernel-is-the-input"),
    pytest.param((1, 1, 1, 2, 3), (1, 2, 3), (1, 3, 5), (0, 1, 1), id="3d-mixed"),
    pytest.param((2, 1, 2, 2, 2), (2, 2, 2), 3, 1, id="3d-stride-beyond-the-padded-input"),
]


@pytest.mark.parametrize(("shape", "kernel", "stride", "padding"), EDGES)
@pytest.mark.parametrize("ceil_mode", [False, True])
def test_edge_shapes_equal_torch(shape, kernel, stride, padding, ceil_mode):
    d = len(kernel)
    x = np.random.default_rng(len(shape)).standard_normal(shape)
    xt = torch.from_numpy(x)
    kwargs = dict(stride=stride, padding=padding, ceil_mode=ceil_mode)
    values, indices = MAX[d](xt, kernel, return_indices=True, **kwargs)
    got, idx = max_pool(x, kernel, return_indices=True, **kwargs)
    np.testing.assert_array_equal(got, values.numpy())
    np.testing.assert_array_equal(idx, indices.numpy())
    for include in (True, False):
        expected = AVG[d](xt, kernel, count_include_pad=include, **kwargs).numpy()
        got = avg_pool(x, kernel, count_include_pad=include, **kwargs)
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=0)


def test_an_empty_batch_gives_torchs_empty_shapes():
    x, xt = np.zeros((0, 2, 5)), torch.zeros(0, 2, 5, dtype=torch.float64)
    values, indices = max_pool(x, (2,), padding=1, return_indices=True)
    assert values.shape == indices.shape == F.max_pool1d(xt, 2, padding=1).shape
    assert avg_pool(x, (2,), padding=1).shape == F.avg_pool1d(xt, 2, padding=1).shape
    expected = F.max_unpool1d(*F.max_pool1d(xt, 2, return_indices=True), 2).shape
    assert max_unpool(*max_pool(x, (2,), return_indices=True), (2,)).shape == expected


@pytest.mark.parametrize("kind", ["normal", "ties", "nan", "inf"])
@pytest.mark.parametrize(
    ("shape", "kernel", "kwargs"),
    [
        ((2, 3, 17, 19), (5, 5), dict(stride=2, padding=2, dilation=2, ceil_mode=True)),
        ((1, 2, 16, 16), (8, 8), dict()),
        ((1, 2, 7, 8, 9), (3, 3, 3), dict(stride=(1, 2, 3), padding=1, ceil_mode=True)),
    ],
    ids=["5x5-dilated-ceil", "8x8", "3x3x3"],
)
def test_large_windows_scanned_axis_by_axis_equal_torch(shape, kernel, kwargs, kind):
    # prod(K) > 2 sum(K): max_pool scans one axis at a time, the same winners as torch's scan
    x = _input(shape, 7, kind)
    values, indices = MAX[len(kernel)](torch.from_numpy(x), kernel, return_indices=True, **kwargs)
    got, idx = max_pool(x, kernel, return_indices=True, **kwargs)
    np.testing.assert_array_equal(got, values.numpy())
    np.testing.assert_array_equal(idx, indices.numpy())


def test_float32_in_gives_float32_out_like_torch():
    x = np.random.default_rng(0).standard_normal((2, 3, 9, 11)).astype(np.float32)
    xt = torch.from_numpy(x)
    kwargs = dict(stride=2, padding=1, ceil_mode=True)
    values, indices = max_pool(x, (3, 3), return_indices=True, **kwargs)
    expected, expected_indices = F.max_pool2d(xt, 3, return_indices=True, **kwargs)
    assert values.dtype == np.float32
    np.testing.assert_array_equal(values, expected.numpy())
    np.testing.assert_array_equal(indices, expected_indices.numpy())
    mean = avg_pool(x, (3, 3), **kwargs)
    assert mean.dtype == np.float32
    np.testing.assert_allclose(mean, F.avg_pool2d(xt, 3, **kwargs).numpy(), atol=1e-6)
    back = max_unpool(values, indices, (3, 3), stride=2, padding=1, output_size=(9, 11))
    assert back.dtype == np.float32

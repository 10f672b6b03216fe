"""Adaptive average and max pooling against torch.nn.functional.adaptive_{avg,max}_pool{d}d
(float64), and against a loop over PyTorch's documented windows in any number of dims."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmath import _sizes
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.adaptive import adaptive_avg_pool, adaptive_max_pool

torch = pytest.importorskip("torch", reason="pip install torch==2.13.0 (or 'convmath[torch]')")
F = torch.nn.functional

AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}


@st.composite
def adaptive_calls(draw, dims=(1, 2, 3)):
    """(x shape, output_size): outputs smaller, equal and larger than the input, some None."""
    d = draw(st.sampled_from(dims))
    top = 5 if d == 3 else 9
    size = tuple(draw(st.integers(1, top)) for _ in range(d))
    out = tuple(draw(st.none() | st.integers(1, n + 3) | st.just(1)) for n in size)
    return (draw(st.integers(1, 2)), draw(st.integers(1, 3)), *size), out


def _input(shape, seed, kind):
    rng = np.random.default_rng(seed)
    if kind == "ties":
        return rng.integers(-2, 3, size=shape).astype(float)
    x = rng.standard_normal(shape)
    if kind != "normal":
        x[rng.random(shape) < 0.2] = {"nan": np.nan, "inf": -np.inf, "+inf": np.inf}[kind]
    return x


KINDS = st.sampled_from(["normal", "ties", "nan", "inf", "+inf"])


@settings(deadline=None, max_examples=150)
@given(call=adaptive_calls(), seed=st.integers(0, 2**16), kind=KINDS, unbatched=st.booleans())
def test_adaptive_pooling_equals_torch(call, seed, kind, unbatched):
    shape, out = call
    d = len(out)
    x = _input(shape, seed, kind)
    ours = x[0] if unbatched else x
    pick = (lambda a: a[0]) if unbatched else (lambda a: a)
    # torch's 1-D functions take no None (2-D and 3-D keep that axis's size, like ours)
    theirs = tuple(n if o is None else o for o, n in zip(out, shape[2:])) if d == 1 else out
    values, indices = MAX[d](torch.from_numpy(x), theirs, return_indices=True)
    got, idx = adaptive_max_pool(ours, out, return_indices=True)
    np.testing.assert_array_equal(got, pick(values.numpy()))
    np.testing.assert_array_equal(idx, pick(indices.numpy()))
    assert idx.dtype == np.int64
    expected = AVG[d](torch.from_numpy(x), theirs).numpy()
    np.testing.assert_allclose(
        adaptive_avg_pool(ours, out), pick(expected), rtol=1e-12, atol=1e-14
    )


def _windows(size, out):
    """PyTorch's documented windows, typed from its formula with exact rationals."""
    return [range(math.floor(j * size / out), math.ceil((j + 1) * size / out)) for j in range(out)]


@settings(deadline=None, max_examples=40)
@given(
    size=st.lists(st.integers(1, 4), min_size=4, max_size=4),
    out=st.lists(st.integers(1, 5), min_size=4, max_size=4),
    seed=st.integers(0, 2**16),
)
def test_adaptive_pooling_4d_against_a_window_loop(size, out, seed):
    x = np.random.default_rng(seed).integers(-3, 4, size=(2, *size)).astype(float)
    got_avg = adaptive_avg_pool(x, tuple(out))
    got_max, got_idx = adaptive_max_pool(x, tuple(out), return_indices=True)
    windows = [_windows(n, o) for n, o in zip(size, out)]
    for c in range(2):
        for o in itertools.product(*(range(m) for m in out)):
            cells = list(itertools.product(*(w[j] for w, j in zip(windows, o))))
            vals = [x[(c, *cell)] for cell in cells]
            assert got_avg[(c, *o)] == pytest.approx(sum(vals) / len(vals), rel=1e-12)
            first = int(np.argmax(vals))  # the first maximum in row-major order
            assert got_max[(c, *o)] == vals[first]
            assert got_idx[(c, *o)] == np.ravel_multi_index(cells[first], size)


def test_global_pooling_and_none_by_hand():
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(adaptive_avg_pool(x, 1, ndim=2), [[[5.5]], [[17.5]]])
    values, idx = adaptive_max_pool(x, (None, 1), return_indices=True)
    np.testing.assert_array_equal(values[..., 0], [[3, 7, 11], [15, 19, 23]])
    np.testing.assert_array_equal(idx[..., 0], [[3, 7, 11], [3, 7, 11]])


def test_errors():
    x = np.ones((1, 4, 4))
    with pytest.raises(ConvmathError, match="output_size is 2, not a tuple: pass ndim="):
        adaptive_avg_pool(x, 2)
    with pytest.raises(ConvmathError, match=r"output_size must be an int >= 1") as info:
        adaptive_max_pool(x, (0, 2))
    assert info.value.argument == "output_size"
    with pytest.raises(ConvmathError, match="ndim=3 does not match output_size"):
        adaptive_max_pool(x, (2, 2), ndim=3)
    with pytest.raises(ShapeError, match="non-empty spatial shape"):
        adaptive_avg_pool(np.ones((1, 0, 3)), (1, 1))
    with pytest.raises(ConvmathError, match="return_indices must be True or False"):
        adaptive_max_pool(x, (2, 2), return_indices="yes")
    with pytest.raises(ConvmathError, match="an ordered sequence"):
        adaptive_avg_pool(x, {1, 2}, ndim=2)


def test_float32_in_gives_float32_out_like_torch():
    x = np.random.default_rng(0).standard_normal((2, 3, 9, 11)).astype(np.float32)
    xt = torch.from_numpy(x)
    mean = adaptive_avg_pool(x, (4, 5))
    assert mean.dtype == np.float32
    # float32 sums of N(0, 1) samples in another order: round-off ~ 1e-7 of the samples
    np.testing.assert_allclose(mean, F.adaptive_avg_pool2d(xt, (4, 5)).numpy(), atol=1e-6)
    values, indices = adaptive_max_pool(x, (4, 5), return_indices=True)
    expected, expected_indices = F.adaptive_max_pool2d(xt, (4, 5), return_indices=True)
    assert values.dtype == np.float32
    np.testing.assert_array_equal(values, expected.numpy())
    np.testing.assert_array_equal(indices, expected_indices.numpy())


@settings(deadline=None, max_examples=200)
@given(size=st.integers(1, 500), out=st.integers(1, 500))
def test_adaptive_windows_cover_the_input_and_differ_by_at_most_one(size, out):
    windows = [_sizes.adaptive_window(j, size, out) for j in range(out)]
    assert windows == [(w.start, w.stop) for w in _windows(size, out)]
    lengths = [end - start for start, end in windows]
    assert min(lengths) >= 1 and max(lengths) - min(lengths) <= 1
    assert windows[0][0] == 0 and windows[-1][1] == size
    assert all(b[0] <= a[1] for a, b in zip(windows, windows[1:]))  # no sample left out

"""Exact edge behaviour of the numeric layer's arguments, flags and dtypes (issue 13 §2)."""

from __future__ import annotations

import numpy as np
import pytest

from convmath.numeric import avg_pool, conv, max_pool

torch = pytest.importorskip("torch")
F = torch.nn.functional

RNG = np.random.default_rng(13)
X = RNG.standard_normal((1, 2, 7, 6))
W = RNG.standard_normal((3, 2, 3, 2))


def torch_conv(x: np.ndarray, w: np.ndarray, **kw: object) -> np.ndarray:
    return F.conv2d(torch.from_numpy(x), torch.from_numpy(w), **kw).numpy()


@pytest.mark.parametrize("stride", [np.array(2), np.int64(2), np.int32(2), np.array([2, 2])])
def test_numpy_integers_and_0d_integer_arrays_are_ints(stride: object) -> None:
    np.testing.assert_allclose(conv(X, W, stride=stride), torch_conv(X, W, stride=2), atol=1e-12)


@pytest.mark.parametrize(
    ("stride", "received"),
    [(np.array(2.0), "array"), (np.float64(2.0), "2.0"), (2.5, "2.5"), (True, "True")],
)
def test_non_integer_parameters_are_value_errors_naming_the_argument(
    stride: object, received: str
) -> None:
    with pytest.raises(ValueError, match="stride") as info:
        conv(X, W, stride=stride)
    assert received in str(info.value)


@pytest.mark.parametrize("stride", [{2, 1}, {"a": 2, "b": 1}, frozenset({1, 2})])
def test_unordered_containers_are_refused(stride: object) -> None:
    with pytest.raises(ValueError, match="stride"):
        conv(X, W, stride=stride)


@pytest.mark.parametrize("flag", ["no", None, 0, 1, np.array([True])])
def test_flags_accept_only_bools(flag: object) -> None:
    with pytest.raises(ValueError, match="return_indices"):
        max_pool(X, (2, 2), return_indices=flag)
    with pytest.raises(ValueError, match="count_include_pad"):
        avg_pool(X, (2, 2), padding=1, count_include_pad=flag)


def test_numpy_bool_flags_behave_as_bools() -> None:
    values, indices = max_pool(X, (2, 2), return_indices=np.bool_(True))
    want, want_idx = F.max_pool2d(torch.from_numpy(X), 2, return_indices=True)
    np.testing.assert_array_equal(values, want.numpy())
    np.testing.assert_array_equal(indices, want_idx.numpy())
    got = avg_pool(X, (3, 3), padding=1, count_include_pad=np.bool_(False))
    want = F.avg_pool2d(torch.from_numpy(X), 3, padding=1, count_include_pad=False)
    np.testing.assert_allclose(got, want.numpy(), atol=1e-12)


def test_messages_describe_an_array_as_an_array() -> None:
    with pytest.raises(ValueError, match="kernel_size") as info:
        max_pool(X, kernel_size=np.array([[2, 3]]))
    assert "shape (1, 2)" in str(info.value)
    assert "an int" not in str(info.value)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_fft_refuses_non_finite_input_while_direct_propagates_it_locally(bad: float) -> None:
    x = X.copy()
    x[0, 0, 0, 0] = bad
    with pytest.raises(ValueError, match="method='direct'"):
        conv(x, W, method="fft")
    direct = conv(x, W, method="direct")
    want = torch_conv(x, W)
    np.testing.assert_array_equal(np.isfinite(direct), np.isfinite(want))
    assert np.isfinite(direct).any()  # only the windows touching the sample are spoiled


@pytest.mark.parametrize(
    ("x_dtype", "w_dtype", "out"),
    [
        (np.float32, np.float32, np.float32),
        (np.float16, np.float16, np.float32),
        (np.float32, np.float64, np.float64),
        (np.float64, np.float64, np.float64),
        (np.int64, np.int64, np.float64),
        (np.bool_, np.float32, np.float64),
    ],
)
def test_output_dtypes(x_dtype: type, w_dtype: type, out: type) -> None:
    x = (X > 0).astype(x_dtype) if x_dtype is np.bool_ else (X * 4).astype(x_dtype)
    w = (W * 4).astype(w_dtype)
    y = conv(x, w)
    assert y.dtype == out
    want = torch_conv(x.astype(np.float64), w.astype(np.float64))
    np.testing.assert_allclose(y, want, rtol=1e-3 if out is np.float32 else 1e-12, atol=1e-3)


def test_integers_beyond_2_to_the_53_are_refused_not_rounded() -> None:
    x = np.zeros((1, 1, 3), dtype=np.int64)
    x[0, 0, 1] = 2**53 + 1
    with pytest.raises(ValueError, match=r"2\*\*53"):
        conv(x, np.ones((1, 1, 1), dtype=np.int64))
    x[0, 0, 1] = 2**53  # exactly representable: computed exactly
    assert conv(x, np.ones((1, 1, 1), dtype=np.int64))[0, 0, 1] == 2**53

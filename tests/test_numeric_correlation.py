"""conv / conv_transpose: exact examples, agreement with independent implementations, errors.

Independent references: the naive loops of :mod:`convmath.numeric.reference` (gather and
scatter), ``scipy.signal.correlate`` and hand-computed numbers (d2l, the issue's table).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import arrays_for, configs, transposed_configs
from scipy import signal

from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.reference import conv_reference, conv_transpose_reference

X = np.arange(9.0).reshape(1, 3, 3)  # d2l's X = 0..8, one channel, unbatched

# (kernel, expected conv(X, kernel)): values from d2l and the issue text, not from convmath
D2L_CONV = [
    pytest.param([[0, 1], [2, 3]], [[19, 25], [37, 43]], id="d2l-corr2d"),
    pytest.param([[1, 2], [3, 4]], [[27, 37], [57, 67]], id="issue-K1234"),
]


@pytest.mark.parametrize(("kernel", "expected"), D2L_CONV)
@pytest.mark.parametrize("method", ["direct", "fft"])
def test_d2l_conv(kernel, expected, method):
    w = np.array(kernel, dtype=float)[None, None]
    np.testing.assert_allclose(conv(X, w, method=method)[0], expected, rtol=0, atol=1e-12)


def test_d2l_trans_conv():
    y = np.array([[[27.0, 37.0], [57.0, 67.0]]])
    w = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    expected = [[27, 91, 74], [138, 400, 282], [171, 429, 268]]
    np.testing.assert_array_equal(conv_transpose(y, w)[0], expected)


def test_d2l_trans_conv_scatter_by_hand():
    # d2l: Y = [[0, 1], [2, 3]], K = [[0, 1], [2, 3]] -> [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
    y = np.array([[[0.0, 1.0], [2.0, 3.0]]])
    w = np.array([[[[0.0, 1.0], [2.0, 3.0]]]])
    np.testing.assert_array_equal(conv_transpose(y, w)[0], [[0, 0, 1], [0, 4, 6], [4, 12, 9]])


def test_strided_transposed_conv_hand_example():
    # d2l 13.10: stride 2 scatters each 2x2 block without overlap
    y = np.array([[[0.0, 1.0], [2.0, 3.0]]])
    w = np.array([[[[0.0, 1.0], [2.0, 3.0]]]])
    expected = [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]]
    np.testing.assert_array_equal(conv_transpose(y, w, stride=2)[0], expected)


@settings(deadline=None, max_examples=60)
@given(cfg=configs(), seed=st.integers(0, 2**16), method=st.sampled_from(["direct", "fft"]))
def test_conv_equals_gather_reference(cfg, seed, method):
    x, w = arrays_for(seed, cfg.x_shape, cfg.w_shape)
    got = conv(x, w, method=method, **cfg.kwargs())
    expected = conv_reference(x, w, **cfg.kwargs())  # counts its windows one by one
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)


@settings(deadline=None, max_examples=60)
@given(cfg=transposed_configs(), seed=st.integers(0, 2**16))
def test_conv_transpose_equals_scatter_reference(cfg, seed):
    y, w = arrays_for(seed, cfg.y_shape, cfg.w_shape)
    got = conv_transpose(y, w, **cfg.kwargs())
    expected = conv_transpose_reference(y, w, **cfg.kwargs())  # its own scatter extent
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-10)


@settings(deadline=None, max_examples=40)
@given(
    shape=st.lists(st.integers(1, 7), min_size=1, max_size=3),
    data=st.data(),
    seed=st.integers(0, 2**16),
)
def test_single_channel_stride_1_is_scipy_correlate_valid(shape, data, seed):
    kernel = tuple(data.draw(st.integers(1, n)) for n in shape)
    x, w = arrays_for(seed, tuple(shape), kernel)
    expected = signal.correlate(x, w, mode="valid", method="direct")
    for method in ("direct", "fft"):
        got = conv(x[None], w[None, None], method=method)[0]
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)


@settings(deadline=None, max_examples=30)
@given(cfg=configs(dims=(1, 2)), seed=st.integers(0, 2**16))
def test_batched_is_stack_of_unbatched(cfg, seed):
    x, w = arrays_for(seed, (3, cfg.c_in, *cfg.size), cfg.w_shape)
    together = conv(x, w, **cfg.kwargs())
    for n in range(3):
        np.testing.assert_array_equal(together[n], conv(x[n], w, **cfg.kwargs()))


def test_dtypes():
    x32 = np.ones((1, 5), dtype=np.float32)
    w32 = np.ones((1, 1, 2), dtype=np.float32)
    assert conv(x32, w32).dtype == np.float32
    assert conv(x32, w32, method="fft").dtype == np.float32
    assert conv_transpose(x32, w32).dtype == np.float32
    assert conv(x32, w32.astype(np.float64)).dtype == np.float64
    ints = conv(np.arange(5)[None], np.array([[[1, 2]]]))
    assert ints.dtype == np.float64
    np.testing.assert_array_equal(ints, [[2, 5, 8, 11]])  # 0+2, 1+4, 2+6, 3+8


def test_same_padding_even_kernel_puts_extra_on_high_side():
    # k = 4: total 3 = 1 low + 2 high, so y[0] = x[0] + x[1] + x[2] (x[-1] is a zero)
    x = np.array([[1.0, 10.0, 100.0, 1000.0, 10000.0]])
    y = conv(x, np.ones((1, 1, 4)), padding="same")
    np.testing.assert_array_equal(y, [[111, 1111, 11110, 11100, 11000]])


def _huge(shape):
    return np.broadcast_to(np.zeros((), dtype=np.float64), shape)  # no memory behind it


BAD_CONV = [
    pytest.param(dict(stride=0), ConvmathError, r"stride must be an int >= 1", id="stride-0"),
    pytest.param(dict(padding=-1), ConvmathError, r"padding must be an int >= 0", id="pad-neg"),
    pytest.param(dict(dilation=0), ConvmathError, r"dilation must be an int >= 1", id="dil-0"),
    pytest.param(
        dict(padding="same", stride=2),
        ConvmathError,
        r"padding='same' requires stride 1",
        id="same-stride",
    ),
    pytest.param(dict(padding="full"), ConvmathError, r"padding must be .*'same'", id="pad-str"),
    pytest.param(
        dict(padding_mode="mirror"), ConvmathError, r"padding_mode must be one of", id="mode"
    ),
    pytest.param(
        dict(method="auto"), ConvmathError, r"method must be 'direct' or 'fft'", id="method"
    ),
    pytest.param(dict(groups=0), ConvmathError, r"groups must be an int >= 1", id="groups-0"),
]


@pytest.mark.parametrize(("kwargs", "error", "match"), BAD_CONV)
def test_conv_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        conv(np.ones((2, 6, 6)), np.ones((2, 2, 3, 3)), **kwargs)


def test_kernel_larger_than_padded_input():
    with pytest.raises(ShapeError, match=r"kernel extent 5 .* exceeds the padded input 4"):
        conv(np.ones((1, 4)), np.ones((1, 1, 5)))
    with pytest.raises(ShapeError, match=r"kernel extent 5 \(kernel 3, dilation 2\)"):
        conv(np.ones((1, 3)), np.ones((1, 1, 3)), dilation=2, padding=0)


def test_groups_must_divide_channels():
    with pytest.raises(ConvmathError, match=r"groups=2 must divide the input channels 3"):
        conv(np.ones((3, 5)), np.ones((2, 1, 2)), groups=2)
    with pytest.raises(ConvmathError, match=r"groups=2 must divide the output channels 3"):
        conv(np.ones((4, 5)), np.ones((3, 2, 2)), groups=2)
    with pytest.raises(ConvmathError, match=r"groups=3 must divide the input channels 4"):
        conv_transpose(np.ones((4, 5)), np.ones((4, 1, 2)), groups=3)


def test_channel_count_must_match_kernel():
    with pytest.raises(ShapeError, match=r"x has 3 input channels but w .* expects .* = 2"):
        conv(np.ones((3, 5)), np.ones((1, 2, 2)))
    with pytest.raises(ShapeError, match=r"y has 3 input channels but w .* expects .* = 2"):
        conv_transpose(np.ones((3, 5)), np.ones((2, 1, 2)))


def test_wrong_ndim():
    with pytest.raises(ShapeError, match=r"x must have 3 \(unbatched\) or 4 \(batched\)"):
        conv(np.ones((1, 1, 1, 4, 4)), np.ones((1, 1, 2, 2)))
    with pytest.raises(ShapeError, match=r"w must have at least 3 dimensions"):
        conv(np.ones((1, 4)), np.ones((2, 2)))
    with pytest.raises(ShapeError, match=r"y must have 2 \(unbatched\) or 3 \(batched\)"):
        conv_transpose(np.ones(4), np.ones((1, 1, 2)))


def test_output_padding_must_be_below_max_stride_dilation():
    with pytest.raises(ConvmathError, match=r"output_padding must be smaller than .* = 2"):
        conv_transpose(np.ones((1, 4)), np.ones((1, 1, 3)), stride=2, output_padding=2)
    with pytest.raises(ConvmathError, match=r"output_padding must be smaller than .* = 1"):
        conv_transpose(np.ones((1, 4)), np.ones((1, 1, 3)), output_padding=1)
    # allowed when dilation is larger than the stride (torch agrees)
    assert conv_transpose(
        np.ones((1, 4)), np.ones((1, 1, 3)), dilation=2, output_padding=1
    ).shape == (1, 9)


def test_transposed_padding_rejects_strings_and_overcropping():
    with pytest.raises(ConvmathError, match=r"padding must be an int >= 0 .* transposed"):
        conv_transpose(np.ones((1, 4)), np.ones((1, 1, 3)), padding="same")
    with pytest.raises(ShapeError, match=r"transposed output size -1 on axis 0 is not positive"):
        conv_transpose(np.ones((1, 1)), np.ones((1, 1, 1)), padding=1)


def test_absurd_sizes_refused_before_allocating():
    with pytest.raises(ShapeError, match=r"output would have \d+ elements; convmath refuses"):
        conv(_huge((64, 1, 4096, 4096)), np.ones((1, 1, 1, 1)))
    with pytest.raises(ShapeError, match=r"padded input would have \d+ elements"):
        conv(_huge((1, 64, 4096, 4096)), _huge((1, 64, 3, 3)), padding=8)
    with pytest.raises(ShapeError, match=r"output \(before cropping padding\) would have"):
        conv_transpose(np.ones((1, 1, 100, 100)), np.ones((1, 1, 3, 3)), stride=1000)


def test_complex_and_object_inputs_rejected():
    with pytest.raises(ConvmathError, match=r"arrays must be real .* got dtype complex128"):
        conv(np.ones((1, 3), dtype=complex), np.ones((1, 1, 2)))
    with pytest.raises(ConvmathError, match=r"arrays must be real"):
        conv_transpose(np.ones((1, 3)), np.array([[["a", "b"]]], dtype=object))

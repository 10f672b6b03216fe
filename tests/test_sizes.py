"""convmath._sizes, the one home of the size arithmetic, against brute force and PyTorch.

References: windows and scatter positions counted one by one (``numeric_configs``), a padded
boolean mask for the pooling windows, the formulas typed from PyTorch's documentation where
a test needs a formula, and torch's own layers when it is installed.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import scatter_length, unused_padded_samples, window_count

from convmath import _sizes
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.shapes import output_shape, transposed_output_shape

GRID = list(itertools.product(range(1, 12), range(1, 5), range(1, 4), range(4), range(1, 4)))


def test_conv_output_size_counts_the_windows():
    for i, k, s, p, d in GRID:
        count = window_count(i, k, s, p, d)
        if count:
            assert _sizes.conv_output_size(i, k, s, p, d) == count, (i, k, s, p, d)
            _sizes.check_kernel_fits(i, k, d, p, p)
        else:
            with pytest.raises(ShapeError, match="exceeds the padded input") as info:
                _sizes.check_kernel_fits(i, k, d, p, p, axis=2)
            assert info.value.argument == "kernel_shape" and "on axis 2" in str(info.value)
        assert (i >= _sizes.smallest_input_size(k, p, d)) == (count > 0)


def test_transposed_output_size_is_the_scatter_extent():
    for i, k, s, p, d in GRID:
        for a in range(max(s, d)):
            length = scatter_length(i, k, s, p, d, a)
            assert _sizes.transposed_output_size(i, k, s, p, d, a) == length
            if length >= 1:
                assert _sizes.check_transposed_size(i, k, s, p, d, a) == length
            else:
                with pytest.raises(ShapeError, match="not positive") as info:
                    _sizes.check_transposed_size(i, k, s, p, d, a)
                assert info.value.argument == "padding"


def test_selecting_output_padding_is_the_unused_tail():
    for i, k, s, p, d in GRID:
        if window_count(i, k, s, p, d):
            a = _sizes.selecting_output_padding(i, k, s, p, d)
            assert a == unused_padded_samples(i, k, s, p, d)
            o = window_count(i, k, s, p, d)
            assert scatter_length(o, k, s, p, d, a) == i


def test_output_padding_bound_is_pytorchs():
    for s, d in itertools.product(range(1, 5), repeat=2):
        assert _sizes.output_padding_bound(s, d) == max(s, d)
        _sizes.check_output_padding(max(s, d) - 1, s, d)
        with pytest.raises(ConvmathError, match=r"smaller than max\(stride, dilation\)") as info:
            _sizes.check_output_padding(max(s, d), s, d, argument="a")
        assert info.value.argument == "a"


def test_windows_see_input_against_brute_force():
    for n, k, s, p, d in np.ndindex(4, 4, 3, 3, 3):
        n, k, s, d = n + 1, k + 1, s + 1, d + 1
        if d * (k - 1) + 1 > n + 2 * p:
            continue
        padded = np.zeros(n + 2 * p, dtype=bool)
        padded[p : p + n] = True
        extent = d * (k - 1) + 1
        expected = all(
            padded[start : start + extent : d].any()
            for start in range(0, n + 2 * p - extent + 1, s)
        )
        assert _sizes.windows_see_input((n,), (k,), (s,), (p,), (d,)) == expected


def test_largest_pool_padding_is_half_the_window():
    assert [_sizes.largest_pool_padding(k) for k in range(1, 7)] == [0, 1, 1, 2, 2, 3]


def test_formulas_work_on_sympy_symbols():
    i, k, s, d = (sympy.Symbol(n, integer=True, positive=True) for n in "iksd")
    p, a = (sympy.Symbol(n, integer=True, nonnegative=True) for n in "pa")
    # typed from PyTorch's documentation of Conv1d / ConvTranspose1d
    assert (
        _sizes.conv_output_size(i, k, s, p, d)
        == sympy.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1
    )
    assert (
        sympy.expand(
            _sizes.transposed_output_size(i, k, s, p, d, a)
            - ((i - 1) * s - 2 * p + d * (k - 1) + a + 1)
        )
        == 0
    )
    assert _sizes.selecting_output_padding(i, k, s, p, d) == sympy.Mod(
        i + 2 * p - d * (k - 1) - 1, s
    )


def test_prod_is_exact():
    assert _sizes.prod([np.int64(2**40), np.int64(2**40)]) == 2**80
    assert isinstance(_sizes.prod([np.int32(3), 4]), int)
    x = sympy.Symbol("x")
    assert _sizes.prod([2, x, sympy.Integer(3)]) == 6 * x


@settings(deadline=None, max_examples=100)
@given(
    i=st.integers(1, 40),
    k=st.integers(1, 6),
    s=st.integers(1, 6),
    p=st.integers(0, 6),
    d=st.integers(1, 6),
)
def test_shape_functions_against_brute_force(i, k, s, p, d):
    count = window_count(i, k, s, p, d)
    if not count:
        with pytest.raises(ShapeError) as info:
            output_shape((i,), (k,), stride=s, padding=p, dilation=d)
        assert info.value.argument == "kernel_shape"
        return
    assert output_shape((i,), (k,), stride=s, padding=p, dilation=d) == (count,)
    a = unused_padded_samples(i, k, s, p, d)
    back = transposed_output_shape(
        (count,), (k,), stride=s, padding=p, dilation=d, output_padding=a
    )
    assert back == (scatter_length(count, k, s, p, d, a),) == (i,)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        pytest.param(lambda: output_shape((4, 0), (1, 1)), "input_shape", id="input"),
        pytest.param(lambda: output_shape((4, 4), (3,)), "kernel_shape", id="kernel-axes"),
        pytest.param(lambda: output_shape((4,), (3,), stride=0), "stride", id="stride"),
        pytest.param(lambda: output_shape((4,), (3,), padding=-1), "padding", id="padding"),
        pytest.param(lambda: output_shape((4,), (3,), padding="full"), "padding", id="word"),
        pytest.param(
            lambda: output_shape((4,), (3,), padding="same", stride=2), "padding", id="same"
        ),
        pytest.param(lambda: output_shape((4,), (3,), dilation=0), "dilation", id="dilation"),
        pytest.param(lambda: output_shape((2,), (3,)), "kernel_shape", id="too-big"),
        pytest.param(
            lambda: transposed_output_shape((3,), (3,), stride=2, output_padding=2),
            "output_padding",
            id="output-padding",
        ),
        pytest.param(
            lambda: transposed_output_shape((1,), (1,), padding=1), "padding", id="non-positive"
        ),
        pytest.param(
            lambda: transposed_output_shape((3,), (3,), padding="same"), "padding", id="t-word"
        ),
    ],
)
def test_shape_errors_name_their_argument(call, argument):
    with pytest.raises(ConvmathError) as info:
        call()
    assert info.value.argument == argument


TORCH_CASES = [(7, 3, 2, 1, 2), (5, 4, 3, 0, 1), (9, 2, 1, 3, 3), (4, 3, 4, 2, 1)]


@pytest.mark.parametrize(("i", "k", "s", "p", "d"), TORCH_CASES)
def test_against_torch_layers(i, k, s, p, d):
    torch = pytest.importorskip("torch", reason="PyTorch cross-check needs torch installed")
    conv = torch.nn.Conv1d(1, 1, k, stride=s, padding=p, dilation=d, bias=False)
    o = conv(torch.zeros(1, 1, i)).shape[-1]
    assert _sizes.conv_output_size(i, k, s, p, d) == o
    for a in range(max(s, d)):
        layer = torch.nn.ConvTranspose1d(
            1, 1, k, stride=s, padding=p, dilation=d, output_padding=a, bias=False
        )
        expected = layer(torch.zeros(1, 1, o)).shape[-1]
        assert _sizes.transposed_output_size(o, k, s, p, d, a) == expected
    assert (
        _sizes.transposed_output_size(
            o, k, s, p, d, _sizes.selecting_output_padding(i, k, s, p, d)
        )
        == i
    )

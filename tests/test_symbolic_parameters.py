"""Tests of convmath.symbolic.parameters against the actual matrices (and PyTorch layers).

dense  == number of entries of the layer's matrix,
local  == its structural non-zeros (at most k per row),
shared == the distinct kernel symbols in it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from numeric_configs import matrix_pairs

from convmath.errors import ConvmathError, ShapeError
from convmath.symbolic.matrix import conv_matrix, kernel_symbols
from convmath.symbolic.parameters import conv_parameter_counts, parameter_counts
from convmath.symbolic.sizes import size_symbol


def structure(matrix):
    """(entries, structural non-zeros, largest non-zeros in a row, distinct symbols)."""
    nonzero = np.array([[entry != 0 for entry in row] for row in matrix.tolist()], dtype=bool)
    return (
        matrix.rows * matrix.cols,
        int(nonzero.sum()),
        int(nonzero.sum(axis=1).max()),
        len(matrix.free_symbols),
    )


def test_article_numbers():
    # m = 1000 inputs, k = 3: n = 998 outputs
    counts = parameter_counts(1000, 998, 3)
    assert (counts.dense, counts.local, counts.shared) == (998_000, 2_994, 3)
    with_bias = parameter_counts(1000, 998, 3, bias=True)
    assert with_bias.as_dict() == {"dense": 998_998, "local": 3_992, "shared": 4}


def test_symbolic_counts():
    m, n, k = size_symbol("m"), size_symbol("n"), size_symbol("k")
    counts = parameter_counts("m", "n", "k")
    assert (counts.dense, counts.local, counts.shared) == (m * n, k * n, k)
    assert parameter_counts(None, None, None).local == k * n


@pytest.mark.parametrize("size", [3, 5, 8])
@pytest.mark.parametrize("k", [1, 2, 3])
def test_one_d_counts_equal_matrix_structure_without_padding(size, k):
    C = conv_matrix(size, k)
    n = size - k + 1
    counts = parameter_counts(size, n, k)
    entries, nonzeros, per_row, symbols = structure(C)
    assert entries == counts.dense
    assert nonzeros == counts.local
    assert per_row == k
    assert symbols == counts.shared


@settings(deadline=None, max_examples=60)
@given(matrix_pairs())
def test_counts_bound_the_structure_of_any_single_channel_matrix(pair):
    case, _ = pair
    shape, kernel, stride, padding, dilation = (
        case.size,
        case.kernel,
        case.stride,
        case.padding,
        case.dilation,
    )
    C = conv_matrix(shape, kernel, stride=stride, padding=padding, dilation=dilation)
    counts = conv_parameter_counts(
        (1, *shape), 1, kernel, stride=stride, padding=padding, dilation=dilation, bias=False
    )
    entries, nonzeros, per_row, symbols = structure(C)
    assert entries == counts.dense
    assert nonzeros <= counts.local  # padding removes connections, never adds any
    assert per_row <= math.prod(kernel)
    assert symbols <= counts.shared
    if not any(padding):
        assert nonzeros == counts.local
        assert symbols == counts.shared


def test_channels_against_a_block_matrix():
    # C_in = 2, C_out = 3, 4x5 input, 2x3 kernels, one distinct kernel per channel pair
    c_in, c_out, shape, kshape = 2, 3, (4, 5), (2, 3)
    blocks = [
        [conv_matrix(shape, kernel_symbols(kshape, name=f"w_{o}_{i}")) for i in range(c_in)]
        for o in range(c_out)
    ]
    C = sympy.Matrix.vstack(*(sympy.Matrix.hstack(*row) for row in blocks))
    counts = conv_parameter_counts((c_in, *shape), c_out, kshape, bias=False)
    entries, nonzeros, per_row, symbols = structure(C)
    assert entries == counts.dense == (2 * 4 * 5) * (3 * 3 * 3)
    assert nonzeros == counts.local == 3 * 3 * 3 * (2 * 6)
    assert per_row == c_in * 6
    assert symbols == counts.shared == 3 * 2 * 6


def test_symbolic_image_counts():
    c, d, h, w, k = (size_symbol(name) for name in ("C", "D", "H", "W", "k"))
    counts = conv_parameter_counts(("C", "H", "W"), "D", ("k", "k"), bias=False)
    assert counts.shared == c * d * k**2
    assert sympy.expand(counts.dense - c * h * w * d * (h - k + 1) * (w - k + 1)) == 0
    with_bias = conv_parameter_counts(("C", "H", "W"), "D", ("k", "k"), padding="p")
    assert with_bias.shared == c * d * k**2 + d
    # "same" keeps H x W: dense = (C H W) (D H W) + D H W
    same = conv_parameter_counts(("C", "H", "W"), "D", ("k", "k"), padding="same")
    assert sympy.expand(same.dense - (c * h * w * d * h * w + d * h * w)) == 0


CHANNEL_CASES = [
    pytest.param(3, 16, (3, 3), 1, dict(padding=1), id="rgb-3x3"),
    pytest.param(4, 6, (3, 3), 2, dict(), id="groups-2"),
    pytest.param(6, 6, (5,), 6, dict(stride=2), id="depthwise-1d"),
    pytest.param(2, 5, (2, 3, 2), 1, dict(dilation=(1, 2, 1)), id="3d"),
]


@pytest.mark.parametrize(("c_in", "c_out", "kshape", "groups", "kwargs"), CHANNEL_CASES)
@pytest.mark.parametrize("bias", [True, False])
def test_shared_count_equals_pytorch_layer(c_in, c_out, kshape, groups, kwargs, bias):
    torch = pytest.importorskip("torch", reason="PyTorch cross-check needs torch installed")
    layer_class = getattr(torch.nn, f"Conv{len(kshape)}d")
    layer = layer_class(c_in, c_out, kshape, groups=groups, bias=bias, **kwargs)
    expected = sum(parameter.numel() for parameter in layer.parameters())
    shape = (c_in, *([9] * len(kshape)))
    counts = conv_parameter_counts(shape, c_out, kshape, groups=groups, bias=bias, **kwargs)
    assert counts.shared == expected


def test_dense_counts_equal_pytorch_linear():
    torch = pytest.importorskip("torch", reason="PyTorch cross-check needs torch installed")
    # 1x6x6 input, 2 output channels, 3x3 kernel: 4x4 outputs -> Linear(36, 32)
    linear = torch.nn.Linear(36, 2 * 16)
    expected = sum(parameter.numel() for parameter in linear.parameters())
    assert conv_parameter_counts((1, 6, 6), 2, (3, 3)).dense == expected


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda: parameter_counts(3, 2, 4),
            ConvmathError,
            "k must be at most m = 3",
            id="k-gt-m",
        ),
        pytest.param(
            lambda: parameter_counts(0, 2, 1), ConvmathError, "m must be an int >= 1", id="m-0"
        ),
        pytest.param(
            lambda: conv_parameter_counts((4, 8, 8), 6, (3, 3), groups=3),
            ConvmathError,
            "groups must divide in_channels = 4",
            id="groups-in",
        ),
        pytest.param(
            lambda: conv_parameter_counts((4, 8, 8), 6, (3, 3), groups=4),
            ConvmathError,
            "groups must divide",
            id="groups-out",
        ),
        pytest.param(
            lambda: conv_parameter_counts((8,), 6, (3,)),
            ConvmathError,
            r"input_shape must be \(C_in, \*spatial\)",
            id="no-spatial",
        ),
        pytest.param(
            lambda: conv_parameter_counts((1, 8, 8), 6, (3,)),
            ConvmathError,
            "kernel_shape must have 2 entries",
            id="kernel-axes",
        ),
        pytest.param(
            lambda: conv_parameter_counts((1, 2, 2), 1, (3, 3)),
            ShapeError,
            "exceeds the padded input",
            id="kernel-too-big",
        ),
        pytest.param(
            lambda: conv_parameter_counts((1, 8), 0, (3,)),
            ConvmathError,
            "out_channels must be an int >= 1",
            id="out-0",
        ),
    ],
)
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()

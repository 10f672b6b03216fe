"""Tests of convmath.symbolic.matrix: C from gather, T from scatter, T == C.T exactly.

Expected values come from the d2l book and Dumoulin & Visin's guide (typed from the text),
from an independent direct NumPy loop over a zero-padded array, and from PyTorch when it is
installed -- never from the code under test.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import matrix_pairs

from convmath.errors import ConvmathError, ShapeError
from convmath.symbolic import matrix as matrix_module
from convmath.symbolic.matrix import (
    MAX_SYMBOLIC_ENTRIES,
    check_transpose_identity,
    conv_matrix,
    conv_transpose_matrix,
    kernel_symbols,
    transpose_identity_sweep,
)

# --- independent references: direct loops over a padded array ------------------------------


def correlate_reference(x, w, stride, padding, dilation):
    """Cross-correlation by a direct loop over output positions (padding as (lo, hi) pairs)."""
    xp = np.pad(x, padding)
    extent = [d * (k - 1) + 1 for k, d in zip(w.shape, dilation)]
    out_shape = [(n - e) // s + 1 for n, e, s in zip(xp.shape, extent, stride)]
    y = np.zeros(out_shape, dtype=object)
    for o in itertools.product(*map(range, out_shape)):
        total = 0
        for t in itertools.product(*map(range, w.shape)):
            pos = tuple(oi * s + ti * d for oi, ti, s, d in zip(o, t, stride, dilation))
            total += w[t] * xp[pos]
        y[o] = total
    return y


def scatter_reference(y, w, stride, padding, dilation, output_padding):
    """Transposed convolution: add y[o] * w into a full buffer, then crop the padding."""
    full_shape = [
        (n - 1) * s + d * (k - 1) + 1 + a
        for n, k, s, d, a in zip(y.shape, w.shape, stride, dilation, output_padding)
    ]
    full = np.zeros(full_shape, dtype=object)
    for o in itertools.product(*map(range, y.shape)):
        for t in itertools.product(*map(range, w.shape)):
            pos = tuple(oi * s + ti * d for oi, ti, s, d in zip(o, t, stride, dilation))
            full[pos] += y[o] * w[t]
    out_shape = [f - 2 * p for f, p in zip(full_shape, padding)]
    window = tuple(slice(p, p + n) for p, n in zip(padding, out_shape))
    return full[window]


def as_int_array(matrix):
    return np.array(matrix.tolist(), dtype=object)


# --- exact examples ------------------------------------------------------------------------

D2L_ROWS = [
    [1, 2, 0, 3, 4, 0, 0, 0, 0],
    [0, 1, 2, 0, 3, 4, 0, 0, 0],
    [0, 0, 0, 1, 2, 0, 3, 4, 0],
    [0, 0, 0, 0, 1, 2, 0, 3, 4],
]


def test_d2l_conv_matrix():
    assert conv_matrix((3, 3), [[1, 2], [3, 4]]) == sympy.Matrix(D2L_ROWS)


def test_d2l_values_through_the_matrices():
    kernel = [[1, 2], [3, 4]]
    x = sympy.Matrix(range(9))
    y = conv_matrix((3, 3), kernel) @ x
    assert list(y) == [27, 37, 57, 67]
    back = conv_transpose_matrix((2, 2), kernel) @ y
    assert list(back) == [27, 91, 74, 138, 400, 282, 171, 429, 268]


def test_d2l_kernel_formats_agree():
    expected = sympy.Matrix(D2L_ROWS)
    for kernel in (
        np.array([[1, 2], [3, 4]]),
        sympy.Array([[1, 2], [3, 4]]),
        sympy.Matrix([[1, 2], [3, 4]]),
        ((1, 2), (3, 4)),
    ):
        assert conv_matrix((3, 3), kernel) == expected


def test_dumoulin_visin_4x4_input_3x3_kernel():
    # Section "Convolution as a matrix operation": the 4 x 16 matrix, typed from the paper.
    w = {(r, c): sympy.Symbol(f"w_{r}_{c}") for r in range(3) for c in range(3)}
    z = 0
    rows = [
        [w[0, 0], w[0, 1], w[0, 2], z, w[1, 0], w[1, 1], w[1, 2], z]
        + [w[2, 0], w[2, 1], w[2, 2], z, z, z, z, z],
        [z, w[0, 0], w[0, 1], w[0, 2], z, w[1, 0], w[1, 1], w[1, 2]]
        + [z, w[2, 0], w[2, 1], w[2, 2], z, z, z, z],
        [z, z, z, z, w[0, 0], w[0, 1], w[0, 2], z]
        + [w[1, 0], w[1, 1], w[1, 2], z, w[2, 0], w[2, 1], w[2, 2], z],
        [z, z, z, z, z, w[0, 0], w[0, 1], w[0, 2]]
        + [z, w[1, 0], w[1, 1], w[1, 2], z, w[2, 0], w[2, 1], w[2, 2]],
    ]
    C = conv_matrix((4, 4), (3, 3))
    assert sympy.Matrix(rows) == C
    # and its transpose is the transposed convolution 2x2 -> 4x4 of the same kernel
    assert conv_transpose_matrix((2, 2), (3, 3)) == sympy.Matrix(rows).T


KERNEL_SYMBOL_CASES = [
    pytest.param(3, ["w_0", "w_1", "w_2"], id="1d"),
    pytest.param((2, 2), ["w_0_0", "w_0_1", "w_1_0", "w_1_1"], id="2d"),
    pytest.param((1, 2, 2), ["w_0_0_0", "w_0_0_1", "w_0_1_0", "w_0_1_1"], id="3d"),
]


@pytest.mark.parametrize(("shape", "names"), KERNEL_SYMBOL_CASES)
def test_kernel_symbols_names_in_c_order(shape, names):
    array = kernel_symbols(shape)
    assert array.shape == ((shape,) if isinstance(shape, int) else shape)
    flat = sympy.flatten(array.tolist())
    assert flat == [sympy.Symbol(n) for n in names]


def test_strided_padded_1d_by_hand():
    w0, w1, w2 = sympy.symbols("w_0 w_1 w_2")
    # input 5, kernel 3, stride 2, padding 1: outputs read x[-1..1], x[1..3], x[3..5]
    expected = sympy.Matrix(
        [[w1, w2, 0, 0, 0], [0, w0, w1, w2, 0], [0, 0, 0, w0, w1]],
    )
    assert conv_matrix(5, 3, stride=2, padding=1) == expected
    assert conv_transpose_matrix(3, 3, stride=2, padding=1) == expected.T


def test_dilated_1d_by_hand():
    w0, w1 = sympy.symbols("w_0 w_1")
    # input 5, kernel 2, dilation 3: extent 4, outputs 2 = 5 - 4 + 1; taps 3 apart
    expected = sympy.Matrix([[w0, 0, 0, w1, 0], [0, w0, 0, 0, w1]])
    assert conv_matrix(5, 2, dilation=3) == expected


def test_symbolic_entries_substitute_to_explicit_entries():
    rng = np.random.default_rng(0)
    values = rng.integers(-5, 6, size=(2, 3))
    symbolic = conv_matrix((4, 5), (2, 3), stride=(1, 2), padding=(1, 0), dilation=(2, 1))
    names = kernel_symbols((2, 3))
    substitution = {names[idx]: int(values[idx]) for idx in np.ndindex(2, 3)}
    explicit = conv_matrix((4, 5), values, stride=(1, 2), padding=(1, 0), dilation=(2, 1))
    assert symbolic.xreplace(substitution) == explicit


def test_rational_and_symbolic_entries_are_kept_exact():
    a = sympy.Symbol("a")
    C = conv_matrix(3, [sympy.Rational(1, 3), a])
    assert sympy.Matrix([[sympy.Rational(1, 3), a, 0], [0, sympy.Rational(1, 3), a]]) == C


def test_same_padding_uses_torch_split():
    # kernel 4, total padding 3 split (1, 2): output length stays 5
    w = np.array([1, 10, 100, 1000])
    x = np.arange(1, 6)
    C = conv_matrix(5, w, padding="same")
    expected = correlate_reference(x, w, (1,), [(1, 2)], (1,))
    assert list(C @ sympy.Matrix(x)) == list(expected)


# --- the transpose identity ------------------------------------------------------------------


def test_sweep_small_configurations_all_pass():
    result = transpose_identity_sweep(max_size=5, max_param=2, ndims=(1, 2))
    assert result.ok, result.failures[:3]
    assert result.failures == []
    # 1-D alone: every (input, kernel, stride, padding, dilation) that fits, each output
    # padding -- counted independently here
    one_d = set()
    for i, k, s, p, d in itertools.product(range(1, 6), range(1, 6), (1, 2), (0, 1, 2), (1, 2)):
        if d * (k - 1) + 1 > i + 2 * p:
            continue
        o = (i + 2 * p - d * (k - 1) - 1) // s + 1
        for a in range(max(s, d)):
            if (o - 1) * s - 2 * p + d * (k - 1) + a + 1 >= 1:
                one_d.add((o, k, s, p, d, a))
    assert transpose_identity_sweep(5, 2, ndims=(1,)).configurations == len(one_d)
    assert result.configurations > len(one_d)
    # output_padding >= stride happens only with dilation > stride: those do not correspond
    non_corresponding = sum(1 for (_, _, s, _, _, a) in one_d if a >= s)
    assert transpose_identity_sweep(5, 2, ndims=(1,)).corresponding == len(one_d) - (
        non_corresponding
    )


def test_identity_check_reports_a_wrong_scatter(monkeypatch):
    # The check is not vacuous: an off-by-one scatter is caught with its first entry.
    def shifted(n_in, n_out, k, s, p, d):
        return [
            (y * s - p + t * d + 1, y, t)
            for y in range(n_in)
            for t in range(k)
            if 0 <= y * s - p + t * d + 1 < n_out
        ]

    monkeypatch.setattr(matrix_module, "_scatter_axis", shifted)
    result = check_transpose_identity((2,), (2,))
    assert not result
    assert result.first_difference == (0, 0, 0, sympy.Symbol("w_0"))
    assert not transpose_identity_sweep(3, 1, ndims=(1,)).ok


def test_identity_with_explicit_kernel_and_d_and_v_odd_case():
    # Dumoulin & Visin figure 4.7: i = 6, k = 3, s = 2, p = 1 -> i' = 3 and a = 1
    result = check_transpose_identity(
        (3, 3), np.arange(9).reshape(3, 3), stride=2, padding=1, output_padding=1
    )
    assert result.equal and result.corresponds
    assert result.output_shape == (6, 6)
    assert result.transpose_shape == (36, 9)


def test_non_corresponding_output_padding_matches_leading_columns():
    # dilation 3 > stride 1 allows output_padding 2: T is 7 x 2 and C (7 -> 4) has 4 rows
    result = check_transpose_identity((2,), (2,), dilation=3, output_padding=2)
    assert not result.corresponds
    assert result.conv_output_shape == (4,)
    T = conv_transpose_matrix((2,), (2,), dilation=3, output_padding=2)
    C = conv_matrix((7,), (2,), dilation=3)
    assert result.equal
    assert T == C[:2, :].T


# --- agreement with independent computations, hypothesis -------------------------------------


#: the library's generator (via hypothesis): a convolution and a transposed convolution of
#: its output with any allowed output padding, up to 3-D, stride and dilation up to 3
PAIRS = matrix_pairs(dims=(1, 2, 3), max_stride=3, max_dilation=3)


@settings(deadline=None, max_examples=60)
@given(PAIRS, st.integers(0, 2**32 - 1))
def test_conv_matrix_times_x_matches_direct_loop(pair, seed):
    case, _ = pair
    i, k, s, p, d = case.size, case.kernel, case.stride, case.padding, case.dilation
    rng = np.random.default_rng(seed)
    w = rng.integers(-4, 5, size=k).astype(object)
    x = rng.integers(-9, 10, size=i).astype(object)
    expected = correlate_reference(x, w, s, [(q, q) for q in p], d)
    C = conv_matrix(i, w, stride=s, padding=p, dilation=d)
    assert C.shape == (expected.size, x.size)
    assert list(C @ sympy.Matrix(x.ravel())) == list(expected.ravel())
    # and the symbolic matrix, with the same numbers substituted
    symbols = kernel_symbols(k)
    values = {symbols[idx]: int(w[idx]) for idx in np.ndindex(*k)}
    symbolic = conv_matrix(i, k, stride=s, padding=p, dilation=d)
    assert symbolic.xreplace(values) == C


@settings(deadline=None, max_examples=60)
@given(PAIRS, st.integers(0, 2**32 - 1))
def test_transpose_matrix_matches_scatter_and_identity(pair, seed):
    _, case = pair
    out, k, a = case.size, case.kernel, case.output_padding
    s, p, d = case.stride, case.padding, case.dilation
    rng = np.random.default_rng(seed)
    w = rng.integers(-4, 5, size=k).astype(object)
    y = rng.integers(-9, 10, size=out).astype(object)
    T = conv_transpose_matrix(out, w, stride=s, padding=p, dilation=d, output_padding=a)
    expected = scatter_reference(y, w, s, p, d, a)
    assert T.shape == (expected.size, y.size)
    assert list(T @ sympy.Matrix(y.ravel())) == list(expected.ravel())
    result = check_transpose_identity(out, k, stride=s, padding=p, dilation=d, output_padding=a)
    assert result.equal
    assert result.corresponds == all(b < t for b, t in zip(a, s))


@settings(deadline=None, max_examples=40)
@given(PAIRS, st.integers(0, 2**32 - 1))
def test_agrees_with_the_numeric_layer(pair, seed):
    # convmath.numeric: conv, conv_transpose and the sparse conv_matrix (float64, exact here:
    # small integers)
    from convmath.numeric.correlation import conv, conv_transpose
    from convmath.numeric.matrix import conv_matrix as sparse_conv_matrix

    case, transposed = pair
    i, k = case.size, case.kernel
    rng = np.random.default_rng(seed)
    w = rng.integers(-4, 5, size=k)
    x = rng.integers(-9, 10, size=i)
    params = dict(stride=case.stride, padding=case.padding, dilation=case.dilation)
    C = as_int_array(conv_matrix(i, w, **params)).astype(float)
    np.testing.assert_array_equal(
        C, sparse_conv_matrix(w[None, None], (1, *i), **params).toarray()
    )
    y = conv(x[None].astype(float), w[None, None].astype(float), **params)[0]
    np.testing.assert_array_equal(C @ x.ravel(), y.ravel())

    a = transposed.output_padding
    yin = rng.integers(-9, 10, size=y.shape)
    T = as_int_array(conv_transpose_matrix(y.shape, w, output_padding=a, **params)).astype(float)
    z = conv_transpose(
        yin[None].astype(float), w[None, None].astype(float), output_padding=a, **params
    )[0]
    np.testing.assert_array_equal(T @ yin.ravel(), z.ravel())


def test_transposed_reference_agrees_with_the_d2l_example():
    # sanity check of the reference itself against the book's numbers
    y = np.array([[27, 37], [57, 67]], dtype=object)
    w = np.array([[1, 2], [3, 4]], dtype=object)
    got = scatter_reference(y, w, (1, 1), (0, 0), (1, 1), (0, 0))
    assert got.tolist() == [[27, 91, 74], [138, 400, 282], [171, 429, 268]]


TORCH_CASES = [
    pytest.param((7,), (3,), 2, 1, 2, 1, id="1d"),
    pytest.param((5, 6), (2, 3), (2, 1), (1, 0), (1, 2), (1, 0), id="2d"),
    pytest.param((4, 3, 5), (2, 2, 3), (1, 2, 2), (0, 1, 1), (2, 1, 1), (1, 1, 0), id="3d"),
]


@pytest.mark.parametrize(("shape", "kshape", "s", "p", "d", "a"), TORCH_CASES)
def test_against_pytorch(shape, kshape, s, p, d, a):
    torch = pytest.importorskip("torch", reason="PyTorch cross-check needs torch installed")
    functional = torch.nn.functional
    ndim = len(shape)
    conv = getattr(functional, f"conv{ndim}d")
    conv_t = getattr(functional, f"conv_transpose{ndim}d")
    rng = np.random.default_rng(1)
    w = rng.integers(-3, 4, size=kshape)
    x = rng.integers(-5, 6, size=shape)
    tw = torch.tensor(w, dtype=torch.float64)[None, None]
    y = conv(
        torch.tensor(x, dtype=torch.float64)[None, None], tw, stride=s, padding=p, dilation=d
    )[0, 0].numpy()
    C = conv_matrix(shape, w, stride=s, padding=p, dilation=d)
    np.testing.assert_array_equal(as_int_array(C).astype(float) @ x.ravel(), y.ravel())

    yin = rng.integers(-5, 6, size=y.shape)
    z = conv_t(
        torch.tensor(yin, dtype=torch.float64)[None, None],
        tw,
        stride=s,
        padding=p,
        output_padding=a,
        dilation=d,
    )[0, 0].numpy()
    T = conv_transpose_matrix(y.shape, w, stride=s, padding=p, dilation=d, output_padding=a)
    np.testing.assert_array_equal(as_int_array(T).astype(float) @ yin.ravel(), z.ravel())


def test_eight_by_eight():
    # its time is measured in benchmarks/bench_symbolic_matrix.py, not asserted here
    C = conv_matrix((8, 8), (3, 3), stride=2)
    # output 3 = floor((8 - 3) / 2) + 1; a = (8 - 3) mod 2 = 1 selects 8 back
    result = check_transpose_identity((3, 3), (3, 3), stride=2, output_padding=1)
    assert C.shape == (9, 64) and result.equal and result.corresponds


# --- bad arguments -----------------------------------------------------------------------------

BAD_ARGUMENTS = [
    pytest.param(dict(stride=0), ConvmathError, "stride must be an int >= 1", id="stride-0"),
    pytest.param(dict(padding=-1), ConvmathError, "padding must be an int >= 0", id="pad-neg"),
    pytest.param(dict(dilation=0), ConvmathError, "dilation must be an int >= 1", id="dil-0"),
    pytest.param(dict(stride=(1, 2, 3)), ConvmathError, "tuple of 2 such ints", id="stride-3"),
    pytest.param(dict(stride=1.5), ConvmathError, "stride must be an int", id="stride-float"),
]


@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_ARGUMENTS)
def test_bad_parameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        conv_matrix((4, 4), (3, 3), **kwargs)
    with pytest.raises(error, match=message):
        conv_transpose_matrix((4, 4), (3, 3), **kwargs)


def test_kernel_larger_than_padded_input():
    with pytest.raises(ShapeError, match="kernel extent 5 .* exceeds the padded input 4"):
        conv_matrix((4, 4), (3, 3), dilation=2)
    # padding makes it fit
    assert conv_matrix((4, 4), (3, 3), dilation=2, padding=1).shape == (4, 16)


def test_output_padding_out_of_range():
    with pytest.raises(ConvmathError, match=r"output_padding must be smaller than max\(stride"):
        conv_transpose_matrix((3,), (3,), stride=2, output_padding=2)
    with pytest.raises(ConvmathError, match="output_padding"):
        check_transpose_identity((3,), (3,), output_padding=1)


def test_non_positive_transposed_size():
    with pytest.raises(ShapeError, match="transposed output size -1 on axis 0 is not positive"):
        conv_transpose_matrix((1,), (1,), padding=1)


@pytest.mark.parametrize(
    ("kernel", "message"),
    [
        pytest.param((3,), "kernel must have 2 axes like input_shape", id="ndim"),
        pytest.param([[1, 2], [3]], "kernel entries must form a regular array", id="ragged"),
        pytest.param([["a", 1]], "kernel entries must be numbers or SymPy expressions", id="str"),
        pytest.param([[True, 1]], "kernel entries must be numbers", id="bool-entry"),
        pytest.param("3x3", "kernel must be a shape tuple of ints", id="string"),
        pytest.param((3, 0), "kernel must be a tuple of positive ints", id="zero"),
        pytest.param(np.zeros((0, 2)), "at least one entry on each axis", id="empty"),
        pytest.param(True, "kernel must be a shape tuple", id="bool"),
    ],
)
def test_bad_kernels(kernel, message):
    with pytest.raises(ConvmathError, match=message):
        conv_matrix((4, 4), kernel)


def test_bad_input_shape():
    with pytest.raises(ShapeError, match="input_shape must be a tuple of positive ints"):
        conv_matrix((4, 0), (1, 1))


def test_absurd_sizes_are_refused_before_allocating():
    # 10**12 entries: refused by arithmetic alone, instantly
    with pytest.raises(ShapeError, match=f"limited to {MAX_SYMBOLIC_ENTRIES}"):
        conv_matrix((1000, 1000), (1, 1))
    with pytest.raises(ShapeError, match=r"conv_transpose_matrix \(1000000 x 1000000\)"):
        conv_transpose_matrix((1000, 1000), (1, 1))
    with pytest.raises(ShapeError, match="kernel would have 1000000 entries"):
        kernel_symbols((1000, 1000))
    # exactly at the limit is still built: 500 x 500 = 250000 entries
    assert math.prod(conv_matrix((1, 500), (1, 1)).shape) == MAX_SYMBOLIC_ENTRIES

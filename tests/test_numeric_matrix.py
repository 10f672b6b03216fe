"""conv_matrix: the d2l matrix, C @ x == conv, C.T @ y == conv_transpose, structure, errors.

The matrix is checked two ways (STYLE: PyLops' todense): against the dense matrix obtained by
applying ``conv`` to every unit vector, and against the operators it claims to represent.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import arrays_for, configs, leading_rows, transposed_configs
from scipy import sparse

from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.matrix import conv_matrix
from convmath.numeric.reference import conv_reference

# The article's / d2l's matrix for input 3x3 and kernel [[1, 2], [3, 4]], typed from the text
D2L_C = np.array(
    [
        [1, 2, 0, 3, 4, 0, 0, 0, 0],
        [0, 1, 2, 0, 3, 4, 0, 0, 0],
        [0, 0, 0, 1, 2, 0, 3, 4, 0],
        [0, 0, 0, 0, 1, 2, 0, 3, 4],
    ]
)


def _probe(cfg, w):
    """Dense matrix of ``conv`` by applying it to each unit vector (for tests only)."""
    shape = (cfg.c_in, *cfg.size)
    eye = np.eye(int(np.prod(shape))).reshape(-1, *shape)
    return conv(eye, w, **cfg.kwargs()).reshape(eye.shape[0], -1).T


def test_d2l_matrix():
    C = conv_matrix(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), (1, 3, 3))
    assert isinstance(C, sparse.csr_array)
    assert not isinstance(C, sparse.csr_matrix)
    np.testing.assert_array_equal(C.toarray(), D2L_C)
    np.testing.assert_array_equal(C.toarray()[0], [1, 2, 0, 3, 4, 0, 0, 0, 0])
    # Y' = C X' gives the d2l numbers, and X' = C^T Y' the transposed convolution
    np.testing.assert_array_equal(C @ np.arange(9.0), [27, 37, 57, 67])
    np.testing.assert_array_equal(
        C.T @ np.array([27.0, 37.0, 57.0, 67.0]), [27, 91, 74, 138, 400, 282, 171, 429, 268]
    )


def test_structure_of_a_padded_strided_matrix():
    C = conv_matrix(np.ones((2, 3, 3, 3)), (3, 5, 5), stride=2, padding=1)
    assert C.shape == (2 * 3 * 3, 3 * 5 * 5)
    assert C.indices.dtype == np.int32 and C.indptr.dtype == np.int32
    # corner output sees 2x2 real pixels per channel, edges 2x3, centre 3x3
    per_row = np.diff(C.indptr).reshape(2, 3, 3)
    np.testing.assert_array_equal(per_row[0], 3 * np.array([[4, 6, 4], [6, 9, 6], [4, 6, 4]]))
    sorted_copy = C.copy()
    sorted_copy.has_sorted_indices = False
    sorted_copy.sort_indices()
    np.testing.assert_array_equal(sorted_copy.indices, C.indices)  # rows came out sorted
    assert C.has_canonical_format


def test_zero_weights_stay_structural():
    C = conv_matrix(np.zeros((1, 1, 3)), (1, 5))
    assert C.nnz == 9  # 3 outputs x 3 taps, sparsity from the shapes only
    assert not C.toarray().any()


@settings(deadline=None, max_examples=50)
@given(cfg=configs(modes=("zeros", "circular", "reflect", "replicate")), seed=st.integers(0, 999))
def test_matrix_is_the_convolution(cfg, seed):
    x, w = arrays_for(seed, (cfg.c_in, *cfg.size), cfg.w_shape)
    C = conv_matrix(w, x.shape, **cfg.kwargs())
    reference = conv_reference(x, w, **cfg.kwargs())  # counts its windows one by one
    assert C.shape == (reference.size, x.size)
    np.testing.assert_allclose(C @ x.ravel(), conv(x, w, **cfg.kwargs()).ravel(), atol=1e-12)
    np.testing.assert_allclose(C @ x.ravel(), reference.ravel(), atol=1e-12)
    np.testing.assert_allclose(C.toarray(), _probe(cfg, w), atol=1e-13)


@settings(deadline=None, max_examples=50)
@given(cfg=configs(strings=False), seed=st.integers(0, 999))
def test_transpose_is_the_transposed_convolution(cfg, seed):
    y, w = arrays_for(seed, (cfg.c_out, *cfg.out_size), cfg.w_shape)
    C = conv_matrix(w, (cfg.c_in, *cfg.size), **cfg.kwargs())
    got = conv_transpose(y, w, **cfg.transpose_kwargs())
    assert got.shape == (cfg.c_in, *cfg.size)
    np.testing.assert_allclose(got.ravel(), C.T @ y.ravel(), atol=1e-12)


@settings(deadline=None, max_examples=50)
@given(cfg=transposed_configs(), seed=st.integers(0, 999))
def test_transpose_identity_for_any_output_padding(cfg, seed):
    """With ``output_padding >= stride`` (dilation larger) C has extra rows: drop them."""
    (w,) = arrays_for(seed, (cfg.c_in, cfg.per_group, *cfg.kernel))
    (y,) = arrays_for(seed + 1, (cfg.c_in, *cfg.size))
    kwargs = dict(stride=cfg.stride, padding=cfg.padding, dilation=cfg.dilation)
    x = conv_transpose(y, w, output_padding=cfg.output_padding, groups=cfg.groups, **kwargs)
    C = conv_matrix(w, x.shape, groups=cfg.groups, **kwargs)
    full = conv(x, w, groups=cfg.groups, **kwargs).shape[1:]
    rows = leading_rows(cfg.c_in, full, cfg.size)
    np.testing.assert_allclose(x.ravel(), C[rows].T @ y.ravel(), atol=1e-12)
    if all(a < s for a, s in zip(cfg.output_padding, cfg.stride)):
        assert full == cfg.size


@settings(deadline=None, max_examples=40)
@given(
    d=st.integers(1, 3),
    data=st.data(),
    seed=st.integers(0, 999),
)
def test_circular_padding_gives_a_block_circulant_matrix(d, data, seed):
    """Stride 1, 'same' circular padding: rolling the input rolls the output, exactly."""
    size = tuple(data.draw(st.integers(2, 5 if d < 3 else 3)) for _ in range(d))
    kernel = tuple(data.draw(st.integers(1, n)) for n in size)
    dilation = tuple(
        data.draw(st.integers(1, 2)) if k == 1 or 2 * (k - 1) < n else 1
        for k, n in zip(kernel, size)
    )
    channels = data.draw(st.integers(1, 2))
    x, w = arrays_for(seed, (channels, *size), (2, channels, *kernel))
    shift = tuple(data.draw(st.integers(-n, n)) for n in size)
    axes = tuple(range(1, d + 1))
    kwargs = dict(padding="same", padding_mode="circular", dilation=dilation)
    y = conv(x, w, **kwargs)
    np.testing.assert_array_equal(
        conv(np.roll(x, shift, axes), w, **kwargs), np.roll(y, shift, axes)
    )
    # the matrix commutes with the translation P: P C == C P, entry by entry
    C = conv_matrix(w, x.shape, **kwargs).toarray()
    cols = np.roll(np.arange(x.size).reshape(x.shape), shift, axes).ravel()
    rows = np.roll(np.arange(y.size).reshape(y.shape), shift, axes).ravel()
    np.testing.assert_array_equal(C[np.ix_(rows, cols)], C)


def test_reflect_matrix_sums_folded_taps():
    # input 3, kernel 3, padding 1, reflect: row 0 reads pixels (1, 0, 1)
    C = conv_matrix(np.array([[[1.0, 10.0, 100.0]]]), (1, 3), padding=1, padding_mode="reflect")
    np.testing.assert_array_equal(C.toarray(), [[10, 101, 0], [1, 10, 100], [0, 101, 10]])
    assert C.has_canonical_format


def test_bad_arguments():
    w = np.ones((2, 1, 3, 3))
    with pytest.raises(ShapeError, match=r"input_shape must be \(C_in, \*S\) with 2 spatial"):
        conv_matrix(w, (5, 5))
    with pytest.raises(ShapeError, match=r"input_shape has 2 channels but w"):
        conv_matrix(w, (2, 5, 5))
    with pytest.raises(ConvmathError, match=r"groups=2 must divide the input channels 3"):
        conv_matrix(w, (3, 5, 5), groups=2)
    with pytest.raises(ConvmathError, match=r"stride must be an int >= 1"):
        conv_matrix(w, (1, 5, 5), stride=0)
    with pytest.raises(ShapeError, match=r"kernel extent 5 .* exceeds"):
        conv_matrix(w, (1, 4, 4), dilation=2)
    with pytest.raises(ConvmathError, match=r"padding_mode must be one of"):
        conv_matrix(w, (1, 5, 5), padding_mode="wrap")
    with pytest.raises(ShapeError, match=r"too large for padding_mode='reflect'"):
        conv_matrix(w, (1, 2, 2), padding=2, padding_mode="reflect")


def test_absurd_nonzero_count_refused_before_allocating():
    with pytest.raises(ShapeError, match=r"conv_matrix non-zeros would have \d+ elements"):
        conv_matrix(np.ones((1, 1, 3, 3)), (1, 100_000, 100_000))

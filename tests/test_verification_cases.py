"""The configuration generators (convmath.verification.cases, .draws) on both sources.

Every case must be valid -- checked by running the naive reference loops (which count their
own windows and scatter positions) and by limits typed from PyTorch's documentation -- and
the generators must reach the corners the tests rely on (stride larger than the kernel,
output padding at its maximum, groups, 3-D, the padding words), from a seeded NumPy
generator as from hypothesis.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numeric_configs import (
    configs,
    matrix_pairs,
    padding_configs,
    pool_configs,
    scatter_length,
    transposed_configs,
    window_count,
)

from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.padding import PADDING_MODES, pad
from convmath.numeric.reference import (
    conv_reference,
    conv_transpose_reference,
    max_pool_reference,
)
from convmath.verification import cases
from convmath.verification.draws import NumpyDraw, draw_many

ALL_MODES = ("zeros", "circular", "reflect", "replicate")


def assert_valid_conv(case):
    x, w = np.zeros(case.x_shape), np.zeros(case.w_shape)
    expected = conv_reference(x, w, **case.kwargs()).shape
    assert conv(x, w, **case.kwargs()).shape == expected
    if not isinstance(case.padding, str) and case.padding_mode == "reflect":
        assert all(p < n for p, n in zip(case.padding, case.size))  # torch: reflect < n
    if not isinstance(case.padding, str) and case.padding_mode == "circular":
        assert all(p <= n for p, n in zip(case.padding, case.size))


def assert_valid_transposed(case):
    for i, k, s, p, d, a in zip(
        case.size, case.kernel, case.stride, case.padding, case.dilation, case.output_padding
    ):
        assert 0 <= a < max(s, d)  # PyTorch: output_padding < max(stride, dilation)
        assert (i - 1) * s - 2 * p + d * (k - 1) + a + 1 >= 1  # PyTorch's H_out, typed
    y, w = np.zeros(case.y_shape), np.zeros(case.w_shape)
    expected = conv_transpose_reference(y, w, **case.kwargs()).shape
    assert conv_transpose(y, w, **case.kwargs()).shape == expected


def assert_valid_circular(case):
    out = conv(np.zeros(case.x_shape), np.zeros(case.w_shape), **case.kwargs()).shape
    assert case.size == tuple(s * o for s, o in zip(case.stride, out[-case.ndim :]))


def assert_valid_pool(case):
    assert all(p <= k // 2 for p, k in zip(case.padding, case.kernel))  # torch's limit
    kwargs = case.kwargs()
    max_pool_reference(np.zeros(case.x_shape), case.kernel, **kwargs)  # every window: a sample


def assert_valid_padding(case):
    limit = {"reflect": lambda n: n - 1, "circular": lambda n: n}.get(case.mode)
    for n, pair in zip(case.size, case.pairs):
        assert limit is None or max(pair) <= limit(n)
    padded = pad(np.zeros((1, *case.size)), case.pairs, mode=case.mode)
    assert padded.shape[1:] == tuple(n + lo + hi for n, (lo, hi) in zip(case.size, case.pairs))


# -- seeded NumPy generator ---------------------------------------------------------------


@settings(deadline=None, max_examples=25)
@given(seed=st.integers(0, 2**32 - 1))
def test_seeded_cases_are_valid(seed):
    rng = np.random.default_rng(seed)
    for case in cases.conv_cases(rng, 10, modes=ALL_MODES):
        assert_valid_conv(case)
    for case in cases.transposed_cases(rng, 10):
        assert_valid_transposed(case)
    for case in cases.circular_cases(rng, 10):
        assert_valid_circular(case)
    for case in cases.pool_cases(rng, 10):
        assert_valid_pool(case)
    for mode in PADDING_MODES:
        assert_valid_padding(cases.draw_padding_case(NumpyDraw(rng), mode=mode))


def test_same_seed_same_cases():
    first = cases.conv_cases(np.random.default_rng(3), 30, modes=ALL_MODES)
    again = draw_many(cases.draw_conv_case, np.random.default_rng(3), 30, modes=ALL_MODES)
    assert first == again
    assert first != cases.conv_cases(np.random.default_rng(4), 30, modes=ALL_MODES)


def test_numpy_draw_is_the_generators_integers():
    # the stream convmath verify has always used: rng.integers(low, high + 1)
    source, rng = NumpyDraw(np.random.default_rng(9)), np.random.default_rng(9)
    for low, high in [(0, 9), (1, 3), (2, 2), (-4, 4)] * 5:
        assert source.integer(low, high) == int(rng.integers(low, high + 1))
    assert source.choice(("a", "b", "c")) == ("a", "b", "c")[int(rng.integers(0, 3))]


def test_the_generators_reach_the_corners():
    rng = np.random.default_rng(0)
    convs = cases.conv_cases(rng, 400, modes=ALL_MODES)
    transposed = cases.transposed_cases(rng, 400)
    pools = cases.pool_cases(rng, 400)
    assert {case.ndim for case in convs} == {1, 2, 3}
    assert {case.padding_mode for case in convs} == set(ALL_MODES)
    assert {"same", "valid"} <= {case.padding for case in convs if isinstance(case.padding, str)}
    assert {case.groups for case in convs} == {1, 2}
    assert any(s > k for case in convs for s, k in zip(case.stride, case.kernel))
    assert any(d > 1 for case in convs for d in case.dilation)
    at_maximum = [
        a == max(s, d) - 1 and a > 0
        for case in transposed
        for a, s, d in zip(case.output_padding, case.stride, case.dilation)
    ]
    assert any(at_maximum)
    assert any(  # output padding >= stride, allowed when the dilation is larger
        a >= s for case in transposed for a, s in zip(case.output_padding, case.stride)
    )
    assert any(p > 0 for case in pools for p in case.padding)
    assert any(case.ties for case in pools) and any(not case.ties for case in pools)


def test_matrix_pair_transposes_the_convolution_output():
    rng = np.random.default_rng(1)
    for conv_case, transposed in draw_many(cases.draw_matrix_pair, rng, 50):
        args = zip(conv_case.size, conv_case.kernel, conv_case.stride, conv_case.padding)
        out = tuple(
            window_count(i, k, s, p, d) for (i, k, s, p), d in zip(args, conv_case.dilation)
        )
        assert transposed.size == out
        assert_valid_transposed(transposed)


def test_output_padding_of_a_conv_case_gives_its_size_back():
    for case in cases.conv_cases(np.random.default_rng(2), 60, strings=False):
        per_axis = zip(
            case.out_size,
            case.kernel,
            case.stride,
            case.padding,
            case.dilation,
            case.output_padding,
        )
        assert tuple(scatter_length(*axis) for axis in per_axis) == case.size
    with pytest.raises(ValueError, match="needs integer padding"):
        _ = cases.ConvCase(size=(4,), kernel=(3,), padding="same").output_padding


# -- hypothesis ---------------------------------------------------------------------------


@settings(deadline=None, max_examples=60)
@given(case=configs(modes=ALL_MODES))
def test_hypothesis_conv_cases_are_valid(case):
    assert_valid_conv(case)


@settings(deadline=None, max_examples=60)
@given(case=transposed_configs())
def test_hypothesis_transposed_cases_are_valid(case):
    assert_valid_transposed(case)


@settings(deadline=None, max_examples=60)
@given(case=pool_configs())
def test_hypothesis_pool_cases_are_valid(case):
    assert_valid_pool(case)


@settings(deadline=None, max_examples=40)
@given(mode=st.sampled_from(PADDING_MODES), data=st.data())
def test_hypothesis_padding_cases_are_valid(mode, data):
    assert_valid_padding(data.draw(padding_configs(mode=mode)))


@settings(deadline=None, max_examples=40)
@given(pair=matrix_pairs(dims=(1, 2, 3), max_stride=3, max_dilation=3))
def test_hypothesis_matrix_pairs_are_valid(pair):
    conv_case, transposed = pair
    assert_valid_conv(conv_case)
    assert_valid_transposed(transposed)

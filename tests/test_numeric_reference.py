"""The naive references themselves: hand-computed values, scipy, and their size guard."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from convmath.errors import ShapeError
from convmath.numeric.reference import (
    MAX_OPERATIONS,
    conv_reference,
    conv_transpose_reference,
    max_pool_reference,
)


def test_gather_loop_hand_values():
    # d2l corr2d: X = 0..8, K = [[0, 1], [2, 3]] -> [[19, 25], [37, 43]]
    x = np.arange(9).reshape(1, 3, 3)
    np.testing.assert_array_equal(conv_reference(x, [[[[0, 1], [2, 3]]]]), [[[19, 25], [37, 43]]])


def test_gather_loop_against_scipy_correlate():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((5, 6)), rng.standard_normal((2, 3))
    np.testing.assert_allclose(
        conv_reference(x[None], w[None, None])[0], signal.correlate(x, w, mode="valid")
    )


def test_padding_modes_by_hand():
    x = [[1.0, 2.0, 3.0]]
    w = [[[1.0, 0.0, 0.0]]]  # picks the left neighbour: shows the padded sample
    assert conv_reference(x, w, padding=1, padding_mode="zeros")[0, 0] == 0.0
    assert conv_reference(x, w, padding=1, padding_mode="circular")[0, 0] == 3.0
    assert conv_reference(x, w, padding=1, padding_mode="reflect")[0, 0] == 2.0
    assert conv_reference(x, w, padding=1, padding_mode="replicate")[0, 0] == 1.0


def test_scatter_loop_hand_values():
    # each input spreads w over stride-2 positions; padding 1 crops one sample each side
    got = conv_transpose_reference([[1.0, 10.0]], [[[1.0, 2.0, 3.0]]], stride=2, padding=1)
    np.testing.assert_array_equal(got, [[2.0, 13.0, 20.0]])
    extra = conv_transpose_reference(
        [[1.0, 10.0]], [[[1.0, 2.0, 3.0]]], stride=2, output_padding=1
    )
    np.testing.assert_array_equal(extra, [[1.0, 2.0, 13.0, 20.0, 30.0, 0.0]])


def test_grouped_scatter_keeps_groups_apart():
    y = np.array([[1.0], [10.0]])  # two channels, one sample each
    w = np.array([[[1.0]], [[2.0]]])  # groups=2: channel c -> output channel c
    np.testing.assert_array_equal(conv_transpose_reference(y, w, groups=2), [[1.0], [20.0]])


def test_max_pool_loop_conventions():
    values, idx = max_pool_reference([[[1.0, np.nan, 2.0, np.nan]]], (4,))
    assert np.isnan(values[0, 0, 0]) and idx[0, 0, 0] == 3


def test_budget():
    with pytest.raises(ShapeError, match=rf"refuses more than {MAX_OPERATIONS}"):
        conv_reference(np.zeros((1, 5000)), np.zeros((1, 1, 2500)))

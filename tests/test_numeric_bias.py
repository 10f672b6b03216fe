"""bias= on conv / conv_transpose and conv_transpose(output_size=) against torch float64."""

from __future__ import annotations

import numpy as np
import pytest

from convmath.errors import ConvmathError
from convmath.numeric.correlation import conv, conv_transpose

torch = pytest.importorskip("torch")
F = torch.nn.functional
CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONV_T = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


@pytest.mark.parametrize("seed", range(30))
def test_conv_bias_matches_torch(seed):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 4))
    g = int(rng.integers(1, 3))
    c_in, c_out = g * int(rng.integers(1, 3)), g * int(rng.integers(1, 3))
    k = tuple(int(v) for v in rng.integers(1, 4, d))
    s = tuple(kk + int(rng.integers(0, 3)) for kk in k)  # spatial >= kernel (edge: equal)
    x = rng.standard_normal((2, c_in, *s))
    w = rng.standard_normal((c_out, c_in // g, *k))
    b = rng.standard_normal(c_out)
    want = CONV[d](_t(x), _t(w), _t(b), groups=g)
    got1 = conv(x, w, bias=b, groups=g)
    np.testing.assert_allclose(got1, want.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(30))
def test_conv_transpose_bias_and_output_size_match_torch(seed):
    rng = np.random.default_rng(100 + seed)
    d = int(rng.integers(1, 4))
    g = int(rng.integers(1, 3))
    c_in, c_out = g * int(rng.integers(1, 3)), g * int(rng.integers(1, 3))
    k = tuple(int(v) for v in rng.integers(1, 4, d))
    stride = tuple(int(v) for v in rng.integers(1, 4, d))
    y = rng.standard_normal((2, c_in, *(int(v) for v in rng.integers(1, 4, d))))
    # padding 1 only where the smallest output stays positive (torch refuses sizes < 1)
    pad = tuple(
        int(p) if (i - 1) * s - 2 * int(p) + kk >= 1 else 0
        for p, i, s, kk in zip(rng.integers(0, 2, d), y.shape[2:], stride, k)
    )
    layer = CONV_T[d](c_in, c_out, k, stride=stride, padding=pad, groups=g).double()
    smallest = [(i - 1) * s - 2 * p + kk for i, s, p, kk in zip(y.shape[2:], stride, pad, k)]
    size = [m + int(rng.integers(0, s)) for m, s in zip(smallest, stride)]
    assert min(size) >= 1
    with torch.no_grad():
        want = layer(_t(y), output_size=size).numpy()
    w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    got = conv_transpose(y, w, stride=stride, padding=pad, groups=g, bias=b, output_size=size)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    full = conv_transpose(
        y, w, stride=stride, padding=pad, groups=g, bias=b, output_size=want.shape
    )
    np.testing.assert_allclose(full, want, rtol=1e-12, atol=1e-12)


def test_unreachable_output_size_is_a_value_error_naming_the_range():
    layer = torch.nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1).double()
    y = np.ones((1, 1, 3))
    with pytest.raises(ValueError):
        layer(_t(y), output_size=[7])
    with pytest.raises(ConvmathError, match=r"output_size.*\(5,\) to \(6,\)") as err:
        conv_transpose(y, layer.weight.detach().numpy(), stride=2, padding=1, output_size=(7,))
    assert isinstance(err.value, ValueError)


def test_bias_of_wrong_shape_is_refused():
    with pytest.raises(ConvmathError, match="bias"):
        conv(np.ones((1, 4)), np.ones((2, 1, 2)), bias=np.ones(3))

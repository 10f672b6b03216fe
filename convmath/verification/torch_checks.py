"""Cross-checks against PyTorch (float64, CPU) in 1-D, 2-D and 3-D: the optional part.

* :func:`check_torch_conv` -- ``conv`` (both methods) and ``conv_matrix @ x`` against
  ``torch.nn.functional.conv{d}d`` for zero padding (ints, "valid", "same") and against
  ``torch.nn.Conv{d}d(padding_mode=...)`` for circular, reflect and replicate padding;
* :func:`check_torch_conv_transpose` -- ``conv_transpose`` against
  ``torch.nn.functional.conv_transpose{d}d``, output padding included;
* :func:`check_torch_pooling` -- ``max_pool`` values and indices against
  ``max_pool{d}d(return_indices=True)``, ``S^T g`` against autograd's gradient, and
  ``avg_pool`` (both ``count_include_pad``) against ``avg_pool{d}d``;
* :func:`check_torch_padding` -- ``pad`` and ``pad_matrix`` against
  ``torch.nn.functional.pad`` for every mode.

torch is imported inside the checks: importing this module never needs it.
:func:`torch_available` says whether it can be imported.
"""

from __future__ import annotations

import importlib.util
import warnings

import numpy as np

from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.matrix import conv_matrix
from convmath.numeric.padding import PADDING_MODES, pad, pad_matrix
from convmath.numeric.pooling import avg_pool, max_pool, max_pool_selection_matrix
from convmath.verification.cases import (
    conv_cases,
    draw_padding_case,
    pool_cases,
    transposed_cases,
)
from convmath.verification.draws import NumpyDraw
from convmath.verification.results import Tally

__all__ = [
    "TOLERANCE",
    "torch_available",
    "check_torch_conv",
    "check_torch_conv_transpose",
    "check_torch_pooling",
    "check_torch_padding",
]

#: Largest error allowed between convmath and torch at float64.
TOLERANCE = 1e-10

_MODES = ("zeros", "zeros", "circular", "reflect", "replicate")


def torch_available() -> bool:
    """Whether ``import torch`` would find a module (without importing it).

    Examples
    --------
    >>> torch_available() in (True, False)
    True
    """
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):  # a broken or stubbed-out entry in sys.modules
        return False


def _torch():
    import torch

    return torch


def _t(a: np.ndarray):
    return _torch().from_numpy(np.ascontiguousarray(a, dtype=np.float64))


def check_torch_conv(rng: np.random.Generator, quick: bool) -> Tally:
    """``conv`` (direct and fft) and ``C @ x`` against torch's convolution."""
    torch = _torch()
    functional = torch.nn.functional
    tally = Tally(TOLERANCE)
    for case in conv_cases(rng, 12 if quick else 60, modes=_MODES):
        x = rng.standard_normal(case.x_shape)
        w = rng.standard_normal(case.w_shape)
        label = case.label()
        with tally.case(label):
            d = case.ndim
            if case.padding_mode == "zeros":
                op = getattr(functional, f"conv{d}d")
                with warnings.catch_warnings():  # torch warns about copies for even "same"
                    warnings.simplefilter("ignore", UserWarning)
                    expected = op(
                        _t(x),
                        _t(w),
                        stride=case.stride,
                        padding=case.padding,
                        dilation=case.dilation,
                        groups=case.groups,
                    ).numpy()
            else:
                layer = getattr(torch.nn, f"Conv{d}d")(
                    case.c_in,
                    case.c_out,
                    case.kernel,
                    stride=case.stride,
                    padding=case.padding,
                    dilation=case.dilation,
                    groups=case.groups,
                    bias=False,
                    padding_mode=case.padding_mode,
                    dtype=torch.float64,
                )
                with torch.no_grad():
                    layer.weight.copy_(_t(w))
                    expected = layer(_t(x)).numpy()
            tally.compare(conv(x, w, **case.kwargs()), expected, f"conv, {label}")
            fft = conv(x, w, method="fft", **case.kwargs())
            tally.compare(fft, expected, f"conv(method='fft'), {label}")
            matrix = conv_matrix(w, (case.c_in, *case.size), **case.kwargs())
            planes = x if case.batch is not None else x[None]
            via_matrix = np.stack([matrix @ xi.ravel() for xi in planes])
            flat = expected.reshape(planes.shape[0], -1)
            tally.compare(via_matrix, flat, f"C @ x, {label}")
    return tally


def check_torch_conv_transpose(rng: np.random.Generator, quick: bool) -> Tally:
    """``conv_transpose`` against ``torch.nn.functional.conv_transpose{d}d``."""
    functional = _torch().nn.functional
    tally = Tally(TOLERANCE)
    for case in transposed_cases(rng, 12 if quick else 60):
        y = rng.standard_normal(case.y_shape)
        w = rng.standard_normal(case.w_shape)
        label = case.label()
        with tally.case(label):
            op = getattr(functional, f"conv_transpose{case.ndim}d")
            expected = op(_t(y), _t(w), **case.kwargs()).numpy()
            tally.compare(conv_transpose(y, w, **case.kwargs()), expected, label)
    return tally


def check_torch_pooling(rng: np.random.Generator, quick: bool) -> Tally:
    """Max pooling (values, indices, gradient via ``S^T``) and average pooling vs torch."""
    torch = _torch()
    functional = torch.nn.functional
    tally = Tally(TOLERANCE)
    for case in pool_cases(rng, 12 if quick else 60):
        if case.ties:
            x = rng.integers(-2, 3, size=case.x_shape).astype(float)
        else:
            x = rng.standard_normal(case.x_shape)
        d = case.ndim
        params = case.kwargs(dilation=False)
        label = case.label()
        with tally.case(label):
            xt = _t(x).requires_grad_()
            values, indices = getattr(functional, f"max_pool{d}d")(
                xt, case.kernel, return_indices=True, **case.kwargs()
            )
            got, index = max_pool(x, case.kernel, return_indices=True, **case.kwargs())
            tally.compare(got, values.detach().numpy(), f"max_pool values, {label}")
            tally.compare(index, indices.numpy(), f"max_pool indices, {label}")
            g = rng.standard_normal(tuple(values.shape))
            values.backward(_t(g))
            selection = max_pool_selection_matrix(x, case.kernel, **case.kwargs())
            routed = selection.T @ g.ravel()
            tally.compare(routed, xt.grad.numpy().ravel(), f"S^T g vs autograd, {label}")
            include = bool(rng.integers(2))
            if d == 3 and any(n < k for n, k in zip(case.size, case.kernel)):
                continue  # avg_pool3d refuses an input smaller than the kernel before padding
            expected = getattr(functional, f"avg_pool{d}d")(
                _t(x), case.kernel, count_include_pad=include, **params
            ).numpy()
            got = avg_pool(x, case.kernel, count_include_pad=include, **params)
            tally.compare(got, expected, f"avg_pool, {label}")
    return tally


def check_torch_padding(rng: np.random.Generator, quick: bool) -> Tally:
    """``pad`` and ``pad_matrix`` against ``torch.nn.functional.pad`` in every mode."""
    functional = _torch().nn.functional
    tally = Tally(exact=True)
    torch_mode = {"zeros": "constant", "circular": "circular", "reflect": "reflect"}
    source = NumpyDraw(rng)
    for index in range(12 if quick else 48):
        mode = PADDING_MODES[index % len(PADDING_MODES)]
        case = draw_padding_case(source, mode=mode)
        size, pairs = case.size, case.pairs
        x = rng.standard_normal((2, 2, *size))
        label = case.label()
        with tally.case(label):
            flat = tuple(v for pair in reversed(pairs) for v in pair)  # torch: last axis first
            expected = functional.pad(_t(x), flat, mode=torch_mode.get(mode, mode)).numpy()
            tally.exact(pad(x, pairs, mode=mode), expected, f"pad, {label}")
            matrix = pad_matrix(size, pairs, mode=mode)
            via_matrix = np.stack([matrix @ xi.ravel() for xi in x.reshape(4, -1)])
            tally.exact(via_matrix, expected.reshape(4, -1), f"pad_matrix, {label}")
    return tally

"""Hand-written convolutions and pools, each correct or with ONE realistic bug (issue 14).

Written from the definitions with loops, independent of convmath.numeric. ``bug=None`` is
the correct implementation; :data:`BUGS` lists the buggy variants.
"""

from __future__ import annotations

import functools
import math

import numpy as np


def _pair(v, d=2):
    return tuple(v) if isinstance(v, tuple) else (v,) * d


def conv2d(x, w, stride=1, padding=0, dilation=1, groups=1, *, bug=None):
    """Naive loops over output pixels; groups as blocks of channels."""
    s, p, dl = _pair(stride), _pair(padding), _pair(dilation)
    if bug == "dilation_ignored":
        dl = (1, 1)
    if bug == "flipped":
        w = w[:, :, ::-1, ::-1]
    n, c, h, wd = x.shape
    co, cg, kh, kw = w.shape
    xp = np.zeros((n, c, h + 2 * p[0], wd + 2 * p[1]))
    if bug == "pad_one_side":
        xp[:, :, :h, :wd] = x
    else:
        xp[:, :, p[0] : p[0] + h, p[1] : p[1] + wd] = x
    rnd = math.ceil if bug == "ceil" else math.floor
    oh = rnd((xp.shape[2] - dl[0] * (kh - 1) - 1) / s[0]) + 1
    ow = rnd((xp.shape[3] - dl[1] * (kw - 1) - 1) / s[1]) + 1
    s_w = s[0] if bug == "hw_swapped" else s[1]  # the height's stride used on the width
    if bug == "hw_swapped":
        ow = (xp.shape[3] - dl[1] * (kw - 1) - 1) // s_w + 1
    xp = np.pad(xp, ((0, 0), (0, 0), (0, 3 * s[0] + kh * dl[0]), (0, 3 * s_w + kw * dl[1])))
    out = np.zeros((n, co, oh, ow))
    per = co // groups
    for o in range(co):
        g = (o % groups) if bug == "groups_wrong_axis" else o // per
        for i in range(oh):
            for j in range(ow):
                r, q = i * s[0], j * s_w
                rows = slice(r, r + dl[0] * (kh - 1) + 1, dl[0])
                cols = slice(q, q + dl[1] * (kw - 1) + 1, dl[1])
                patch = xp[:, g * cg : (g + 1) * cg, rows, cols]
                out[:, o, i, j] = (patch * w[o]).sum(axis=(1, 2, 3))
    return out


def conv1d_im2col(x, w, stride=1, padding=0, dilation=1, groups=1):
    """im2col: columns of dilated windows, one matrix product per group."""
    n, c, length = x.shape
    co, cg, k = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    o = (length + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    idx = np.arange(o)[:, None] * stride + np.arange(k)[None, :] * dilation
    cols = xp[:, :, idx]  # (n, c, o, k)
    per = co // groups
    out = [
        np.einsum(
            "nco k,dck->ndo".replace(" ", ""),
            cols[:, g * cg : (g + 1) * cg],
            w[g * per : (g + 1) * per],
        )
        for g in range(groups)
    ]
    return np.concatenate(out, axis=1)


def conv_transpose1d(
    x, w, stride=1, padding=0, output_padding=0, dilation=1, groups=1, *, bug=None
):
    """Scatter: each input sample times the kernel, added into the output, then cropped."""
    n, ci, length = x.shape
    _, cg, k = w.shape
    step = stride if bug == "stride_as_dilation" else dilation
    full = (length - 1) * stride + dilation * (k - 1) + 1 + output_padding
    if bug == "stride_as_dilation":
        full = (length - 1) * stride + step * (k - 1) + 1 + output_padding
    buf = np.zeros((n, cg * groups, full + 2 * padding + k * step))
    per = ci // groups
    for c in range(ci):
        g = c // per
        for i in range(length):
            for t in range(k):
                buf[:, g * cg : (g + 1) * cg, i * stride + t * step] += (
                    x[:, c, i][:, None] * w[c, :, t][None, :]
                )
    size = full - 2 * padding
    start = padding
    if bug == "output_padding_low":
        start = padding - output_padding if padding >= output_padding else 0
        return (
            np.concatenate(
                [
                    np.zeros((n, cg * groups, output_padding)),
                    buf[:, :, padding : padding + size - output_padding],
                ],
                axis=2,
            )
            if output_padding
            else buf[:, :, padding : padding + size]
        )
    if bug == "crop_one_side":
        start = 2 * padding
    return buf[:, :, start : start + size]


def max_pool2d(x, kernel_size, stride=None, padding=0, *, bug=None):
    """Loops over windows; padding is -inf so it never wins."""
    k = _pair(kernel_size)
    s = _pair(stride if stride is not None else kernel_size)
    p = _pair(padding)
    fill = 0.0 if bug == "zero_padding" else -np.inf
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])), constant_values=fill)
    oh = (xp.shape[2] - k[0]) // s[0] + 1
    ow = (xp.shape[3] - k[1]) // s[1] + 1
    out = np.empty(x.shape[:2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * s[0] : i * s[0] + k[0], j * s[1] : j * s[1] + k[1]]
            out[:, :, i, j] = win.max(axis=(2, 3))
    return out


def avg_pool2d(x, kernel_size, stride=None, padding=0, *, bug=None):
    """Loops over windows; divides by the full window (count_include_pad=True)."""
    k = _pair(kernel_size)
    s = _pair(stride if stride is not None else kernel_size)
    p = _pair(padding)
    ones = np.pad(np.ones(x.shape), ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    oh = (xp.shape[2] - k[0]) // s[0] + 1
    ow = (xp.shape[3] - k[1]) // s[1] + 1
    out = np.empty(x.shape[:2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            rows, cols = slice(i * s[0], i * s[0] + k[0]), slice(j * s[1], j * s[1] + k[1])
            total = xp[:, :, rows, cols].sum(axis=(2, 3))
            count = ones[:, :, rows, cols].sum(axis=(2, 3)) if bug == "clipped" else k[0] * k[1]
            out[:, :, i, j] = total / count
    return out


CORRECT = {
    "conv2d_loops": ("conv2d", conv2d),
    "conv1d_im2col_groups": ("conv1d", conv1d_im2col),
    "conv_transpose1d_scatter": ("conv_transpose1d", conv_transpose1d),
    "max_pool2d_loops": ("max_pool2d", max_pool2d),
    "avg_pool2d_loops": ("avg_pool2d", avg_pool2d),
}

_B = functools.partial
BUGS = {
    "kernel_flipped": ("conv2d", _B(conv2d, bug="flipped")),
    "padding_one_side": ("conv2d", _B(conv2d, bug="pad_one_side")),
    "ceil_output_size": ("conv2d", _B(conv2d, bug="ceil")),
    "dilation_ignored": ("conv2d", _B(conv2d, bug="dilation_ignored")),
    "groups_wrong_axis": ("conv2d", _B(conv2d, bug="groups_wrong_axis")),
    "height_width_swapped": ("conv2d", _B(conv2d, bug="hw_swapped")),
    "output_padding_low_side": (
        "conv_transpose1d",
        _B(conv_transpose1d, bug="output_padding_low"),
    ),
    "transpose_crop_one_side": ("conv_transpose1d", _B(conv_transpose1d, bug="crop_one_side")),
    "stride_as_dilation": ("conv_transpose1d", _B(conv_transpose1d, bug="stride_as_dilation")),
    "max_pool_zero_padding": ("max_pool2d", _B(max_pool2d, bug="zero_padding")),
    "avg_pool_clipped_window": ("avg_pool2d", _B(avg_pool2d, bug="clipped")),
    "im2col_no_groups": ("conv1d", lambda x, w, groups=1, **kw: conv1d_im2col(x, w, **kw)),
}

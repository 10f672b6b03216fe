"""Colour as data: the one semantic palette of every figure and animation, and its checks.

Each colour has one meaning, in every figure:

=============== ========= ========= =====================================================
meaning         face      edge      where
=============== ========= ========= =====================================================
input           #CFE5F7   #1F5FA8   input cells, signal :math:`f`, meals eaten
kernel          #EBA23C   #A86A08   kernel cells and windows, signal :math:`g`, decay
output          #2A8F6E   #0B5E45   output cells, the result :math:`f * g`
padding         #DADADA   #8C8C8C   padded cells (dashed edge)
zero            #FFFFFF   #8C8C8C   zeros inserted by transposed / dilated convolution
highlight       #C2185B   #C2185B   the one cell or value the reader should look at
=============== ========= ========= =====================================================

The faces of input, kernel and output differ in CIELAB lightness by at least 15 L* (one
grey each in black-and-white print: 89.9, 72.1, 53.2) and stay apart under simulated
protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1).
Line plots use :data:`SERIES` (named meanings) and :data:`CASES` (the n-th configuration of
one figure, never a role colour).

Examples
--------
>>> [round(float(v), 1) for v in lab("#FFFFFF")]
[100.0, 0.0, 0.0]
>>> round(float(lab(FACES["input"])[0] - lab(FACES["kernel"])[0]), 1)
17.8
>>> round(delta_e(FACES["input"], FACES["output"], deficiency="deuteranopia"), 1) > 15
True
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from convmath.errors import ConvmathError

__all__ = [
    "FACES",
    "EDGE_COLORS",
    "SERIES",
    "CASES",
    "HIGHLIGHT",
    "DEFICIENCIES",
    "srgb_to_linear",
    "lab",
    "simulate",
    "delta_e",
]

#: Cell face of each role.
FACES: dict[str, str] = {
    "input": "#CFE5F7",
    "kernel": "#EBA23C",
    "output": "#2A8F6E",
    "padding": "#DADADA",
    "zero": "#FFFFFF",
    "highlight": "#C2185B",
}
#: Edge, outline and arrow colour of each role (darker than the face).
EDGE_COLORS: dict[str, str] = {
    "input": "#1F5FA8",
    "kernel": "#A86A08",
    "output": "#0B5E45",
    "padding": "#8C8C8C",
    "zero": "#8C8C8C",
    "highlight": "#C2185B",
}
HIGHLIGHT = FACES["highlight"]
#: Line colours with one meaning each (signals use their role's edge colour).
SERIES: dict[str, str] = {
    "f": EDGE_COLORS["input"],
    "g": EDGE_COLORS["kernel"],
    "result": EDGE_COLORS["output"],
    "fully connected": "#882255",
    "convolution": EDGE_COLORS["kernel"],
    "shared": "#555555",
    "reference": "#8C8C8C",
    "text": "#000000",
    "background": "#FFFFFF",
    "muted": "#C8C8C8",
}
#: The n-th configuration compared within one figure (never a role colour).
CASES: tuple[str, ...] = ("#332288", "#CC6677", "#999933", "#88CCEE", "#AA4499")

Deficiency = Literal["protanopia", "deuteranopia", "tritanopia"]
#: Machado et al. (2009) simulation matrices at severity 1, applied to linear RGB.
DEFICIENCIES: dict[str, tuple[tuple[float, ...], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
# sRGB (linear) -> XYZ, D65 white point (IEC 61966-2-1).
_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE = _XYZ.sum(axis=1)


def srgb_to_linear(color: str) -> np.ndarray:
    """Linear RGB in [0, 1] of a ``#RRGGBB`` colour (the sRGB transfer curve undone).

    Examples
    --------
    >>> srgb_to_linear("#FF0000").tolist()
    [1.0, 0.0, 0.0]
    """
    text = color.lstrip("#")
    if len(text) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in text):
        raise ConvmathError(f"color must be '#RRGGBB'; got {color!r}", argument="color")
    c = np.array([int(text[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab_of_linear(rgb: np.ndarray) -> np.ndarray:
    xyz = _XYZ @ np.clip(rgb, 0.0, 1.0) / _WHITE
    eps = (6 / 29) ** 3
    f = np.where(xyz > eps, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(color: str, deficiency: Deficiency) -> np.ndarray:
    """Linear RGB of `color` as seen with `deficiency` (Machado et al. 2009, severity 1).

    Examples
    --------
    >>> [round(float(v), 3) for v in simulate("#FFFFFF", "tritanopia")]
    [1.0, 1.0, 1.0]
    """
    if deficiency not in DEFICIENCIES:
        raise ConvmathError(
            f"deficiency must be one of {', '.join(DEFICIENCIES)}; got {deficiency!r}",
            argument="deficiency",
        )
    return np.array(DEFICIENCIES[deficiency]) @ srgb_to_linear(color)


def lab(color: str, deficiency: Deficiency | None = None) -> np.ndarray:
    """CIELAB ``(L*, a*, b*)`` of `color` (D65), optionally as seen with `deficiency`."""
    rgb = srgb_to_linear(color) if deficiency is None else simulate(color, deficiency)
    return _lab_of_linear(rgb)


def delta_e(first: str, second: str, *, deficiency: Deficiency | None = None) -> float:
    """CIE76 colour difference ΔE*ab of two colours (as seen with `deficiency`, if given).

    Examples
    --------
    >>> delta_e("#000000", "#FFFFFF")
    100.0
    """
    return float(np.linalg.norm(lab(first, deficiency) - lab(second, deficiency)))

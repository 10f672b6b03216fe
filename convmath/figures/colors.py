"""The colour code shared by every figure and animation: one meaning per colour, everywhere.

The values live in :mod:`convmath.figures.palette` (colour as data, with its contrast checks).

========= ============================================ ==========================
role      cell face                                    edge
========= ============================================ ==========================
input     light blue                                   dark blue, solid
padding   light grey                                   grey, dashed
kernel    orange                                       dark orange, solid
output    green                                        dark green, solid
zero      white (inserted zeros: transposed/dilated)   grey, dotted
========= ============================================ ==========================

Examples
--------
>>> role_style("padding")
('#DADADA', '#8C8C8C', 'dashed')
>>> [h.get_label() for h in legend_handles(["input", "zero"])]
['input', 'inserted zero']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.palette import EDGE_COLORS, FACES

__all__ = [
    "COLORS",
    "EDGES",
    "LINESTYLES",
    "ROLE_LABELS",
    "PLAIN_EDGE",
    "tint",
    "text_color",
    "role_style",
    "legend_handles",
]


def tint(color: str, amount: float) -> str:
    """Mix `color` with white: ``amount=1`` is the colour itself, ``0`` is white.

    Examples
    --------
    >>> tint("#000000", 0.5)
    '#808080'
    """
    from matplotlib.colors import to_hex, to_rgb

    if not 0 <= amount <= 1:
        raise ConvmathError(f"amount must be between 0 and 1; got {amount!r}", argument="amount")
    red, green, blue = 1 - amount * (1 - np.asarray(to_rgb(color)))
    return to_hex((float(red), float(green), float(blue)))


#: Cell face colour of each role.
COLORS: dict[str, str] = {
    role: FACES[role] for role in ("input", "padding", "kernel", "output", "zero")
}
#: Edge (and accent: outlines, arrows) colour of each role.
EDGES: dict[str, str] = {role: EDGE_COLORS[role] for role in COLORS}
LineStyle = Literal["solid", "dashed", "dotted"]
#: Edge line style of each role.
LINESTYLES: dict[str, LineStyle] = {
    "input": "solid",
    "padding": "dashed",
    "kernel": "solid",
    "output": "solid",
    "zero": "dotted",
}
#: Legend label of each role.
ROLE_LABELS: dict[str, str] = {
    "input": "input",
    "padding": "padding",
    "kernel": "kernel",
    "output": "output",
    "zero": "inserted zero",
}
#: Edge of a cell coloured by a plain colour or a colormap (not a role).
PLAIN_EDGE = "#555555"


def text_color(face: Any) -> str:
    """Black or white, whichever reads better on `face` (by relative luminance).

    Examples
    --------
    >>> text_color("#FFFFFF"), text_color("#000000")
    ('black', 'white')
    """
    from matplotlib.colors import to_rgb

    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(face))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.22 else "white"


def role_style(spec: Any) -> tuple[Any, str, LineStyle]:
    """``(face, edge, linestyle)`` of a role name, or of a plain matplotlib colour.

    Examples
    --------
    >>> role_style("tab:red")
    ('tab:red', '#555555', 'solid')
    """
    if isinstance(spec, str) and spec in COLORS:
        return COLORS[spec], EDGES[spec], LINESTYLES[spec]
    from matplotlib.colors import is_color_like

    if not is_color_like(spec):
        raise ConvmathError(
            f"colors must be a role ({', '.join(COLORS)}) or a matplotlib colour; got {spec!r}",
            argument="colors",
        )
    return spec, PLAIN_EDGE, "solid"


def legend_handles(roles: Sequence[str] | None = None) -> list[Any]:
    """Legend patches for `roles` (default: all five), drawn as the cells are.

    Examples
    --------
    >>> [h.get_label() for h in legend_handles(["input", "output"])]
    ['input', 'output']
    """
    from matplotlib.patches import Patch

    chosen = list(COLORS) if roles is None else list(roles)
    for role in chosen:
        if role not in COLORS:
            raise ConvmathError(
                f"role must be one of {', '.join(COLORS)}; got {role!r}", argument="roles"
            )
    return [
        Patch(
            facecolor=COLORS[role],
            edgecolor=EDGES[role],
            linestyle=LINESTYLES[role],
            linewidth=0.8,
            label=ROLE_LABELS[role],
        )
        for role in chosen
    ]

"""``matrix-form``: convolution as ``y = C x`` and transposed convolution as ``Cᵀ``.

Dumoulin & Visin's example (section 4.1): a 4 x 4 input, a 3 x 3 kernel, no padding, unit
stride, a 2 x 2 output. Input and output are flattened in C order; ``C`` (4 x 16) comes from
:func:`convmath.symbolic.conv_matrix` (the gather definition) and the transposed
convolution's matrix (16 x 4) from :func:`convmath.symbolic.conv_transpose_matrix` (the
scatter definition, built independently); the figure states whether it equals ``Cᵀ``
(:func:`convmath.symbolic.check_transpose_identity`).

Examples
--------
>>> C, T, same = matrices((4, 4), (3, 3))
>>> # 4 x 16 = (2 * 2) x (4 * 4)
>>> C.shape, T.shape, same
((4, 16), (16, 4), True)
>>> symbol_label(C[0, 0])
'$w_{00}$'
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from convmath.figures.colors import EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.marks import grid_arrow
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column

__all__ = ["FIGURE", "Placement", "draw", "matrices", "placement", "symbol_label"]

#: Font size of the element names and kernel symbols.
_SMALL = 7.0


def matrices(input_shape: tuple[int, int], kernel_shape: tuple[int, int]) -> tuple[Any, Any, bool]:
    """``C`` (gather), the transposed convolution's matrix (scatter), and whether ``T == Cᵀ``.

    The transposed convolution maps the convolution's output shape back to `input_shape`.
    """
    from convmath.numeric import output_shape
    from convmath.symbolic import check_transpose_identity, conv_matrix, conv_transpose_matrix

    out = output_shape(input_shape, kernel_shape)
    C = conv_matrix(input_shape, kernel_shape)
    T = conv_transpose_matrix(out, kernel_shape)
    return C, T, bool(check_transpose_identity(out, kernel_shape).equal)


def symbol_label(entry: Any) -> str:
    """Mathtext for a matrix entry: ``w_1_2`` -> ``$w_{12}$``, zero -> ``""``.

    Examples
    --------
    >>> import sympy
    >>> symbol_label(sympy.Symbol("w_1_2")), symbol_label(sympy.S.Zero)
    ('$w_{12}$', '')
    """
    if entry == 0:
        return ""
    name = str(entry)
    base, *indices = name.split("_")
    if not indices:
        return f"${name}$"
    joined = "".join(indices) if all(len(i) == 1 for i in indices) else ",".join(indices)
    return f"${base}_{{{joined}}}$"


def _index_labels(letter: str, shape: tuple[int, ...]) -> list[str]:
    return [f"${letter}_{{{''.join(map(str, idx))}}}$" for idx in np.ndindex(*shape)]


def _labelled_matrix(
    ax: Any,
    matrix: Any,
    origin: tuple[float, float],
    rows: tuple[list[str], str],
    columns: tuple[list[str], str],
    caption: str,
    align: str = "center",
) -> None:
    """Draw a SymPy matrix as a grid of kernel symbols, rows and columns labelled.

    `rows` and `columns` are ``(labels, role)`` with role ``"input"`` or ``"output"``: the
    colour of the labels. `caption` is written above the column labels, aligned with the
    matrix's centre or its right edge (`align` ``"center"`` or ``"right"``).
    """
    (row_labels, row_role), (column_labels, column_role) = rows, columns
    entries = np.array(
        [[symbol_label(matrix[r, c]) for c in range(matrix.cols)] for r in range(matrix.rows)]
    )
    draw_grid(
        ax,
        entries.astype(object),
        fmt="{}",
        colors=np.where(entries != "", "kernel", "zero"),
        origin=origin,
        fontsize=_SMALL,
    )
    for c, label in enumerate(column_labels):
        ax.text(
            origin[0] + c + 0.5,
            origin[1] - 0.12,
            label,
            ha="center",
            va="bottom",
            rotation=90,
            fontsize=_SMALL,
            color=EDGES[column_role],
        )
    for r, label in enumerate(row_labels):
        ax.text(
            origin[0] - 0.15,
            origin[1] + r + 0.5,
            label,
            ha="right",
            va="center",
            fontsize=_SMALL,
            color=EDGES[row_role],
        )
    x_caption = origin[0] + matrix.cols / (2 if align == "center" else 1)
    ax.text(x_caption, origin[1] - 1.55, caption, ha=align, va="bottom", fontsize=7.5)


def _labelled_grid(
    ax: Any, labels: list[str], shape: tuple[int, ...], role: str, origin: Any, title: str
) -> None:
    """A grid of element names (``x_00``, ...) in the colour of `role`."""
    names = np.array(labels, dtype=object).reshape(shape)
    draw_grid(ax, names, fmt="{}", colors=role, origin=origin, title=title, fontsize=_SMALL)


class Placement(NamedTuple):
    """Top-left corners (data coordinates, rows down) of the parts of the figure."""

    x: tuple[float, float]  # the input grid
    y: tuple[float, float]  # the output grid
    C: tuple[float, float]  # the convolution matrix
    T: tuple[float, float]  # the transposed convolution's matrix
    limits: tuple[float, float, float, float]  # x from, x to, y bottom, y top


def placement(
    input_shape: tuple[int, int], out: tuple[int, int], *, single: bool = False
) -> Placement:
    """Where the grids and matrices go: C top left with the grids x and y below it, the
    transposed matrix to the right (double width); at single width C across the whole width,
    the grids below it on the left and the transposed matrix on the right.

    Examples
    --------
    >>> placement((4, 4), (2, 2)).C, placement((4, 4), (2, 2), single=True).C
    ((1.3, 2.5), (1.3, 3.0))
    """
    (hi, wi), (ho, wo) = input_shape, out
    n_in, n_out = hi * wi, ho * wo
    if not single:
        c_origin = (1.3, 2.5)
        t_origin = (c_origin[0] + n_in + 4.2, 2.5)
        x_origin = (c_origin[0] + 1.0, c_origin[1] + n_out + 2.5)
        y_origin = (x_origin[0] + wi + 5.0, x_origin[1] + (hi - ho) / 2)
        x_end, y_end = t_origin[0] + n_out + 0.3, t_origin[1] + n_in + 0.3
        return Placement(x_origin, y_origin, c_origin, t_origin, (-0.3, x_end, y_end, -0.6))
    c_origin = (1.3, 3.0)
    t_origin = (c_origin[0] + n_in - n_out, c_origin[1] + n_out + 3.0)
    x_origin = (c_origin[0], t_origin[1] + 1.0)
    y_origin = (c_origin[0] + (wi - wo) / 2, x_origin[1] + hi + 2.0)
    limits = (-0.05, c_origin[0] + n_in + 0.05, t_origin[1] + n_in + 0.1, 0.9)
    return Placement(x_origin, y_origin, c_origin, t_origin, limits)


def draw(
    axes: dict[str, Any],
    *,
    input_shape: tuple[int, int] = (4, 4),
    kernel_shape: tuple[int, int] = (3, 3),
) -> None:
    """Input and output grids, ``C`` with its row/column labels, the transposed matrix."""
    from convmath.numeric import output_shape

    ax = axes["m"]
    single = is_single_column(ax.figure)
    out = output_shape(input_shape, kernel_shape)
    C, T, same = matrices(input_shape, kernel_shape)
    n_in, n_out = C.shape[1], C.shape[0]
    x_labels = _index_labels("x", input_shape)
    y_labels = _index_labels("y", out)
    (hi, wi), (ho, wo) = input_shape, out
    at = placement(input_shape, out, single=single)
    _labelled_grid(ax, x_labels, input_shape, "input", at.x, f"input $x$, {hi}×{wi}")
    _labelled_grid(ax, y_labels, out, "output", at.y, f"output $y$, {ho}×{wo}")
    # C: rows = output elements, columns = input elements, both flattened in C order
    caption = f"(a) convolution $y = Cx$: $C$ is {n_out}×{n_in}"
    _labelled_matrix(ax, C, at.C, (y_labels, "output"), (x_labels, "input"), caption)
    # the transposed convolution's matrix: rows = input elements, columns = output elements
    verdict = "equals Cᵀ" if same else "is not Cᵀ"
    caption = f"(b) transposed: {n_in}×{n_out}, {verdict}"
    _labelled_matrix(ax, T, at.T, (x_labels, "input"), (y_labels, "output"), caption, "right")
    if not single:
        _flow_arrows(ax, at, input_shape, n_in, n_out)
    ax.set_xlim(*at.limits[:2])
    ax.set_ylim(*at.limits[2:])


def _flow_arrows(
    ax: Any, at: Placement, input_shape: tuple[int, int], n_in: int, n_out: int
) -> None:
    """Input grid -> output grid ("y = Cx") and C -> its transpose ("transpose")."""
    hi, wi = input_shape
    middle = at.x[1] + hi / 2
    grid_arrow(
        ax, (at.x[0] + wi + 0.2, middle), ax, (at.y[0] - 0.2, middle), color=EDGES["output"]
    )
    ax.text(
        (at.x[0] + wi + at.y[0]) / 2,
        middle - 0.25,
        "$y = Cx$",
        fontsize=7.5,
        color=EDGES["output"],
        ha="center",
        va="bottom",
    )
    mid = at.C[1] + n_out / 2
    grid_arrow(ax, (at.C[0] + n_in + 0.15, mid), ax, (at.T[0] - 1.35, mid), color=EDGES["kernel"])
    ax.text(
        (at.C[0] + n_in + at.T[0] - 1.2) / 2,
        mid - 0.25,
        "transpose",
        fontsize=7,
        color=EDGES["kernel"],
        ha="center",
        va="bottom",
    )


FIGURE = FigureSpec(
    name="matrix-form",
    description="Convolution as a matrix, 4×4 input and 3×3 kernel; the input x and output y "
    "are flattened in row-major order (16 and 4 values). (a) y = Cx: row r of C holds the 9 "
    "kernel weights where window r covers the input, zeros elsewhere (many-to-one); (b) the "
    "matrix of the transposed convolution, built by scattering (one-to-many), maps 4 values "
    "back to 16 and equals Cᵀ, checked symbolically entry by entry",
    layout=[["m"]],
    draw=draw,
    aspect=0.72,
    width="double",
    other_width=Layout([["m"]], 1.42),
)

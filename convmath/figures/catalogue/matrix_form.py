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

from typing import Any

import numpy as np

from convmath.figures.colors import EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.marks import grid_arrow
from convmath.figures.registry import FigureSpec

__all__ = ["FIGURE", "draw", "matrices", "symbol_label"]

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
) -> None:
    """Draw a SymPy matrix as a grid of kernel symbols, rows and columns labelled.

    `rows` and `columns` are ``(labels, role)`` with role ``"input"`` or ``"output"``: the
    colour of the labels. `caption` is written centred above the column labels.
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
    x_middle = origin[0] + matrix.cols / 2
    ax.text(x_middle, origin[1] - 1.55, caption, ha="center", va="bottom", fontsize=7)


def _labelled_grid(
    ax: Any, labels: list[str], shape: tuple[int, ...], role: str, origin: Any, title: str
) -> None:
    """A grid of element names (``x_00``, ...) in the colour of `role`."""
    names = np.array(labels, dtype=object).reshape(shape)
    draw_grid(ax, names, fmt="{}", colors=role, origin=origin, title=title, fontsize=_SMALL)


def draw(
    axes: dict[str, Any],
    *,
    input_shape: tuple[int, int] = (4, 4),
    kernel_shape: tuple[int, int] = (3, 3),
) -> None:
    """Input and output grids, ``C`` with its row/column labels, the transposed matrix."""
    from convmath.numeric import output_shape

    ax = axes["m"]
    out = output_shape(input_shape, kernel_shape)
    C, T, same = matrices(input_shape, kernel_shape)
    n_in, n_out = C.shape[1], C.shape[0]
    x_labels = _index_labels("x", input_shape)
    y_labels = _index_labels("y", out)
    (hi, wi), (ho, wo) = input_shape, out
    _labelled_grid(ax, x_labels, input_shape, "input", (0, 1.5), f"input x ({hi}×{wi})")
    y_origin = ((wi - wo) / 2, hi + 4.0)
    _labelled_grid(ax, y_labels, out, "output", y_origin, f"output y ({ho}×{wo})")
    # C: rows = output elements, columns = input elements, both flattened in C order
    c_origin = (wi + 3.0, 2.5)
    caption = f"convolution  y = C x:  C is {n_out}×{n_in}, one row per output"
    _labelled_matrix(ax, C, c_origin, (y_labels, "output"), (x_labels, "input"), caption)
    # the transposed convolution's matrix: rows = input elements, columns = output elements
    t_origin = (c_origin[0] + n_in + 4.2, 2.5)
    caption = f"transposed  x′ = Cᵀ y:  {n_in}×{n_out}"
    _labelled_matrix(ax, T, t_origin, (x_labels, "input"), (y_labels, "output"), caption)
    _explain(ax, c_origin, n_in, n_out, kernel_shape, same)
    _flow_arrows(ax, input_shape, c_origin, t_origin, n_in, n_out)
    ax.set_xlim(-0.3, t_origin[0] + n_out + 0.3)
    ax.set_ylim(t_origin[1] + n_in + 0.3, -0.6)


def _explain(
    ax: Any,
    c_origin: tuple[float, float],
    n_in: int,
    n_out: int,
    kernel_shape: tuple[int, int],
    same: bool,
) -> None:
    """The paragraph below C: flattening, the rows of C, and the transpose verdict."""
    verdict = "equals" if same else "differs from"
    ax.text(
        c_origin[0],
        c_origin[1] + n_out + 1.2,
        f"x and y are flattened in C (row-major) order: {n_in} and {n_out} values.\n"
        f"Row r of C holds the {kernel_shape[0] * kernel_shape[1]} kernel weights where "
        "window r covers\nthe input, zeros elsewhere (many-to-one).\n"
        f"The transposed convolution, built by scattering (one-to-many),\nmaps {n_out} "
        f"values back to {n_in}: its matrix {verdict} Cᵀ (checked\nsymbolically, entry by "
        "entry).",
        ha="left",
        va="top",
        fontsize=7,
        linespacing=1.55,
    )


def _flow_arrows(
    ax: Any,
    input_shape: tuple[int, int],
    c_origin: tuple[float, float],
    t_origin: tuple[float, float],
    n_in: int,
    n_out: int,
) -> None:
    """Input grid -> C ("flatten") and C -> its transpose ("transpose")."""
    hi, wi = input_shape
    grid_arrow(
        ax,
        (wi + 0.2, 1.5 + hi / 2),
        ax,
        (c_origin[0] - 1.3, c_origin[1] - 0.4),
        color=EDGES["input"],
        connectionstyle="arc3,rad=-0.3",
    )
    ax.text(
        wi + 0.35,
        1.5 + hi / 2 + 0.5,
        "flatten",
        fontsize=7,
        color=EDGES["input"],
        ha="left",
        va="top",
    )
    mid = c_origin[1] + n_out / 2
    grid_arrow(
        ax, (c_origin[0] + n_in + 0.15, mid), ax, (t_origin[0] - 1.35, mid), color=EDGES["kernel"]
    )
    ax.text(
        (c_origin[0] + n_in + t_origin[0] - 1.2) / 2,
        mid - 0.25,
        "transpose",
        fontsize=7,
        color=EDGES["kernel"],
        ha="center",
        va="bottom",
    )


FIGURE = FigureSpec(
    name="matrix-form",
    description="Convolution as y = C x with the kernel symbols in C (4×4 input, 3×3 kernel) "
    "and the transposed convolution as Cᵀ",
    layout=[["m"]],
    draw=draw,
    aspect=0.62,
    width="double",
)

"""``output-size``: output size against input size, floor steps visible, and the transpose.

Left: ``o(i)`` of a convolution for a few ``(k, s, p, d)``, each curve evaluated point by
point with :func:`convmath.numeric.output_shape` and labelled with its closed form from
:func:`convmath.symbolic.sizes.conv_output_size`; a stride of 2 gives the staircase of the
floor. Right: the transposed counterparts ``o'(i')`` from
:func:`convmath.numeric.transposed_output_shape`, straight lines of slope ``s`` (output
padding ``a`` shifts them by ``a``).

Examples
--------
>>> # i = 1..6, k = 3, s = 2, p = 1: floor((i - 1) / 2) + 1
>>> conv_sizes(range(1, 7), k=3, s=2, p=1)
[1, 1, 2, 2, 3, 3]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from convmath.errors import ShapeError
from convmath.figures.palette import CASES
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import panel_title

__all__ = ["FIGURE", "draw", "conv_sizes", "transposed_sizes", "CONV_CASES", "TRANSPOSED_CASES"]

#: (k, s, p, d) of the convolution curves.
CONV_CASES = ((3, 1, 0, 1), (3, 1, 1, 1), (3, 2, 1, 1), (4, 2, 1, 1), (3, 1, 0, 2))
#: (k, s, p, a) of the transposed curves.
TRANSPOSED_CASES = ((3, 1, 1, 0), (3, 2, 1, 0), (3, 2, 1, 1), (3, 2, 0, 0), (3, 3, 0, 0))
_COLORS = list(CASES)
_MARKERS = ["o", "s", "^", "D", "v"]


def conv_sizes(
    inputs: Iterable[int], *, k: int, s: int = 1, p: int = 0, d: int = 1
) -> list[int | None]:
    """Output size for each input size (``None`` where the kernel does not fit).

    Examples
    --------
    >>> # dilation 2 needs i >= 5 = 2 * (3 - 1) + 1
    >>> conv_sizes([4, 5, 6], k=3, d=2)
    [None, 1, 2]
    """
    from convmath.numeric import output_shape

    return _sizes(inputs, lambda i: output_shape((i,), (k,), stride=s, padding=p, dilation=d))


def transposed_sizes(
    inputs: Iterable[int], *, k: int, s: int = 1, p: int = 0, a: int = 0
) -> list[int | None]:
    """Transposed output size for each input size (``None`` where it is not positive).

    Examples
    --------
    >>> # (i - 1) * 2 - 2 + 3 + 1
    >>> transposed_sizes([1, 2, 3], k=3, s=2, p=1, a=1)
    [2, 4, 6]
    """
    from convmath.numeric import transposed_output_shape

    return _sizes(
        inputs,
        lambda i: transposed_output_shape((i,), (k,), stride=s, padding=p, output_padding=a),
    )


def _sizes(inputs: Iterable[int], shape_of: Callable[[int], tuple[int, ...]]) -> list[int | None]:
    """``shape_of(i)[0]`` for each input size, ``None`` where it raises ShapeError."""
    sizes: list[int | None] = []
    for i in inputs:
        try:
            sizes.append(shape_of(i)[0])
        except ShapeError:
            sizes.append(None)
    return sizes


def _mathtext(expr: Any) -> str:
    """A SymPy size formula as mathtext: floor as ⌊ ⌋, fractions inline."""
    import sympy

    expr = expr.replace(sympy.floor, lambda arg: sympy.floor(sympy.together(arg)))
    text = sympy.latex(expr, fold_short_frac=True)
    for old, new in ((r"\left\lfloor", r"\lfloor"), (r"\right\rfloor", r"\rfloor")):
        text = text.replace(old, new)
    text = text.replace(r"\left(", "(").replace(r"\right)", ")")
    return f"${text}$"


def _plot_sizes(
    ax: Any, inputs: Sequence[int], sizes: Sequence[Any], label: str, n: int, *, steps: bool
) -> None:
    xs = np.array([i for i, o in zip(inputs, sizes) if o is not None], dtype=float)
    ys = np.array([o for o in sizes if o is not None], dtype=float)
    color, marker = _COLORS[n % len(_COLORS)], _MARKERS[n % len(_MARKERS)]
    if steps:  # sizes are integers: hold each value until the next input size
        ax.step(xs, ys, where="post", color=color, linewidth=0.9, alpha=0.8)
    else:
        ax.plot(xs, ys, color=color, linewidth=0.7, alpha=0.6)
    ax.plot(xs, ys, linestyle="none", marker=marker, markersize=2.8, color=color, label=label)


def draw(
    axes: dict[str, Any],
    *,
    max_input: int = 16,
    conv_cases: Sequence[tuple[int, int, int, int]] = CONV_CASES,
    transposed_cases: Sequence[tuple[int, int, int, int]] = TRANSPOSED_CASES,
) -> None:
    """Convolution curves (left) and transposed ones (right), closed forms in the legends."""
    inputs = list(range(1, max_input + 1))
    ax, ax_t = axes["conv"], axes["transposed"]
    _conv_curves(ax, inputs, conv_cases)
    _transposed_curves(ax_t, inputs, transposed_cases)
    for axis in (ax, ax_t):
        _finish(axis, max_input)
    # room for the legend above the curves
    ax.set_ylim(0, max_input * 1.45)
    ax_t.set_ylim(0, ax_t.get_ylim()[1] * 1.3)


def _conv_curves(ax: Any, inputs: list[int], cases: Sequence[tuple[int, int, int, int]]) -> None:
    """One staircase o(i) per ``(k, s, p, d)``, its closed form in the legend."""
    from convmath.symbolic.sizes import conv_output_size

    for n, (k, s, p, d) in enumerate(cases):
        formula = _mathtext(conv_output_size("i", k, s, p, d))
        dil = f", d={d}" if d != 1 else ""
        label = f"k={k}, s={s}, p={p}{dil}:  o = {formula}"
        _plot_sizes(ax, inputs, conv_sizes(inputs, k=k, s=s, p=p, d=d), label, n, steps=True)
    ax.set_xlabel("input size $i$")
    ax.set_ylabel("output size $o$")
    panel_title(ax, "a", "convolution: $o = \\lfloor (i + 2p - d(k-1) - 1)/s \\rfloor + 1$")


def _transposed_curves(
    ax: Any, inputs: list[int], cases: Sequence[tuple[int, int, int, int]]
) -> None:
    """One line o′(i′) per ``(k, s, p, a)``, its closed form in the legend."""
    from convmath.symbolic.sizes import transposed_output_size

    for n, (k, s, p, a) in enumerate(cases):
        formula = _mathtext(transposed_output_size("i'", k, s, p, 1, a))
        label = f"k={k}, s={s}, p={p}, a={a}:  o′ = {formula}"
        sizes = transposed_sizes(inputs, k=k, s=s, p=p, a=a)
        _plot_sizes(ax, inputs, sizes, label, n, steps=False)
    ax.set_xlabel("input size $i'$")
    ax.set_ylabel("output size $o'$")
    panel_title(ax, "b", "transposed: $o' = (i'-1)s - 2p + d(k-1) + a + 1$")


def _finish(ax: Any, max_input: int) -> None:
    """Integer ticks, a light grid, and the legend."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max_input + 1)
    ax.set_ylim(bottom=0)
    ax.grid(True, linewidth=0.3, alpha=0.5)
    ax.legend(loc="upper left", fontsize=7, handletextpad=0.4, borderaxespad=0.3)


FIGURE = FigureSpec(
    name="output-size",
    description="Output size against input size. (a) convolution for several kernel sizes k, "
    "strides s, paddings p and dilations d, each with its closed form: at stride 2 each output "
    "size is reached from 2 input sizes (the floor steps); (b) the transposed counterparts: at "
    "stride 2 the sizes are one apart, and the output padding a picks the one the convolution "
    "came from",
    layout=[["conv", "transposed"]],
    draw=draw,
    aspect=0.42,
    width="double",
    other_width=Layout([["conv"], ["transposed"]], 1.4),
)

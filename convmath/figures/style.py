"""The house style: a packaged ``.mplstyle`` applied with ``plt.style.context``.

Widths follow journal columns: 3.5 in (single column) and 7.2 in (double column). Colours
live in :mod:`convmath.figures.palette`.

Examples
--------
>>> figure_width("single"), figure_width("double"), figure_width("5")
(3.5, 7.2, 5.0)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from convmath.errors import ConvmathError

__all__ = ["STYLE_PATH", "WIDTHS", "house_style", "figure_width"]

STYLE_PATH = Path(__file__).with_name("convmath.mplstyle")
WIDTHS = {"single": 3.5, "double": 7.2}


def figure_width(width: str | float) -> float:
    """Inches for ``"single"``, ``"double"`` or a number of inches (1 to 20)."""
    if isinstance(width, str) and width in WIDTHS:
        return WIDTHS[width]
    try:
        inches = float(width)
    except (TypeError, ValueError):
        raise ConvmathError(
            f"width must be 'single', 'double' or inches between 1 and 20; got {width!r}",
            argument="width",
        ) from None
    if not 1 <= inches <= 20:
        raise ConvmathError(
            f"width must be between 1 and 20 inches; got {width!r}", argument="width"
        )
    return inches


@contextmanager
def house_style(*, usetex: bool = False) -> Iterator[None]:
    """Apply convmath's style (and LaTeX text only when asked) for the duration of a block."""
    import matplotlib.pyplot as plt

    overrides = {"text.usetex": True} if usetex else {}
    with plt.style.context([str(STYLE_PATH), overrides]):
        yield

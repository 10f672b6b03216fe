"""The house style: a packaged ``.mplstyle`` applied with ``plt.style.context``.

Widths follow journal columns: 3.5 in (single column) and 7.2 in (double column). Colours
live in :mod:`convmath.figures.palette`.

Examples
--------
>>> figure_width("single"), figure_width("double"), figure_width("5")
(3.5, 7.2, 5.0)
>>> column(3.5), column(5.0), column(6.0)
('single', 'single', 'double')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from convmath.errors import ConvmathError

__all__ = [
    "STYLE_PATH",
    "WIDTHS",
    "house_style",
    "figure_width",
    "column",
    "is_single_column",
    "panel_title",
]

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


def column(inches: float) -> str:
    """The column width nearer to `inches`: ``"single"`` or ``"double"``."""
    return "single" if inches < (WIDTHS["single"] + WIDTHS["double"]) / 2 else "double"


def is_single_column(figure: Any) -> bool:
    """Whether `figure` is laid out for a single column (its panels drawn compactly)."""
    return column(float(figure.get_figwidth())) == "single"


def panel_title(ax: Any, letter: str, text: str = "", **kw: Any) -> Any:
    """Title `ax` with its panel letter, ``(a) text``, flush left; the caption says the rest.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> panel_title(ax, "b", "output").get_text()
    '(b) output'
    >>> plt.close(fig)
    """
    kw.setdefault("fontsize", 7.5)
    return ax.set_title(f"({letter}) {text}".rstrip(), loc="left", **kw)


@contextmanager
def house_style(*, usetex: bool = False) -> Iterator[None]:
    """Apply convmath's style (and LaTeX text only when asked) for the duration of a block."""
    import matplotlib.pyplot as plt

    overrides = {"text.usetex": True} if usetex else {}
    with plt.style.context([str(STYLE_PATH), overrides]):
        yield

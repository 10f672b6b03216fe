"""The figure catalogue: one table of named figures drives every render.

Each catalogue module in :mod:`convmath.figures.catalogue` defines ``FIGURE = FigureSpec(...)``;
:data:`CATALOGUE` maps a figure's name to its module, imported only when the figure is needed.

Examples
--------
>>> names()[:3]
['integral', 'stomach', 'image-conv']
>>> get("no-such-figure")
Traceback (most recent call last):
...
convmath.errors.ConvmathError: figure name must be one of integral, stomach, ...; got 'no-such-figure'
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convmath.errors import ConvmathError

__all__ = [
    "FigureSpec",
    "Layout",
    "CATALOGUE",
    "GALLERY_DPI",
    "names",
    "get",
    "draw_on",
    "draw_figure",
    "freeze_layout",
    "render",
    "render_all",
]

_PACKAGE = "convmath.figures.catalogue"
#: Resolution of the committed gallery ``figures/*.png`` (``convmath figures --dpi 150``).
GALLERY_DPI = 150

#: Figure name -> module defining ``FIGURE``.
CATALOGUE: dict[str, str] = {
    "integral": f"{_PACKAGE}.integral",
    "stomach": f"{_PACKAGE}.stomach_example",
    "image-conv": f"{_PACKAGE}.image_conv",
    "box-blur": f"{_PACKAGE}.box_blur",
    "feature-filters": f"{_PACKAGE}.feature_filters",
    "sparse-interaction": f"{_PACKAGE}.sparse_interaction",
    "parameter-sharing": f"{_PACKAGE}.parameter_sharing",
    "pooling": f"{_PACKAGE}.pooling",
    "fully-connected": f"{_PACKAGE}.fully_connected",
    "transposed-conv": f"{_PACKAGE}.transposed_conv",
    "matrix-form": f"{_PACKAGE}.matrix_form",
    "dilated-conv": f"{_PACKAGE}.dilated_conv",
    "cnn-vs-fc": f"{_PACKAGE}.cnn_vs_fc",
    "output-size": f"{_PACKAGE}.output_size",
    "checkerboard": f"{_PACKAGE}.checkerboard",
}


@dataclass(frozen=True)
class Layout:
    """How a figure's panels are arranged at one width.

    Parameters
    ----------
    layout : str or list of lists
        A ``subplot_mosaic`` layout, e.g. ``"ab"`` or ``[["a", "b"], ["c", "c"]]``.
    aspect : float
        Figure height / width.
    mosaic_kw : mapping
        Extra keywords for ``Figure.subplot_mosaic`` (e.g. ``width_ratios``).
    """

    layout: str | list
    aspect: float
    mosaic_kw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FigureSpec:
    """A named figure: its layout, how to draw it and with which default parameters.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"box-blur"``.
    description : str
        One line: the caption. The panels carry letters (a), (b), ... and the sentences
        that explain them are here, not in the figure.
    layout : str or list of lists
        A ``subplot_mosaic`` layout at `width`, e.g. ``"ab"`` or ``[["a", "b"], ["c", "c"]]``.
    draw : callable
        ``draw(axes: dict[str, Axes], *, **params) -> None``; draws on the given axes. Its
        keyword-only parameters and their defaults are the figure's parameters
        (:attr:`defaults`).
    aspect : float
        Figure height / width at `width`.
    width : str
        Default width, ``"single"`` or ``"double"``.
    mosaic_kw : mapping
        Extra keywords for ``Figure.subplot_mosaic`` (e.g. ``width_ratios``) at `width`.
    other_width : Layout, optional
        The panels re-flowed for the other column width (single when `width` is double and
        the other way round): the figure is laid out for its width, not scaled.
    """

    name: str
    description: str
    layout: str | list
    draw: Callable[..., None]
    aspect: float
    width: str = "double"
    mosaic_kw: Mapping[str, Any] = field(default_factory=dict)
    other_width: Layout | None = None

    def layout_for(self, inches: float) -> Layout:
        """The :class:`Layout` for a figure `inches` wide (that of the nearer column width).

        Examples
        --------
        >>> spec = get("integral")
        >>> spec.layout_for(7.2).aspect == spec.aspect, spec.layout_for(3.5).aspect > spec.aspect
        (True, True)
        """
        from convmath.figures.style import column

        if column(inches) == self.width or self.other_width is None:
            return Layout(self.layout, self.aspect, self.mosaic_kw)
        return self.other_width

    @property
    def defaults(self) -> dict[str, Any]:
        """The figure's parameters: `draw`'s keyword-only parameters and their defaults.

        Examples
        --------
        >>> get("pooling").defaults
        {'grid': ((1, 1, 2, 4), (5, 6, 7, 8), (3, 2, 1, 0), (1, 2, 3, 4)), 'size': 2, 'stride': 2}
        """
        parameters = inspect.signature(self.draw).parameters.values()
        return {p.name: p.default for p in parameters if p.kind is p.KEYWORD_ONLY}


def names() -> list[str]:
    """Every figure name, in catalogue order."""
    return list(CATALOGUE)


def get(name: str) -> FigureSpec:
    """The :class:`FigureSpec` called `name` (its module is imported now)."""
    if name not in CATALOGUE:
        raise ConvmathError(
            f"figure name must be one of {', '.join(CATALOGUE)}; got {name!r}", argument="name"
        )
    try:
        module = importlib.import_module(CATALOGUE[name])
    except ModuleNotFoundError as error:
        if error.name != CATALOGUE[name]:
            raise
        raise ConvmathError(
            f"figure {name!r} is not available yet ({error.name})", argument="name"
        ) from None
    return module.FIGURE


def _target(name: str, path_or_dir: str | os.PathLike[str], fmt: str | None) -> Path:
    from convmath.figures._save import FORMATS

    path = Path(path_or_dir)
    if path.suffix.lstrip(".").lower() in FORMATS and not path.is_dir():
        if fmt is not None and path.suffix.lstrip(".").lower() != fmt.lower():
            raise ConvmathError(
                f"fmt {fmt!r} does not match the file suffix of {str(path)!r}", argument="fmt"
            )
        return path
    chosen = (fmt or "png").lower()
    if chosen not in FORMATS:
        raise ConvmathError(
            f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}", argument="fmt"
        )
    return path / f"{name}.{chosen}"


def draw_on(figure: Any, name: str, **params: Any) -> dict[str, Any]:
    """Lay out figure `name`'s axes on `figure` and draw it; return the axes by label.

    `params` override the figure's defaults; an unknown parameter is an error. Call it inside
    :func:`~convmath.figures.style.house_style` for the house look.
    """
    spec = get(name)
    unknown = sorted(set(params) - set(spec.defaults))
    if unknown:
        raise ConvmathError(
            f"parameters of figure {name!r} are {', '.join(spec.defaults) or 'none'}; "
            f"got {', '.join(unknown)}",
            argument=unknown[0],
        )
    chosen = spec.layout_for(float(figure.get_figwidth()))
    axes = figure.subplot_mosaic(chosen.layout, **dict(chosen.mosaic_kw))
    spec.draw(axes, **{**spec.defaults, **params})
    return axes


def draw_figure(
    name: str,
    *,
    width: str | float | None = None,
    usetex: bool = False,
    style: str = "paper",
    font: str = "default",
    **params: Any,
) -> Any:
    """Draw figure `name` in the house style and return the matplotlib ``Figure``.

    The figure is `width` (``"single"``, ``"double"`` or inches; default the figure's own)
    wide and ``width * aspect`` high, with the panels laid out for the nearer column width
    (:meth:`FigureSpec.layout_for`); `params` override the figure's defaults. The caller
    shows, saves or closes it (``plt.close(fig)``); :func:`render` saves it to a file.
    `style` ``"slides"`` makes it 16:9 (7.2 in wide by default) with larger text and thicker
    lines; `font` ``"cm"`` gives Computer Modern (see :mod:`convmath.figures.style`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = draw_figure("pooling")
    >>> float(fig.get_figwidth())
    3.5
    >>> plt.close(fig)
    """
    from convmath.figures.style import (
        SLIDES_WIDTH,
        figure_size,
        figure_style,
        figure_width,
        restyle,
    )

    spec = get(name)
    own = SLIDES_WIDTH if style == "slides" else spec.width
    inches = figure_width(own if width is None else width)
    size = figure_size(inches, spec.layout_for(inches).aspect, style)

    import matplotlib.pyplot as plt

    with figure_style(font=font, usetex=usetex):
        # laid out at the gallery's resolution, where hinted text is widest (about 7 % wider
        # than at 100 or 300 dpi), so that no resolution clips or overlaps a label
        figure = plt.figure(figsize=size, dpi=GALLERY_DPI)
        try:
            draw_on(figure, name, **params)
            restyle(figure, style)
            freeze_layout(figure)
        except BaseException:
            plt.close(figure)
            raise
    return figure


def freeze_layout(figure: Any, *, digits: int = 4) -> None:
    """Run the layout engine once, round every axes position and switch the engine off.

    The constrained-layout solver sums terms in an order that depends on memory addresses, so
    the last bits of its positions (and the SVG clip-path ids hashed from them) vary between
    processes; rounded to `digits` decimals of the figure size (0.1 px at 7.2 in and 150 dpi)
    and frozen, every render of the figure is byte-identical.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(layout="constrained")
    >>> freeze_layout(fig)
    >>> fig.get_constrained_layout(), all(round(v, 4) == v for v in ax.get_position().bounds)
    (False, True)
    >>> plt.close(fig)
    """
    import matplotlib.transforms as mtransforms

    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    boxes = [(ax, ax.get_position(original=False)) for ax in figure.axes]
    figure.set_layout_engine("none")
    for ax, box in boxes:
        rounded = [round(float(v), digits) for v in box.bounds]
        ax.set_position(mtransforms.Bbox.from_bounds(*rounded), which="both")


def render(
    name: str,
    path_or_dir: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    dpi: float | None = None,
    width: str | float | None = None,
    usetex: bool = False,
    style: str = "paper",
    font: str = "default",
    **params: Any,
) -> Path:
    """Render figure `name` into a file and return its path.

    `path_or_dir` is a file (format from its suffix) or a folder (file ``<name>.<fmt>``,
    default PNG). The figure is drawn by :func:`draw_figure` and saved in the house style.
    """
    from convmath.figures._save import save_figure
    from convmath.figures.style import figure_style

    target = _target(name, path_or_dir, fmt)
    figure = draw_figure(name, width=width, usetex=usetex, style=style, font=font, **params)

    import matplotlib.pyplot as plt

    try:
        with figure_style(font=font, usetex=usetex):
            save_figure(figure, target, dpi=dpi)
    finally:
        plt.close(figure)
    return target


def render_all(
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = ("png",),
    *,
    selection: Iterable[str] | None = None,
    dpi: float | None = None,
    width: str | float | None = None,
    usetex: bool = False,
    progress: Callable[[str, Path], None] | None = None,
) -> list[Path]:
    """Render every figure (or `selection`) in every format into `out_dir`; return the paths.

    `progress(name, path)` is called after each file is written.
    """
    chosen = names() if selection is None else list(selection)
    for name in chosen:
        get(name)  # fail on a bad name before writing anything
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in chosen:
        for fmt in formats:
            path = render(name, folder, fmt=fmt, dpi=dpi, width=width, usetex=usetex)
            written.append(path)
            if progress is not None:
                progress(name, path)
    return written

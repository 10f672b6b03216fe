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


# --- styles, fonts and LaTeX (issue 12, items 3 and 5) ---------------------------------------

__all__ += [
    "STYLES",
    "FONTS",
    "PGF_PREAMBLE",
    "figure_size",
    "figure_style",
    "restyle",
    "text_collisions",
]

#: ``paper``: the journal layout; ``slides``: a 16:9 canvas, larger text, thicker lines.
STYLES = ("paper", "slides")
#: ``default``: the house sans-serif; ``cm``: Computer Modern through mathtext (no TeX needed).
FONTS = ("default", "cm")
#: Slides: canvas height / width (a 16:9 projector) and its default width (the double-column
#: layout, which keeps at 16:9); text grows by the largest of SLIDES_TEXT_SCALES that leaves
#: no text overlapping another or outside the canvas, lines by SLIDES_LINE_SCALE.
SLIDES_ASPECT = 9 / 16
SLIDES_WIDTH = 7.2
SLIDES_TEXT_SCALES = (1.3, 1.2, 1.1)
SLIDES_LINE_SCALE = 1.6

_FONT_RC = {
    "default": {},
    "cm": {
        # cmr10 first; DejaVu Serif supplies the glyphs cmr10 lacks (×, →, −) by fallback
        "font.family": ["cmr10", "DejaVu Serif"],
        "mathtext.fontset": "cm",
        "axes.formatter.use_mathtext": True,
        "axes.unicode_minus": False,
    },
}
#: Characters the figures write, declared for pdflatex (the PGF backend measures text with it;
#: the same lines are written, as comments, at the top of every ``.pgf`` file).
PGF_PREAMBLE = "\n".join(
    rf"\DeclareUnicodeCharacter{{{code}}}{{{tex}}}"
    for code, tex in (
        ("00B7", r"\ensuremath{\cdot}"),
        ("00D7", r"\ensuremath{\times}"),
        ("1D40", r"\ensuremath{^{\mathsf{T}}}"),
        ("2032", r"\ensuremath{'}"),
        ("2190", r"\ensuremath{\leftarrow}"),
        ("2192", r"\ensuremath{\rightarrow}"),
        ("2212", r"\ensuremath{-}"),
        ("2217", r"\ensuremath{\ast}"),
        ("221D", r"\ensuremath{\propto}"),
    )
)
_PGF_RC = {"pgf.texsystem": "pdflatex", "pgf.rcfonts": False, "pgf.preamble": PGF_PREAMBLE}


def check_choice(value: str, choices: tuple[str, ...], argument: str) -> str:
    """`value` if it is one of `choices`, else a :class:`ConvmathError` naming `argument`."""
    if value not in choices:
        raise ConvmathError(
            f"{argument} must be one of {', '.join(choices)}; got {value!r}", argument=argument
        )
    return value


def figure_size(inches: float, aspect: float, style: str = "paper") -> tuple[float, float]:
    """Width and height: `aspect` for paper, 16:9 for slides.

    Examples
    --------
    >>> figure_size(7.2, 0.5), figure_size(7.2, 0.5, "slides")
    ((7.2, 3.6), (7.2, 4.05))
    """
    ratio = SLIDES_ASPECT if check_choice(style, STYLES, "style") == "slides" else aspect
    return inches, round(inches * ratio, 4)


@contextmanager
def figure_style(*, font: str = "default", usetex: bool = False) -> Iterator[None]:
    """:func:`house_style` with the `font` (and the PGF backend's settings)."""
    import matplotlib as mpl

    rc = {**_FONT_RC[check_choice(font, FONTS, "font")], **_PGF_RC}
    with house_style(usetex=usetex), mpl.rc_context(rc):  # type: ignore[arg-type]
        yield


def restyle(figure: Any, style: str) -> float:
    """For slides, enlarge the text and thicken every line and patch edge drawn on `figure`.

    The figures write most text at explicit sizes, so the rc settings alone cannot do it;
    call it after drawing and before the layout is frozen. Text grows by the first of
    :data:`SLIDES_TEXT_SCALES` at which no text overlaps another or leaves the canvas (the
    layout is run to see), else not at all. Returns the text scale used (1 for paper).
    """
    if check_choice(style, STYLES, "style") == "paper":
        return 1.0
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    for artist in figure.findobj(lambda a: isinstance(a, (Line2D, Patch))):
        artist.set_linewidth(artist.get_linewidth() * SLIDES_LINE_SCALE)
    texts = [t for t in figure.findobj(Text) if t.get_text().strip()]
    sizes = [t.get_fontsize() for t in texts]
    # the layout solver starts from the current positions: each try starts from the first
    start = [(ax, ax.get_position(original=True).frozen()) for ax in figure.axes]
    for scale in (*SLIDES_TEXT_SCALES, 1.0):
        for ax, box in start:
            ax.set_position(box, which="both")
            ax.set_in_layout(True)  # set_position takes an axes out of the layout
        for text, size in zip(texts, sizes):
            text.set_fontsize(size * scale)
        if scale == 1.0 or not text_collisions(figure):
            return scale
    raise AssertionError("unreachable")  # pragma: no cover


def text_collisions(figure: Any, *, slack: float = 0.5) -> list[str]:
    """Texts drawn on `figure` that overlap another or stick out of it, by their extents.

    The figure is drawn once (its layout engine runs) and every text matplotlib actually
    draws is measured.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(figsize=(2, 1))
    >>> _ = fig.text(0.1, 0.5, "left"), fig.text(0.12, 0.5, "over")
    >>> text_collisions(fig)
    ["'left' overlaps 'over'"]
    >>> plt.close(fig)
    """
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    seen: list[Any] = []
    original = Text.draw

    def recording(self: Any, renderer: Any) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            seen.append(self)

    Text.draw = recording  # type: ignore[method-assign]
    try:
        figure.canvas.draw()
    finally:
        Text.draw = original  # type: ignore[method-assign]
    renderer = figure.canvas.get_renderer()
    drawn = [(t.get_text(), t.get_window_extent(renderer)) for t in seen]
    frame = figure.bbox.padded(slack)
    found = [f"{text!r} leaves the figure" for text, box in drawn if not _inside(box, frame)]
    for index, (text, box) in enumerate(drawn):
        for other, other_box in drawn[index + 1 :]:
            common = Bbox.intersection(box, other_box)
            if common is not None and common.width > slack and common.height > slack:
                found.append(f"{text!r} overlaps {other!r}")
    return found


def _inside(box: Any, frame: Any) -> bool:
    return box.x0 >= frame.x0 and box.y0 >= frame.y0 and box.x1 <= frame.x1 and box.y1 <= frame.y1

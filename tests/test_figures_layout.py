"""Every figure at both journal widths: no text under 7 pt, outside the figure, or overlapping.

Texts are those matplotlib actually draws (recorded by wrapping ``Text.draw`` during one
canvas draw) inside the house style, measured by their window extents at the resolution the
figure is laid out at (the gallery's, where hinted text is widest). Each figure has its own
layout per width (``FigureSpec.other_width``), so both widths must pass; the layout solver
must not give up on collapsed axes.
"""

from __future__ import annotations

import itertools
import warnings

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from convmath.figures.registry import draw_figure, names  # noqa: E402
from convmath.figures.style import house_style  # noqa: E402

MIN_POINTS = 7.0


def drawn_texts(figure) -> list[tuple[str, float, object]]:
    """``(text, size in pt, window extent)`` of every non-empty text drawn on `figure`."""
    seen: list[Text] = []
    original = Text.draw

    def recording(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            seen.append(self)

    Text.draw = recording
    try:
        figure.canvas.draw()
    finally:
        Text.draw = original
    renderer = figure.canvas.get_renderer()
    return [(t.get_text(), t.get_fontsize(), t.get_window_extent(renderer)) for t in seen]


def layout_problems(figure) -> list[str]:
    """One line per text that is too small, sticks out of the figure, or overlaps another."""
    found = drawn_texts(figure)
    frame = figure.bbox
    problems = [f"{text!r} is {size:g} pt" for text, size, _ in found if size < MIN_POINTS]
    problems += [
        f"{text!r} is outside the figure"
        for text, _, box in found
        if box.x0 < frame.x0 - 0.5
        or box.y0 < frame.y0 - 0.5
        or box.x1 > frame.x1 + 0.5
        or box.y1 > frame.y1 + 0.5
    ]
    for (a, _, box_a), (b, _, box_b) in itertools.combinations(found, 2):
        inter = type(box_a).intersection(box_a, box_b)
        if inter is not None and inter.width > 0.5 and inter.height > 0.5:
            problems.append(f"{a!r} overlaps {b!r}")
    return problems


def test_checker_sees_small_outside_and_overlapping_text():
    fig = plt.figure(figsize=(2, 2))
    fig.text(0.5, 0.5, "small", fontsize=5)
    fig.text(0.98, 0.1, "sticks out", fontsize=8)
    fig.text(0.1, 0.8, "one", fontsize=8)
    fig.text(0.12, 0.8, "two", fontsize=8)
    problems = layout_problems(fig)
    plt.close(fig)
    assert "'small' is 5 pt" in problems
    assert "'sticks out' is outside the figure" in problems
    assert "'one' overlaps 'two'" in problems


@pytest.mark.parametrize("width", ["double", "single", "slides"])
@pytest.mark.parametrize("name", names())
def test_figure_layout_is_legible(name, width):
    # "slides": --style slides, 16:9 at 7.2 in with its larger text and thicker lines
    looks = {"style": "slides"} if width == "slides" else {"width": width}
    with warnings.catch_warnings():
        # the solver gives up (and leaves the layout to chance) when the axes collapse
        warnings.filterwarnings("error", message=".*constrained_layout not applied.*")
        figure = draw_figure(name, **looks)
    try:
        with house_style():  # as when saved: ticks made at draw time take the style's sizes
            problems = layout_problems(figure)
    finally:
        plt.close(figure)
    assert not problems, "; ".join(problems[:5])

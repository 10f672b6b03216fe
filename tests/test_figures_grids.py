"""Grids, marks and the colour code: positions and colours read back from the artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from convmath.errors import ConvmathError  # noqa: E402
from convmath.figures.colors import COLORS, EDGES  # noqa: E402
from convmath.figures.grids import draw_grid, signed  # noqa: E402


@pytest.fixture
def ax():
    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)


def test_cells_and_texts_sit_at_origin_plus_row_and_column(ax):
    grid = draw_grid(ax, [[1, None, 3], [4, 5, float("nan")]], origin=(2, 1), colors="kernel")
    corners = [(p.get_x(), p.get_y()) for p in grid.cells]
    assert corners == [(2 + c, 1 + r) for r in range(2) for c in range(3)]
    # None and NaN cells are drawn but get no text
    assert [(t.get_text(), t.get_position()) for t in grid.texts] == [
        ("1", (2.5, 1.5)),
        ("3", (4.5, 1.5)),
        ("4", (2.5, 2.5)),
        ("5", (3.5, 2.5)),
    ]
    assert {to_hex(p.get_facecolor()) for p in grid.cells} == {to_hex(COLORS["kernel"])}
    assert bool(ax.yaxis_inverted())


def test_highlight_outlines_the_given_cells_in_the_kernel_colour(ax):
    before = len(ax.patches)
    draw_grid(ax, np.zeros((3, 3)), origin=(1, 0), highlight=[(0, 2), (2, 1)])
    outlines = ax.patches[before + 9 :]
    assert [(p.get_x(), p.get_y()) for p in outlines] == [(3, 0), (2, 2)]
    assert all(to_hex(p.get_edgecolor()) == to_hex(EDGES["kernel"]) for p in outlines)
    assert all(p.get_facecolor()[3] == 0 for p in outlines)  # outlines only


def test_per_cell_roles_and_their_errors(ax):
    roles = np.array([["input", "padding"], ["zero", "output"]])
    grid = draw_grid(ax, np.ones((2, 2)), colors=roles, fmt=None)
    assert [to_hex(p.get_facecolor()) for p in grid.cells] == [
        to_hex(COLORS[r]) for r in roles.ravel()
    ]
    assert [p.get_linestyle() for p in grid.cells] == ["solid", "dashed", "dotted", "solid"]
    assert grid.texts == []
    with pytest.raises(ConvmathError, match=r"array of shape \(2, 2\)") as error:
        draw_grid(ax, np.ones((2, 2)), colors=roles[:1])
    assert error.value.argument == "colors"
    with pytest.raises(ConvmathError, match="colors must be a role") as error:
        draw_grid(ax, [1], colors="no-such-colour")
    assert error.value.argument == "colors"
    with pytest.raises(ConvmathError, match="non-empty 1-D or 2-D"):
        draw_grid(ax, np.ones((2, 2, 2)))


def test_signed_uses_the_typographic_minus():
    assert signed(-3) == "−3" and signed(0.25) == "0.25" and signed(-0.5) == "−0.5"

"""The scene of an animation: canvas and output drawn once, then moved frame by frame.

Colours follow :mod:`convmath.figures.palette`: input light blue, padding grey (dashed), inserted
zeros white (dotted), kernel orange, output green, the current output cell in the highlight tint.

Examples
--------
>>> from convmath.figures.animation.plan import plan_animation
>>> from convmath.figures.style import house_style
>>> with house_style():
...     scene = draw_animation(plan_animation("conv", (4, 4), (3, 3)), values=True)
>>> # 4 output cells, the first two written after frame 1
>>> _ = scene.update(1)
>>> [t.get_visible() for t in scene.output.texts]
[True, True, False, False]
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.animation.labels import cell_text, title_lines
from convmath.figures.animation.plan import FPS, AnimationPlan
from convmath.figures.animation.values import animation_values, check_pool
from convmath.figures.colors import COLORS, EDGES, legend_handles, tint
from convmath.figures.grids import GridArtists, draw_grid
from convmath.figures.palette import HIGHLIGHT

__all__ = ["AnimationScene", "draw_animation", "CURRENT_FACE", "FLIPPED_NOTE", "LABEL_POINTS"]

#: Size of every number and label in an animation at its default size (print legibility).
LABEL_POINTS = 7.0
#: Said under a transposed convolution's title whenever its kernel entries are written.
FLIPPED_NOTE = (
    "kernel shown flipped (rotated 180°): the equivalent convolution of a transposed one "
    "uses w[::-1, ::-1]"
)

# The kernel is drawn inset in each cell it covers, so the cell's own colour (input,
# padding or inserted zero) still shows as a frame around it.
_INSET = 0.12
#: Empty columns between the canvas and the output grid.
_GAP = 2.0
#: Face of the output cell being computed in the current frame.
CURRENT_FACE = tint(HIGHLIGHT, 0.45)


class _CellTexts(NamedTuple):
    """What the cells show: canvas and output texts (None: empty), the kernel labels."""

    canvas: np.ndarray
    output: np.ndarray
    kernel: list[str]


class AnimationScene:
    """A figure with the canvas and the output drawn once, and :meth:`update` per frame.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    plan : AnimationPlan
    canvas, output : GridArtists
        The two grids (see :func:`convmath.figures.grids.draw_grid`).
    kernel : list of Rectangle
        One patch per kernel tap, moved every frame.
    kernel_labels : list of Text
        The kernel entry written in each tap (``values=True``, not for pooling).
    current : Rectangle
        The output cell being computed.
    title : matplotlib.text.Text
    """

    def __init__(
        self,
        plan: AnimationPlan,
        *,
        values: bool = False,
        pool: str = "max",
        seed: int = 0,
        cell: float | None = None,
        input_values: Any = None,
        kernel_values: Any = None,
    ) -> None:
        from matplotlib.figure import Figure

        check_pool(pool)
        self.plan = plan
        self.values = values
        lines = title_lines(plan, pool=pool)
        if values and plan.mode == "conv-transpose":
            lines.append(FLIPPED_NOTE)
        size = _figure_size(plan, len(lines), cell, values=values)
        self.figure = Figure(figsize=size, layout="constrained")
        ax = self.figure.add_subplot()
        self.axes = ax
        given = {"input_values": input_values, "kernel_values": kernel_values}
        texts = _cell_texts(plan, values, pool, seed, given)
        self.canvas, self.output = _draw_grids(ax, plan, texts)
        fontsize = LABEL_POINTS
        self.kernel = _kernel_patches(ax, plan)
        self.kernel_labels = _kernel_labels(ax, texts.kernel, fontsize)
        self.current = _current_cell(ax, self.output.origin)
        _legend(ax, plan)
        self.title = ax.set_title("\n".join(lines), fontsize=7, linespacing=1.35, pad=4)
        rows, cols = plan.canvas_shape
        o_rows, o_cols = plan.output_grid
        ax.set_xlim(-0.1, cols + _GAP + o_cols + 0.1)
        ax.set_ylim(max(rows, o_rows) + 0.1, -1.0)  # room for the grid titles
        self._blit: tuple[Any, ...] | None = None
        self.update(0)

    def update(self, frame: int) -> list[Any]:
        """Show `frame`: the kernel at output position `frame`, or the finished output."""
        plan = self.plan
        if not 0 <= frame < plan.frame_count:
            raise ConvmathError(
                f"frame must be between 0 and {plan.frame_count - 1}; got {frame}",
                argument="frame",
            )
        moving = frame < plan.positions
        done = frame if moving else plan.positions
        for j, rect in enumerate(self.output.cells):
            rect.set_facecolor(COLORS["output"] if j < done else "white")
        for j, text in enumerate(self.output.texts):
            text.set_visible(j <= frame)
        for artist in (*self.kernel, *self.kernel_labels, self.current):
            artist.set_visible(moving)
        if moving:
            taps = plan.taps(frame)
            for patch, (r, c) in zip(self.kernel, taps):
                patch.set_xy((c + _INSET, r + _INSET))
            for label, (r, c) in zip(self.kernel_labels, taps):
                label.set_position((c + 0.95 - _INSET, r + 0.97 - _INSET))
            o_cols = plan.output_grid[1]
            x0, y0 = self.output.origin
            self.current.set_xy((x0 + frame % o_cols, y0 + frame // o_cols))
        return [*self.kernel, *self.kernel_labels, self.current, *self.output.cells]

    def _changing_artists(self) -> list[Any]:
        """Every artist a frame may change, in drawing (z) order."""
        changing = [
            *self.output.cells,
            *self.kernel,
            self.current,
            *self.output.texts,
            *self.kernel_labels,
        ]
        if self.values:  # the kernel covers these: redraw them above it
            changing += self.canvas.texts
        changing.sort(key=lambda artist: artist.get_zorder())
        return changing

    def frame_image(self, dpi: float) -> Any:
        """The current frame as a PIL RGB image, drawn by blitting.

        The first call lays the figure out, freezes the layout and renders everything that
        never changes once; every call then restores that background and draws only the
        artists that change (output cells and numbers, kernel, current cell -- and, with
        values, the canvas numbers the kernel covers). The scene is then meant for frames
        only: its changing artists are marked animated, so a plain ``draw`` omits them.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        figure = self.figure
        if self._blit is None or self._blit[0] != dpi:
            figure.set_dpi(dpi)
            canvas = FigureCanvasAgg(figure)
            figure.draw_without_rendering()
            figure.set_layout_engine("none")
            changing = self._changing_artists()
            for artist in changing:
                artist.set_animated(True)
            canvas.draw()
            self._blit = (dpi, canvas, canvas.copy_from_bbox(figure.bbox), changing)
        _, canvas, background, changing = self._blit
        canvas.restore_region(background)
        for artist in changing:
            if artist.get_visible():
                figure.draw_artist(artist)
        rgba = Image.frombuffer(
            "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        return rgba.convert("RGB")

    def to_animation(self, *, fps: float = FPS) -> Any:
        """A ``matplotlib.animation.FuncAnimation`` of the scene (for notebooks)."""
        from matplotlib.animation import FuncAnimation

        return FuncAnimation(
            self.figure, self.update, frames=self.plan.frame_count, interval=1000 / fps
        )


def draw_animation(
    plan: AnimationPlan, *, values: bool = False, pool: str = "max", seed: int = 0
) -> AnimationScene:
    """Draw the scene of `plan` (inside :func:`convmath.figures.style.house_style`)."""
    return AnimationScene(plan, values=values, pool=pool, seed=seed)


def _figure_size(
    plan: AnimationPlan, n_lines: int, cell: float | None, *, values: bool = False
) -> tuple[float, float]:
    """Inches: the canvas, a gap and the output side by side, the title above.

    With values a cell holds its number and the kernel weight: up to 0.4 in, not 0.3 in.
    """
    rows, cols = plan.canvas_shape
    o_rows, o_cols = plan.output_grid
    width_cells = cols + _GAP + o_cols
    height_cells = max(rows, o_rows) + 1.1
    largest = 0.4 if values else 0.3
    cell = cell if cell is not None else min(largest, 5.6 / width_cells, 3.2 / height_cells)
    fig_w = max(width_cells * cell + 0.3, 5.4)
    fig_h = height_cells * cell + 0.16 * n_lines + 0.55
    return fig_w, fig_h


def _cell_texts(
    plan: AnimationPlan, values: bool, pool: str, seed: int, given: dict[str, Any]
) -> _CellTexts:
    """The numbers written in the cells (``values=True``), or no numbers at all."""
    if not values:
        return _CellTexts(
            canvas=np.full(plan.canvas_shape, None, dtype=object),
            output=np.full(plan.output_grid, None, dtype=object),
            kernel=[],
        )
    x, w, y = animation_values(plan, pool=pool, seed=seed, **given)
    flat = x.ravel()
    pad_text = "" if plan.mode == "pool" else "0"
    canvas = np.array(
        [[cell_text(flat[s]) if s >= 0 else pad_text for s in row] for row in plan.source],
        dtype=object,
    )
    # the equivalent convolution of a transposed one uses the flipped kernel
    shown_w = np.flip(w) if plan.mode == "conv-transpose" else w
    # pooling has no weights: no labels on the window
    kernel = [] if plan.mode == "pool" else [cell_text(v) for v in np.asarray(shown_w).ravel()]
    output = np.array([cell_text(v) for v in np.asarray(y).ravel()], dtype=object)
    return _CellTexts(canvas, output.reshape(plan.output_grid), kernel)


def _draw_grids(
    ax: Any, plan: AnimationPlan, texts: _CellTexts
) -> tuple[GridArtists, GridArtists]:
    """The canvas (left) and the output (right, vertically centred), output cells blank."""
    rows, cols = plan.canvas_shape
    o_rows, _ = plan.output_grid
    canvas = draw_grid(
        ax,
        texts.canvas,
        fmt="{}",
        colors=plan.roles,
        title="padded input" if any(map(any, plan.canvas_padding)) else "input",
        fontsize=LABEL_POINTS,
    )
    origin = (cols + _GAP, (max(rows, o_rows) - o_rows) / 2)
    output = draw_grid(
        ax,
        texts.output,
        fmt="{}",
        colors="output",
        origin=origin,
        title="output",
        fontsize=LABEL_POINTS,
    )
    for rect in output.cells:
        rect.set_facecolor("white")
    # texts of the output are revealed as the kernel reaches them
    for text in output.texts:
        text.set_visible(False)
    return canvas, output


def _kernel_patches(ax: Any, plan: AnimationPlan) -> list[Any]:
    """One inset square per kernel tap (placed by :meth:`AnimationScene.update`)."""
    from matplotlib.patches import Rectangle

    kh, kw = plan.kernel_grid
    patches = []
    for _ in range(kh * kw):
        patch = Rectangle(
            (0, 0),
            1 - 2 * _INSET,
            1 - 2 * _INSET,
            facecolor=COLORS["kernel"],
            edgecolor=EDGES["kernel"],
            linewidth=1.1,
            zorder=2,
        )
        ax.add_patch(patch)
        patches.append(patch)
    return patches


def _kernel_labels(ax: Any, texts: list[str], fontsize: float) -> list[Any]:
    """The ``×w`` label of each kernel tap, in its cell's lower-right corner."""
    return [
        ax.text(
            0,
            0,
            f"×{value}",
            ha="right",
            va="bottom",
            fontsize=fontsize,
            color=EDGES["kernel"],
            zorder=4,
        )
        for value in texts
    ]


def _current_cell(ax: Any, origin: tuple[float, float]) -> Any:
    """The highlight of the output cell being computed."""
    from matplotlib.patches import Rectangle

    patch = Rectangle(
        origin,
        1,
        1,
        facecolor=CURRENT_FACE,
        edgecolor=EDGES["kernel"],
        linewidth=1.6,
        zorder=2,
    )
    ax.add_patch(patch)
    return patch


def _legend(ax: Any, plan: AnimationPlan) -> Any:
    """The colour code of the roles this animation shows, below the grids."""
    roles = ["input"]
    if (plan.roles == "padding").any():
        roles.append("padding")
    if (plan.roles == "zero").any():
        roles.append("zero")
    roles += ["kernel", "output"]
    handles = legend_handles(roles)
    if plan.mode == "pool":
        handles[roles.index("kernel")].set_label("pooling window")
    return ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(roles),
        handlelength=1.2,
        columnspacing=1.2,
        borderaxespad=0.2,
    )

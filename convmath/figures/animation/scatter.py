"""Transposed convolution as scatter (d2l's picture): each input element stamps a scaled kernel.

Frame ``n`` (C order over the input) adds ``x[n] · w`` to the output canvas at offset
``stride · index`` (taps ``dilation`` apart); the canvas numbers are the running sums. The
last frame crops ``padding`` cells from each side (plus ``output_padding`` zeros on the high
side): what is left is the output, equal to :func:`convmath.numeric.conv_transpose`. It is the
same operation the zero-insertion view (:class:`~.scene.AnimationScene`) draws as a
stride-1 convolution; the running sums are :func:`~convmath.numeric.conv_transpose` of the
elements stamped so far, with no padding.

Examples
--------
>>> from convmath.figures.animation.plan import plan_animation
>>> from convmath.figures.style import house_style
>>> plan = plan_animation("conv-transpose", (2, 2), (2, 2))
>>> with house_style():
...     scene = ScatterScene(plan, input_values=[[0, 1], [2, 3]], kernel_values=[[0, 1], [2, 3]])
>>> # after the 2nd element (x = 1) the first row of the 3 x 3 canvas reads 0, 0, 1
>>> _ = scene.update(1)
>>> [t.get_text() for t in scene.sums[:3]]
['0', '0', '1']
>>> scene.frame_count  # 4 elements + the cropped output
5
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.animation.labels import cell_text, title_lines
from convmath.figures.animation.plan import AnimationPlan, as_2d
from convmath.figures.animation.values import animation_values
from convmath.figures.colors import COLORS, EDGES, legend_handles
from convmath.figures.grids import draw_grid
from convmath.figures.palette import HIGHLIGHT
from convmath.figures.registry import freeze_layout

__all__ = ["ScatterScene", "scatter_sums"]

_POINTS = 7.0
_INSET = 0.1
_GAP = 1.6


def scatter_sums(plan: AnimationPlan, x: np.ndarray, w: np.ndarray, count: int) -> np.ndarray:
    """The uncropped canvas after the first `count` input elements (C order) are stamped.

    :func:`~convmath.numeric.conv_transpose` without padding: ``(n - 1) s + d (k - 1) + 1``
    per axis, and zeros on the high side where the output reaches past it (output padding
    larger than the padding).
    """
    from convmath.numeric.correlation import conv_transpose

    mask = (np.arange(x.size) < count).reshape(x.shape)
    full = conv_transpose(
        (x * mask)[None], w[None, None], stride=plan.stride, dilation=plan.dilation
    )[0]
    reach = [lo + o - n for (lo, _), o, n in zip(plan.padding, plan.output_shape, full.shape)]
    padded = np.pad(full, [(0, max(r, 0)) for r in reach])
    return padded.reshape(as_2d(padded.shape))


class ScatterScene:
    """The scatter view of a transposed convolution, one frame per input element + 1.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    plan : AnimationPlan
    x, w, y : numpy.ndarray
        Input, kernel and output (``y`` from :func:`~convmath.numeric.conv_transpose`).
    sums : list of Text
        The running sum written in each canvas cell, row-major.
    """

    def __init__(self, plan: AnimationPlan, *, seed: int = 0, **given: Any) -> None:
        from matplotlib.figure import Figure

        if plan.mode != "conv-transpose":
            raise ConvmathError(
                f"view scatter is for conv-transpose; got {plan.mode!r}", argument="view"
            )
        self.plan = plan
        self.x, self.w, self.y = animation_values(plan, seed=seed, **given)
        canvas = scatter_sums(plan, self.x, self.w, self.x.size)
        self._canvas_shape = canvas.shape
        lines = [*title_lines(plan)[:2], "scatter view: each input element adds x · w at stride s"]
        self.figure = Figure(figsize=self._size(len(lines)), layout="constrained")
        ax = self.axes = self.figure.add_subplot()
        self._draw_static(ax)
        self.title = ax.set_title("\n".join(lines), fontsize=_POINTS, linespacing=1.35, pad=4)
        self.update(self.x.size)  # the widest texts: lay out once for every frame
        freeze_layout(self.figure)
        self.update(0)

    @property
    def frame_count(self) -> int:
        """One frame per input element, then the cropped output."""
        return self.x.size + 1

    def _size(self, n_lines: int) -> tuple[float, float]:
        rows, cols = self._canvas_shape
        left_rows = sum(as_2d(s)[0] for s in (self.plan.input_shape, self.plan.kernel_shape))
        self._left = max(as_2d(self.plan.input_shape)[1], as_2d(self.plan.kernel_shape)[1])
        width = self._left + _GAP + cols
        height = max(left_rows + 1.6, rows) + 1.2
        cell = min(0.42, 5.0 / width, 3.4 / height)
        return max(width * cell + 0.4, 4.6), height * cell + 0.16 * n_lines + 0.75

    def _draw_static(self, ax: Any) -> None:
        from matplotlib.patches import Rectangle

        x_rows = as_2d(self.plan.input_shape)[0]
        self.inputs = draw_grid(
            ax, self.x.reshape(as_2d(self.x.shape)), fmt=cell_text, title="input x",
            fontsize=_POINTS, origin=(0, 0),
        )  # fmt: skip
        draw_grid(
            ax, self.w.reshape(as_2d(self.w.shape)), fmt=cell_text, colors="kernel",
            title="kernel w", fontsize=_POINTS, origin=(0, x_rows + 1.4),
        )  # fmt: skip
        rows, cols = self._canvas_shape
        origin = (self._left + _GAP, 0.0)
        self.canvas = draw_grid(
            ax, np.full((rows, cols), None, dtype=object), fmt=None, colors="zero",
            title="output (running sums)", fontsize=_POINTS, origin=origin,
        )  # fmt: skip
        self.sums = [
            ax.text(origin[0] + c + 0.5, r + 0.5, "", ha="center", va="center", fontsize=_POINTS)
            for r in range(rows)
            for c in range(cols)
        ]
        kh, kw = as_2d(self.plan.kernel_shape)
        self.stamp = [
            Rectangle((0, 0), 1 - 2 * _INSET, 1 - 2 * _INSET, facecolor="none",
                      edgecolor=EDGES["kernel"], linewidth=1.4, zorder=3)
            for _ in range(kh * kw)
        ]  # fmt: skip
        for patch in self.stamp:
            ax.add_patch(patch)
        self.current = Rectangle((0, 0), 1, 1, facecolor="none", edgecolor=HIGHLIGHT,
                                 linewidth=2.0, zorder=3)  # fmt: skip
        ax.add_patch(self.current)
        handles = legend_handles(["input", "kernel", "zero", "output"])
        handles[2].set_label("not yet written / cropped")
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4,
                  handlelength=1.2, columnspacing=1.0, borderaxespad=0.2)  # fmt: skip
        self.caption = ax.text(
            origin[0] + cols / 2, rows + 0.3, "", ha="center", va="top", fontsize=_POINTS
        )
        ax.set_xlim(-0.1, origin[0] + cols + 0.1)
        ax.set_ylim(max(rows + 1.0, x_rows + 1.4 + as_2d(self.plan.kernel_shape)[0]) + 0.1, -0.9)

    def update(self, frame: int) -> list[Any]:
        """Show `frame`: element `frame` stamped, or (last frame) the cropped output."""
        if not 0 <= frame < self.frame_count:
            raise ConvmathError(
                f"frame must be between 0 and {self.frame_count - 1}; got {frame}",
                argument="frame",
            )
        stamping = frame < self.x.size
        done = frame + 1 if stamping else self.x.size
        sums = scatter_sums(self.plan, self.x, self.w, done)
        touched = scatter_sums(self.plan, np.ones_like(self.x), np.ones_like(self.w), done) > 0
        region = self._output_region()
        for index, (text, cell) in enumerate(zip(self.sums, self.canvas.cells)):
            r, c = divmod(index, sums.shape[1])
            inside = region[0][0] <= r < region[0][1] and region[1][0] <= c < region[1][1]
            text.set_text(cell_text(sums[r, c]) if touched[r, c] or not stamping else "")
            face = COLORS["output"] if (not stamping and inside) else COLORS["zero"]
            cell.set_facecolor(face)
            text.set_color("white" if (not stamping and inside) else "black")
        self._place_stamp(frame if stamping else None)
        self.caption.set_text(self._caption(frame if stamping else None, region))
        return [*self.sums, *self.canvas.cells, *self.stamp, self.current, self.caption]

    def _caption(self, element: int | None, region: Any) -> str:
        """What the frame adds (``x[1, 0] = 2 adds 2·w at (1, 0)``), or where the output is."""
        if element is None:
            if not any(lo for lo, _ in self.plan.padding):
                return "output = the sums"
            (r0, r1), (c0, c1) = region
            return f"output = sums[{r0}:{r1}, {c0}:{c1}] (padding crops the rest)"
        index = np.unravel_index(element, self.x.shape)
        at = tuple(int(i * s) for i, s in zip(index, self.plan.stride))
        value = cell_text(self.x[index])
        where = ", ".join(map(str, index))
        return f"x[{where}] = {value} adds {value}·w at {at if len(at) > 1 else at[0]}"

    def _output_region(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Canvas rows and columns ``[p, p + o)`` that form the output (padding crops)."""
        spans = [(lo, lo + o) for (lo, _), o in zip(self.plan.padding, self.plan.output_shape)]
        return ((0, 1), spans[0]) if len(spans) == 1 else (spans[0], spans[1])

    def _place_stamp(self, element: int | None) -> None:
        for patch in (*self.stamp, self.current):
            patch.set_visible(element is not None)
        if element is None:
            return
        n_cols = as_2d(self.plan.input_shape)[1]
        i, j = divmod(element, n_cols)
        s_r, s_c = as_2d(self.plan.stride)
        d_r, d_c = as_2d(self.plan.dilation)
        kw = as_2d(self.plan.kernel_shape)[1]
        x0 = self.canvas.origin[0]
        for tap, patch in enumerate(self.stamp):
            a, b = divmod(tap, kw)
            patch.set_xy((x0 + j * s_c + b * d_c + _INSET, i * s_r + a * d_r + _INSET))
        self.current.set_xy((j, i))

    def frame_image(self, dpi: float) -> Any:
        """The current frame as a PIL RGB image (the whole figure drawn)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        self.figure.set_dpi(dpi)
        canvas = FigureCanvasAgg(self.figure)
        canvas.draw()
        rgba = Image.frombuffer(
            "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        return rgba.convert("RGB")

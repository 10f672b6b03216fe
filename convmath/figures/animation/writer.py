"""Writing animations: GIF (Pillow, one shared palette) or MP4 (ffmpeg), never half a file.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> # 4 positions (2 x 2 = 4 - 3 + 1 per axis) + 2 hold frames
>>> path = animate("conv", (4, 4), (3, 3), folder / "conv.gif", dpi=40)
>>> from PIL import Image
>>> with Image.open(path) as gif:
...     gif.info["duration"], gif.info["loop"]
(800, 0)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from convmath.errors import ConvmathError
from convmath.figures.animation.plan import FPS, HOLD_FRAMES, AnimationPlan, plan_animation
from convmath.figures.animation.scene import CURRENT_FACE, AnimationScene

__all__ = [
    "GIF_COLORS",
    "FRAME_FORMATS",
    "save_animation",
    "save_frames",
    "animate",
    "gif_frame_count",
]

#: Formats of the frames :func:`save_frames` writes (a paper includes PDF frames).
FRAME_FORMATS = ("pdf", "svg", "png")
#: How a transposed convolution is drawn: zero insertion (a stride-1 convolution) or scatter.
VIEWS = ("zeros", "scatter")

#: Colours of the GIF palette shared by all frames (the colour code, tints and grey text).
GIF_COLORS = 64
_FORMATS = ("gif", "mp4")


def save_animation(
    plan: AnimationPlan,
    path: str | os.PathLike[str],
    *,
    values: bool = False,
    pool: str = "max",
    seed: int = 0,
    dpi: float = 100,
    fps: float = FPS,
    input_values: Any = None,
    kernel_values: Any = None,
    view: str = "zeros",
) -> Path:
    """Write the animation of `plan` to a ``.gif`` (Pillow) or ``.mp4`` (needs ffmpeg).

    `view` ``"scatter"`` (conv-transpose only) draws :class:`~.scatter.ScatterScene`, each
    input element stamping a scaled kernel, instead of the zero-insertion view.

    The file is written under a temporary name and renamed, so a failure never leaves half
    a file; the GIF holds no timestamp, so the same call gives the same bytes. A GIF holds
    :func:`gif_frame_count` frames: the finished output is one frame shown
    :data:`HOLD_FRAMES` times as long.

    Raises
    ------
    ConvmathError
        Another suffix, ``.mp4`` without ffmpeg, or a folder that cannot be written.
    """
    from convmath._io import atomic_path
    from convmath.figures.style import house_style

    target = Path(path)
    fmt = _check_output(target, dpi, fps)
    with house_style():
        scene = make_scene(
            plan,
            view,
            values=values,
            pool=pool,
            seed=seed,
            input_values=input_values,
            kernel_values=kernel_values,
        )
        if fmt == "gif":
            writer = _gif_writer(fps, lambda: scene.frame_image(dpi))
            frames = range(gif_frame_count(plan, view))
        else:  # pragma: no cover - needs ffmpeg
            from matplotlib.animation import FFMpegWriter

            # ffmpeg takes fractional frame rates; the stubs say int
            writer = FFMpegWriter(fps=fps, metadata={"comment": "convmath"})  # type: ignore[arg-type]
            frames = range(plan.frame_count if view == "zeros" else scene.frame_count)
        with atomic_path(target) as temporary, writer.saving(scene.figure, temporary, dpi):
            for frame in frames:
                scene.update(frame)
                writer.grab_frame()
    return target


def make_scene(plan: AnimationPlan, view: str = "zeros", **options: Any) -> Any:
    """The scene of `view`: ``"zeros"`` (:class:`AnimationScene`) or ``"scatter"``
    (:class:`~.scatter.ScatterScene`, which always writes the numbers; conv-transpose)."""
    if view not in VIEWS:
        raise ConvmathError(
            f"view must be one of {', '.join(VIEWS)}; got {view!r}", argument="view"
        )
    if view == "zeros":
        return AnimationScene(plan, **options)
    from convmath.figures.animation.scatter import ScatterScene

    if options.pop("pool", "max") != "max":
        raise ConvmathError("the scatter view has no pooling", argument="pool")
    options.pop("values", None)
    return ScatterScene(plan, **options)


def save_frames(
    plan: AnimationPlan,
    folder: str | os.PathLike[str],
    *,
    fmt: str = "pdf",
    stem: str | None = None,
    dpi: float = 100,
    view: str = "zeros",
    **scene_options: Any,
) -> list[Path]:
    """Write every frame of the GIF of `plan` as its own file: ``<stem>-000.<fmt>``, ...

    `stem` defaults to the mode; `scene_options` are :class:`AnimationScene`'s (values,
    pool, seed, input_values, kernel_values). Files are saved like the figures, with fixed
    metadata, so the same call gives the same bytes.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> # 4 positions (2 x 2 = 4 - 3 + 1 per axis) + the finished output
    >>> paths = save_frames(plan_animation("conv", (4, 4), (3, 3)), folder, fmt="svg")
    >>> [p.name for p in paths][-2:]
    ['conv-003.svg', 'conv-004.svg']
    """
    from convmath.figures._save import save_figure
    from convmath.figures.style import house_style

    if fmt not in FRAME_FORMATS:
        raise ConvmathError(
            f"frame format must be one of {', '.join(FRAME_FORMATS)}; got {fmt!r}",
            argument="fmt",
        )
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    from convmath.figures.registry import freeze_layout

    name = stem or (plan.mode if view == "zeros" else f"{plan.mode}-{view}")
    written = []
    with house_style():
        scene = make_scene(plan, view, **scene_options)
        scene.figure.set_dpi(dpi)
        freeze_layout(scene.figure)
        for frame in range(gif_frame_count(plan, view)):
            scene.update(frame)
            written.append(
                save_figure(scene.figure, target / f"{name}-{frame:03d}.{fmt}", dpi=dpi)
            )
    return written


def gif_frame_count(plan: AnimationPlan, view: str = "zeros") -> int:
    """Frames in the GIF of `plan`: one per output position (scatter view: per input
    element), then the finished output once.

    Examples
    --------
    >>> # 3 x 3 = 9 positions (5 - 3 + 1 per axis), then the finished output
    >>> gif_frame_count(plan_animation("conv", (5, 5), (3, 3)))
    10
    >>> gif_frame_count(plan_animation("conv-transpose", (2, 2), (3, 3)), "scatter")
    5
    """
    if view == "scatter":
        return math.prod(plan.input_shape) + 1
    return plan.positions + 1


def _check_output(target: Path, dpi: float, fps: float) -> str:
    """The format of `target` (``"gif"`` or ``"mp4"``), after checking dpi, fps and ffmpeg."""
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in _FORMATS:
        raise ConvmathError(
            f"animation file must end in .gif or .mp4; got {str(target)!r}", argument="path"
        )
    if not 10 <= float(dpi) <= 600:
        raise ConvmathError(f"dpi must be between 10 and 600; got {dpi!r}", argument="dpi")
    if not 0.1 <= float(fps) <= 30:
        raise ConvmathError(f"fps must be between 0.1 and 30; got {fps!r}", argument="fps")
    from matplotlib import animation as manim

    if fmt == "mp4" and not manim.writers.is_available("ffmpeg"):
        raise ConvmathError(
            f"writing {str(target)!r} needs ffmpeg, which is not installed; write a .gif instead",
            argument="path",
        )
    return fmt


def _gif_writer(fps: float, frame_source: Callable[[], Any]) -> Any:
    """A movie writer that takes frames from `frame_source` (PIL images, see
    :meth:`AnimationScene.frame_image`) and quantises them to ONE palette before saving.

    With a palette per frame (Pillow's default) the same colour gets different indices in
    consecutive frames and every frame is stored whole; with a shared palette only the
    changed rectangle is stored, which keeps the GIFs small.
    """
    from matplotlib.animation import AbstractMovieWriter
    from PIL import Image

    duration = int(round(1000 / fps))
    hold = duration * HOLD_FRAMES

    class SharedPaletteWriter(AbstractMovieWriter):
        def setup(self, fig: Any, outfile: Any, dpi: Any = None) -> None:
            super().setup(fig, outfile, dpi=dpi)
            self._rgb: list[Any] = []

        def grab_frame(self, **savefig_kwargs: Any) -> None:
            self._rgb.append(frame_source())

        def finish(self) -> None:
            width, height = self._rgb[0].size
            sheet = Image.new("RGB", (width, height * len(self._rgb)))
            for index, frame in enumerate(self._rgb):
                sheet.paste(frame, (0, index * height))
            palette = _palette(sheet)
            frames = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in self._rgb]
            frames[0].save(
                self.outfile,
                format="GIF",
                save_all=True,
                append_images=frames[1:],
                duration=[duration] * (len(frames) - 1) + [hold],
                loop=0,
            )

    # the frame rate is used only for `duration` above: the base class's `fps` stays unused
    return SharedPaletteWriter()


def _palette(sheet: Any) -> Any:
    """A palette image: the colour code's exact colours, then median-cut colours of `sheet`."""
    from matplotlib.colors import to_rgb
    from PIL import Image

    from convmath.figures.colors import COLORS, EDGES
    from convmath.figures.palette import HIGHLIGHT, SERIES

    fixed = [*SERIES.values(), *COLORS.values(), *EDGES.values(), HIGHLIGHT, CURRENT_FACE]
    exact = list(dict.fromkeys(tuple(round(255 * v) for v in to_rgb(c)) for c in fixed))
    rest = sheet.quantize(
        colors=GIF_COLORS - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    values = rest.getpalette()[: 3 * (GIF_COLORS - len(exact))]
    learned = [tuple(values[i : i + 3]) for i in range(0, len(values), 3)]
    # Pillow maps pixels to a palette through a reduced-precision cache: a learned colour
    # close to an exact one could capture it (white turning 253, 253, 252). Snap those.
    snapped = [
        next((e for e in exact if max(abs(a - b) for a, b in zip(e, rgb)) <= 8), rgb)
        for rgb in learned
    ]
    flat = [v for rgb in [*exact, *snapped] for v in rgb]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + [0] * (768 - len(flat)))
    return image


def animate(
    mode: str,
    input_shape: Sequence[int] | int,
    kernel_shape: Sequence[int] | int,
    path: str | os.PathLike[str],
    *,
    stride: object = None,
    padding: object = 0,
    dilation: object = 1,
    output_padding: object = 0,
    values: bool = False,
    pool: str = "max",
    seed: int = 0,
    dpi: float = 100,
    fps: float = FPS,
) -> Path:
    """Plan and save one animation: :func:`plan_animation`, then :func:`save_animation`."""
    plan = plan_animation(
        mode,
        input_shape,
        kernel_shape,
        stride=stride,
        padding=padding,
        dilation=dilation,
        output_padding=output_padding,
    )
    return save_animation(plan, path, values=values, pool=pool, seed=seed, dpi=dpi, fps=fps)

"""Animations of convolution arithmetic: the kernel sliding, the output filling in.

One frame per output position, in C order (top-left first), then :data:`HOLD_FRAMES`
frames of the finished output. Three modes:

* ``"conv"`` -- convolution (cross-correlation) over the zero-padded input, taps ``d``
  cells apart for dilation ``d``;
* ``"conv-transpose"`` -- transposed convolution drawn as Dumoulin & Visin draw it: the
  equivalent stride-1 convolution over the input with ``s - 1`` zeros inserted between
  neighbours, padded by ``d (k - 1) - p`` on each side (and the output padding ``a`` on the
  high side; a negative amount crops);
* ``"pool"`` -- max or average pooling (stride defaults to the window, as in PyTorch).

One job per module: :mod:`.plan` lays out the canvas and the kernel positions,
:mod:`.values` computes the numbers written in the cells (``values=True``), :mod:`.labels`
writes the title, :mod:`.scene` draws the figure and moves it frame by frame, and
:mod:`.writer` saves the GIF or MP4 (or every frame as a file). :mod:`.scatter` draws
the other view of a transposed convolution: each input element stamping a scaled kernel.

Examples
--------
>>> # Dumoulin & Visin's padding_strides: output 3 = floor((5 + 2*1 - 3) / 2) + 1
>>> plan = plan_animation("conv", (5, 5), (3, 3), stride=2, padding=1)
>>> plan.output_shape, plan.frame_count
((3, 3), 11)
"""

from __future__ import annotations

from convmath.figures.animation.labels import title_lines
from convmath.figures.animation.plan import (
    FPS,
    HOLD_FRAMES,
    MAX_CANVAS,
    MAX_POSITIONS,
    MODES,
    AnimationPlan,
    plan_animation,
)
from convmath.figures.animation.scatter import ScatterScene
from convmath.figures.animation.scene import AnimationScene, draw_animation
from convmath.figures.animation.values import POOL_OPS, animation_values
from convmath.figures.animation.writer import (
    FRAME_FORMATS,
    GIF_COLORS,
    VIEWS,
    animate,
    gif_frame_count,
    make_scene,
    save_animation,
    save_frames,
)

__all__ = [
    "MODES",
    "POOL_OPS",
    "HOLD_FRAMES",
    "FPS",
    "MAX_CANVAS",
    "MAX_POSITIONS",
    "GIF_COLORS",
    "AnimationPlan",
    "plan_animation",
    "animation_values",
    "title_lines",
    "AnimationScene",
    "draw_animation",
    "save_animation",
    "save_frames",
    "gif_frame_count",
    "FRAME_FORMATS",
    "VIEWS",
    "ScatterScene",
    "make_scene",
    "animate",
]

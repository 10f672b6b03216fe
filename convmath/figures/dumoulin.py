"""The 15 animations of Dumoulin & Visin's ``conv_arithmetic``, regenerated from parameters.

"A guide to convolution arithmetic for deep learning" (2016) illustrates each output-size
relationship with an animation; its repository builds them for fixed configurations. Here
each is one :class:`Preset`: the convolution of the guide's figure, and for the seven
``*_transposed`` ones the transposed convolution that maps that convolution's output back
to its input size (input ``o``, same ``k``, ``s``, ``p``, output padding
``a = (i + 2p - k) mod s``). Sizes come from :mod:`convmath.numeric.shapes` and
:mod:`convmath._sizes`, never typed in.

Examples
--------
>>> len(DUMOULIN_PRESETS)
15
>>> # padding_strides_odd: 3 = floor((6 + 2*1 - 3) / 2) + 1; transposed back: 6 with a = 1
>>> conv = preset_plan("padding_strides_odd")
>>> back = preset_plan("padding_strides_odd_transposed")
>>> conv.output_shape, back.input_shape, back.output_padding, back.output_shape
((3, 3), (3, 3), (1, 1), (6, 6))
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from convmath._sizes import selecting_output_padding
from convmath.errors import ConvmathError
from convmath.figures.animation import FPS, AnimationPlan, plan_animation, save_animation
from convmath.numeric.shapes import output_shape

__all__ = ["Preset", "DUMOULIN_PRESETS", "preset_names", "preset_plan", "render_presets"]


@dataclass(frozen=True)
class Preset:
    """One figure of the guide: the convolution ``(i, k, s, p, d)`` and whether transposed.

    Attributes
    ----------
    name : str
        The file name in ``vdumoulin/conv_arithmetic`` (``gif/<name>.gif``).
    i, k, s, p, d : int
        The convolution of the figure caption (square: the same on both axes).
    transposed : bool
        Animate the transposed convolution of that convolution instead.
    relationship : str
        The guide's relationship (``"R1"`` ... ``"R15"``) the figure illustrates; see
        :data:`convmath.symbolic.sizes.RELATIONSHIPS`.
    """

    name: str
    i: int
    k: int
    s: int = 1
    p: int = 0
    d: int = 1
    transposed: bool = False
    relationship: str = ""

    def plan(self) -> AnimationPlan:
        """The :class:`~convmath.figures.animation.AnimationPlan` of this figure."""
        shape, kernel = (self.i, self.i), (self.k, self.k)
        if not self.transposed:
            return plan_animation(
                "conv", shape, kernel, stride=self.s, padding=self.p, dilation=self.d
            )
        out = output_shape(shape, kernel, stride=self.s, padding=self.p, dilation=self.d)
        extra = selecting_output_padding(self.i, self.k, self.s, self.p, self.d)
        return plan_animation(
            "conv-transpose",
            out,
            kernel,
            stride=self.s,
            padding=self.p,
            dilation=self.d,
            output_padding=extra,
        )


def _table() -> dict[str, Preset]:
    convolutions = [
        # name, i, k, s, p, relationship (direct, transposed)
        ("no_padding_no_strides", 4, 3, 1, 0, "R1", "R8"),
        ("arbitrary_padding_no_strides", 5, 4, 1, 2, "R2", "R9"),
        ("same_padding_no_strides", 5, 3, 1, 1, "R3", "R10"),
        ("full_padding_no_strides", 5, 3, 1, 2, "R4", "R11"),
        ("no_padding_strides", 5, 3, 2, 0, "R5", "R12"),
        ("padding_strides", 5, 3, 2, 1, "R6", "R13"),
        ("padding_strides_odd", 6, 3, 2, 1, "R6", "R14"),
    ]
    table = {}
    for name, i, k, s, p, direct, _ in convolutions:
        table[name] = Preset(name, i, k, s, p, relationship=direct)
    for name, i, k, s, p, _, transposed in convolutions:
        table[f"{name}_transposed"] = Preset(
            f"{name}_transposed", i, k, s, p, transposed=True, relationship=transposed
        )
    table["dilation"] = Preset("dilation", 7, 3, 1, 0, d=2, relationship="R15")
    return table


#: The 15 animations, in the guide's order: 7 convolutions, their 7 transposes, dilation.
DUMOULIN_PRESETS: dict[str, Preset] = _table()


def preset_names() -> list[str]:
    """Names of the presets, in order."""
    return list(DUMOULIN_PRESETS)


def preset_plan(name: str) -> AnimationPlan:
    """The plan of preset `name`.

    Raises
    ------
    ConvmathError
        For an unknown name (the message lists the valid ones).
    """
    if name not in DUMOULIN_PRESETS:
        raise ConvmathError(
            f"preset must be 'dumoulin' or one of {', '.join(DUMOULIN_PRESETS)}; got {name!r}",
            argument="name",
        )
    return DUMOULIN_PRESETS[name].plan()


def render_presets(
    out_dir: str | os.PathLike[str],
    names: Iterable[str] | None = None,
    *,
    values: bool = False,
    dpi: float = 100,
    fps: float = FPS,
    progress: Callable[[str, Path], None] | None = None,
) -> list[Path]:
    """Write ``<name>.gif`` for every preset (or `names`) into `out_dir`; return the paths.

    Every name is checked before anything is written; `progress(name, path)` is called after
    each file.
    """
    chosen = preset_names() if names is None else list(names)
    plans = [(name, preset_plan(name)) for name in chosen]
    written = []
    for name, plan in plans:
        path = save_animation(plan, Path(out_dir) / f"{name}.gif", values=values, dpi=dpi, fps=fps)
        written.append(path)
        if progress is not None:
            progress(name, path)
    return written

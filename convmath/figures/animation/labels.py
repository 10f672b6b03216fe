"""The text of an animation: its title (configuration, output size from its formula, and for
transposed convolution the equivalent convolution) and the numbers written in cells.

Examples
--------
>>> from convmath.figures.animation.plan import plan_animation
>>> title_lines(plan_animation("conv", (4, 4), (3, 3)))[1]
'output 2×2:   o = i + 2p − k + 1 = 4 + 2·0 − 3 + 1 = 2'
>>> cell_text(2.0), cell_text(1.25)
('2', '1.25')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convmath.figures.animation.plan import AnimationPlan

__all__ = ["title_lines", "cell_text"]

_TITLES = {"conv": "Convolution", "conv-transpose": "Transposed convolution"}


def cell_text(value: float) -> str:
    """A cell's number: an integer without decimals, else at most two decimals."""
    value = float(value)
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


def _shape_text(shape: Sequence[int]) -> str:
    return "×".join(str(n) for n in shape)


def _param_text(values: Sequence[Any]) -> str:
    """One value when every axis has it, else the tuple."""
    values = list(values)
    if all(v == values[0] for v in values):
        return str(values[0])
    return "(" + ", ".join(str(v) for v in values) + ")"


def _axis_formula(plan: AnimationPlan, axis: int) -> str:
    """The output-size formula of one axis with its numbers put in, and the result."""
    i, k, s = plan.input_shape[axis], plan.kernel_shape[axis], plan.stride[axis]
    (lo, hi), d, o = plan.padding[axis], plan.dilation[axis], plan.output_shape[axis]
    extent = f"{k}" if d == 1 else f"{d}·({k} − 1) − 1"
    if plan.mode == "conv-transpose":
        a = plan.output_padding[axis]
        grow = f"{k}" if d == 1 else f"{d}·({k} − 1) + 1"
        return f"({i} − 1)·{s} − 2·{lo} + {grow} + {a} = {o}"
    pad = f"2·{lo}" if lo == hi else f"{lo} + {hi}"
    if s == 1:
        return f"{i} + {pad} − {extent} + 1 = {o}"
    return f"⌊({i} + {pad} − {extent}) / {s}⌋ + 1 = {o}"


def _general_formula(plan: AnimationPlan) -> str:
    dilated = any(d != 1 for d in plan.dilation)
    if plan.mode == "conv-transpose":
        grow = "d(k − 1) + 1" if dilated else "k"
        return f"o′ = (i′ − 1)s − 2p + {grow} + a"
    extent = "d(k − 1) − 1" if dilated else "k"
    if all(s == 1 for s in plan.stride):
        return f"o = i + 2p − {extent} + 1"
    return f"o = ⌊(i + 2p − {extent}) / s⌋ + 1"


def _configuration(plan: AnimationPlan, pool: str) -> str:
    """``"<Name>: input 5×5, kernel 3×3, stride 2, padding 1"`` and any other settings."""
    if plan.mode == "pool":
        name = f"{'Max' if pool == 'max' else 'Average'} pooling"
    else:
        name = _TITLES[plan.mode]
    pads = [lo if lo == hi else f"{lo}+{hi}" for lo, hi in plan.padding]
    parts = [
        f"input {_shape_text(plan.input_shape)}",
        f"{'window' if plan.mode == 'pool' else 'kernel'} {_shape_text(plan.kernel_shape)}",
        f"stride {_param_text(plan.stride)}",
        f"padding {_param_text(pads)}",
    ]
    if any(d != 1 for d in plan.dilation):
        parts.append(f"dilation {_param_text(plan.dilation)}")
    if plan.mode == "conv-transpose":
        parts.append(f"output padding {_param_text(plan.output_padding)}")
    return f"{name}: " + ", ".join(parts)


def title_lines(plan: AnimationPlan, *, pool: str = "max") -> list[str]:
    """The title: configuration, output size from its formula, and (transposed) the layout."""
    formulas = [_axis_formula(plan, axis) for axis in range(len(plan.input_shape))]
    distinct = list(dict.fromkeys(formulas))
    numbers = distinct[0] if len(distinct) == 1 else ";  ".join(formulas)
    lines = [
        _configuration(plan, pool),
        f"output {_shape_text(plan.output_shape)}:   {_general_formula(plan)} = {numbers}",
    ]
    if plan.mode == "conv-transpose":
        lines.append(_transposed_note(plan))
    return lines


def _transposed_note(plan: AnimationPlan) -> str:
    """How the transposed convolution is drawn: zeros inserted, padding (or crop)."""
    inserted = _param_text(plan.inserted)
    qs = [
        d * (k - 1) - lo for k, d, (lo, _) in zip(plan.kernel_shape, plan.dilation, plan.padding)
    ]
    if not any(plan.inserted):
        zeros = "no zeros"
    else:
        zeros = "1 zero" if set(plan.inserted) == {1} else f"{inserted} zeros"
    note = (
        f"= stride-1 convolution, {zeros} between inputs, padding d(k − 1) − p = {_param_text(qs)}"
    )
    if any(plan.output_padding):
        note += f" (+{_param_text(plan.output_padding)} high)"
    if any(q < 0 for q in qs):
        note += " (< 0: crop)"
    return note

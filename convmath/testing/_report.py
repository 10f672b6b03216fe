"""The result of a check: verdict, the shrunk failing case, a readable report, a reproducer.

Examples
--------
>>> r = CheckResult(op="conv1d", target="m:f", examples=3, families=["groups > 1"])
>>> r.passed
True
>>> print(r.report())
PASS m:f matches conv1d on 3 configurations; covered: groups > 1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convmath.testing._ops import OPS

__all__ = ["Failure", "CheckResult", "reproducer", "families_of"]


@dataclass
class Failure:
    """The smallest failing case: kind ``mismatch``, ``shape`` or ``raised``."""

    kind: str
    op: str
    kwargs: dict[str, Any]
    arrays: dict[str, np.ndarray]
    expected: np.ndarray
    received: np.ndarray | None = None
    error: str | None = None
    worst: float | None = None
    worst_index: tuple[int, ...] | None = None


@dataclass
class CheckResult:
    """What :func:`convmath.testing.check` found."""

    op: str
    target: str
    examples: int
    families: list[str] = field(default_factory=list)
    failure: Failure | None = None
    rtol: float = 1e-7
    atol: float = 1e-9
    array: str = "numpy"

    @property
    def passed(self) -> bool:
        return self.failure is None

    def report(self) -> str:
        """The text ``convmath check`` prints."""
        if self.failure is None:
            covered = ", ".join(self.families) or "defaults only"
            return (
                f"PASS {self.target} matches {self.op} on {self.examples} configurations; "
                f"covered: {covered}"
            )
        return _failure_text(self)

    def to_dict(self) -> dict[str, Any]:
        """One JSON-ready object for autograders."""
        out: dict[str, Any] = {
            "verdict": "pass" if self.passed else "fail",
            "op": self.op,
            "target": self.target,
            "examples": self.examples,
            "families": self.families,
            "rtol": self.rtol,
            "atol": self.atol,
        }
        f = self.failure
        if f is not None:
            out["kind"] = f.kind
            out["configuration"] = {
                "shapes": {k: list(v.shape) for k, v in f.arrays.items()},
                "kwargs": f.kwargs,
            }
            out["inputs"] = {k: v.tolist() for k, v in f.arrays.items()}
            out["expected"] = f.expected.tolist()
            out["received"] = None if f.received is None else f.received.tolist()
            out["error"] = f.error
            out["worst_difference"] = f.worst
            out["reproducer"] = reproducer(self)
        return out


def families_of(family: str, kwargs: dict[str, Any], shapes: dict[str, tuple[int, ...]]) -> set:
    """The option families a configuration exercises (for the success line).

    Examples
    --------
    >>> sorted(families_of("conv", {"stride": 2, "padding": 0, "dilation": 1, "groups": 3},
    ...                    {"x": (1, 3, 4), "w": (3, 1, 1)}))
    ['channels not a power of two', 'groups > 1', 'stride > 1', 'stride > kernel']
    """

    def big(v: Any, than: int = 0) -> bool:
        return any(t > than for t in (v if isinstance(v, tuple) else (v,)))

    out = set()
    kernel = shapes["w"][2:] if "w" in shapes else _axes(kwargs["kernel_size"], shapes)
    stride = _axes(kwargs.get("stride", 1), shapes)
    for name, label in [
        ("stride", "stride > 1"),
        ("padding", "padding > 0"),
        ("output_padding", "output_padding > 0"),
    ]:
        if big(kwargs.get(name, 0), 1 if name == "stride" else 0):
            out.add(label)
    if big(kwargs.get("dilation", 1), 1):
        out.add("dilation > 1")
    if kwargs.get("groups", 1) > 1:
        out.add("groups > 1")
    if any(s > k for s, k in zip(stride, kernel)):
        out.add("stride > kernel")
    spatial = shapes["x"][2:]
    if len(set(spatial)) > 1 or len(set(kernel)) > 1:
        out.add("non-square")
    if kwargs.get("count_include_pad") is False:
        out.add("count_include_pad=False")
    if any(c & (c - 1) for c in shapes["x"][1:2] + shapes.get("w", (1,))[:1]):
        out.add("channels not a power of two")
    del family
    return out


def _axes(value: Any, shapes: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    d = len(shapes["x"]) - 2
    return tuple(value) if isinstance(value, tuple) else (value,) * d


def _array_text(a: np.ndarray) -> str:
    return np.array2string(a, separator=", ", threshold=10**6, max_line_width=95)


def _call_text(f: Failure) -> str:
    args = ", ".join(f.arrays)
    kw = ", ".join(f"{k}={v!r}" for k, v in f.kwargs.items())
    return f"({args}, {kw})"


def _failure_text(r: CheckResult) -> str:
    f = r.failure
    assert f is not None
    shapes = ", ".join(f"{k}: {tuple(v.shape)}" for k, v in f.arrays.items())
    lines = [
        f"FAIL {r.target} differs from {r.op} (after {r.examples} configurations; "
        "smallest failing one below)",
        f"configuration: {shapes}; " + ", ".join(f"{k}={v!r}" for k, v in f.kwargs.items()),
    ]
    lines += [f"{k} =\n{_array_text(v)}" for k, v in f.arrays.items()]
    lines.append(f"expected (convmath.numeric), shape {tuple(f.expected.shape)} =")
    lines.append(_array_text(f.expected))
    if f.kind == "raised":
        lines.append(f"received: the function raised {f.error}")
    elif f.received is not None:
        lines.append(f"received, shape {tuple(f.received.shape)} =")
        lines.append(_array_text(f.received))
        if f.kind == "shape":
            lines.append(
                f"wrong output shape: expected {tuple(f.expected.shape)}, "
                f"received {tuple(f.received.shape)}"
            )
        else:
            lines.append(
                f"worst difference {f.worst:.6g} at index {f.worst_index} "
                f"(rtol={r.rtol:g}, atol={r.atol:g})"
            )
    lines += ["", "Reproducer:", reproducer(r)]
    return "\n".join(lines)


def reproducer(r: CheckResult) -> str:
    """Python code that replays the failing case: paste it and run it."""
    f = r.failure
    assert f is not None
    module, _, name = r.target.partition(":")
    ref = OPS[f.op].family
    if module.endswith(".py"):
        load = (
            "import importlib.util\n"
            f"spec = importlib.util.spec_from_file_location('user_module', {module!r})\n"
            "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
            f"fn = mod.{name}"
        )
    else:
        load = f"from {module} import {name} as fn"
    arrays = "\n".join(f"{k} = np.array({_array_text(v)})" for k, v in f.arrays.items())
    kw = ", ".join(f"{k}={v!r}" for k, v in f.kwargs.items())
    call_ref = _reference_call(ref, f, kw)
    return (
        f"import numpy as np\nfrom convmath import numeric\n{load}\n{arrays}\n"
        f"expected = {call_ref}\n"
        f"received = np.asarray(fn({', '.join(f.arrays)}, {kw}))\n"
        "print(expected.shape, received.shape)\n"
        "print(np.abs(received - expected).max() if received.shape == expected.shape else 'shape')"
    )


def _reference_call(ref: str, f: Failure, kw: str) -> str:
    if "w" in f.arrays:
        return f"numeric.{ref}(x, w, {kw})"
    d = f.arrays["x"].ndim - 2
    kwargs = dict(f.kwargs)
    kernel = kwargs.pop("kernel_size")
    rest = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"numeric.{ref}(x, {kernel!r}, ndim={d}, {rest})"

"""Benchmark: convmath's displayed results against the forms a textbook gives (issue 10 §1).

``TABLE`` lists textbook convolution pairs, each with the closed form as a textbook writes
it, typed here by hand from the integral (``with sp.evaluate(False)``, so that
``e^(-(t-3))`` stays as written), never copied from convmath's output. For each pair the
table prints ``sympy.count_ops`` of the textbook form and of convmath's displayed form
(:func:`convmath.symbolic.presentation.display_form`) and their ratio. The bound: a ratio of
at most 1, or at most 1.25 for the pairs in ``ALLOWED_OVER`` (each with its reason).
``tests/test_present_textbook.py`` asserts it, and checks every textbook form numerically
against the engine's result.

Run ``python benchmarks/bench_textbook.py`` (or ``python benchmarks/run.py textbook``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

__all__ = ["TABLE", "ALLOWED_OVER", "Pair", "derivation", "measure", "run", "main"]

t = sp.Symbol("t")
a, b = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True)
R = sp.Rational
u, delta, exp, sqrt, Abs, pi = sp.Heaviside, sp.DiracDelta, sp.exp, sp.sqrt, sp.Abs, sp.pi
sin, cos, erf, ln = sp.sin, sp.cos, sp.erf, sp.log


def _between(lo: Any, x: Any, hi: Any) -> sp.Basic:
    return sp.And(lo <= x, x < hi)


@dataclass(frozen=True)
class Pair:
    """One row: ``f * g`` typed as a user types it, and the textbook's closed form."""

    name: str
    f: str = ""
    g: str = ""
    textbook: Callable[[], sp.Expr] = field(default=lambda: sp.S.Zero, repr=False)
    parameters: tuple[str, ...] = ()
    stomach: dict[str, Any] | None = None  # derive_stomach arguments instead of f, g

    def written(self) -> sp.Expr:
        """The textbook form exactly as written (no automatic simplification)."""
        with sp.evaluate(False):
            return self.textbook()


def _stomach(meals: list[tuple[Any, Any, Any]], emptying: tuple[str, Any]) -> dict[str, Any]:
    return {"meals": meals, "emptying": emptying}


_BREAKFAST = lambda: 1200 / ln(2) * (1 - 2 ** (-(t - 7) / 2))  # noqa: E731
_BREAKFAST_DONE = lambda: 1200 / ln(2) * (2 ** (-(t - R(15, 2)) / 2) - 2 ** (-(t - 7) / 2))  # noqa: E731

TABLE: list[Pair] = [
    Pair("causal exponentials", "exp(-t) u(t)", "exp(-2 t) u(t)",
         lambda: (exp(-t) - exp(-2 * t)) * u(t)),
    Pair("equal rates", "exp(-t) u(t)", "exp(-t) u(t)", lambda: t * exp(-t) * u(t)),
    Pair("symbolic rates a, b", "exp(-a t) u(t)", "exp(-b t) u(t)",
         lambda: sp.Piecewise(((exp(-a * t) - exp(-b * t)) / (b - a) * u(t), sp.Ne(a, b)),
                              (t * exp(-a * t) * u(t), sp.Eq(a, b))), ("a", "b")),
    Pair("equal symbolic rates", "exp(-a t) u(t)", "exp(-a t) u(t)",
         lambda: t * exp(-a * t) * u(t), ("a",)),
    Pair("exponential * step", "exp(-a t) u(t)", "u(t)",
         lambda: (1 - exp(-a * t)) / a * u(t), ("a",)),
    Pair("exp(-2t) * step", "exp(-2 t) u(t)", "u(t)", lambda: (1 - exp(-2 * t)) / 2 * u(t)),
    Pair("step * step", "u(t)", "u(t)", lambda: t * u(t)),
    Pair("ramp * exponential", "t u(t)", "exp(-t) u(t)", lambda: (t - 1 + exp(-t)) * u(t)),
    Pair("rect * rect", "rect(t)", "rect(t)",
         lambda: sp.Piecewise((1 - Abs(t), Abs(t) < 1), (0, True))),
    Pair("rect * exponential", "rect(t)", "exp(-t) u(t)",
         lambda: sp.Piecewise((1 - exp(-(t + R(1, 2))), _between(-R(1, 2), t, R(1, 2))),
                              ((exp(R(1, 2)) - exp(-R(1, 2))) * exp(-t), t >= R(1, 2)),
                              (0, True))),
    Pair("shifted pulses", "rect(t - 1)", "rect(t - 2)",
         lambda: sp.Piecewise((1 - Abs(t - 3), Abs(t - 3) < 1), (0, True))),
    Pair("pulses of widths 1 and 2", "u(t) - u(t - 1)", "u(t) - u(t - 2)",
         lambda: sp.Piecewise((t, _between(0, t, 1)), (1, _between(1, t, 2)),
                              (3 - t, _between(2, t, 3)), (0, True))),
    Pair("rect * wide rect", "rect(t)", "rect(t/2)",
         lambda: sp.Piecewise((1, Abs(t) < R(1, 2)),
                              (R(3, 2) - Abs(t), _between(R(1, 2), Abs(t), R(3, 2))),
                              (0, True))),
    Pair("pulse of width a * exponential", "rect(t/a)", "exp(-t) u(t)",
         lambda: sp.Piecewise((1 - exp(-(t + a / 2)), _between(-a / 2, t, a / 2)),
                              ((exp(a / 2) - exp(-a / 2)) * exp(-t), t >= a / 2), (0, True)),
         ("a",)),
    Pair("box * exponential", "u(t) - u(t - 1)", "exp(-t) u(t)",
         lambda: sp.Piecewise((1 - exp(-t), _between(0, t, 1)),
                              ((sp.E - 1) * exp(-t), t >= 1), (0, True))),
    Pair("shifted delta * exponential", "delta(t - 3)", "exp(-t) u(t)",
         lambda: exp(-(t - 3)) * u(t - 3)),
    Pair("delta train * rect", "delta(t) + delta(t - 1) + delta(t - 2)", "rect(t)",
         lambda: sp.Piecewise((1, _between(-R(1, 2), t, R(5, 2))), (0, True))),
    Pair("delta * delta", "delta(t - 1)", "delta(t - 2)", lambda: delta(t - 3)),
    Pair("delta pair * exponential", "delta(t) + delta(t - 1)", "exp(-t) u(t)",
         lambda: exp(-t) * u(t) + exp(-(t - 1)) * u(t - 1)),
    Pair("delta pair * rect + delta", "delta(t) + delta(t - 1)", "rect(t) + delta(t)",
         lambda: sp.Piecewise((1, _between(-R(1, 2), t, R(3, 2))), (0, True))
         + delta(t) + delta(t - 1)),
    Pair("Gaussian * Gaussian", "exp(-t^2)", "exp(-t^2)", lambda: sqrt(pi / 2) * exp(-t**2 / 2)),
    Pair("Gaussians of widths 1, 1/sqrt(2)", "exp(-t^2)", "exp(-2 t^2)",
         lambda: sqrt(pi / 3) * exp(-2 * t**2 / 3)),
    Pair("Gaussian * step", "exp(-t^2)", "u(t)", lambda: sqrt(pi) / 2 * (1 + erf(t))),
    Pair("Gaussian * shifted delta", "exp(-t^2)", "delta(t - 2)", lambda: exp(-(t - 2) ** 2)),
    Pair("Gaussian * Gaussian step", "exp(-t^2)", "exp(-t^2) u(t)",
         lambda: sqrt(2 * pi) / 4 * exp(-t**2 / 2) * (1 + erf(t / sqrt(2)))),
    Pair("causal sines", "sin(t) u(t)", "sin(t) u(t)",
         lambda: (sin(t) - t * cos(t)) / 2 * u(t)),
    Pair("causal cosine * step", "cos(t) u(t)", "u(t)", lambda: sin(t) * u(t)),
    Pair("causal sine * exponential", "sin(t) u(t)", "exp(-t) u(t)",
         lambda: (sin(t) - cos(t) + exp(-t)) / 2 * u(t)),
    Pair("causal cosine * exponential", "cos(t) u(t)", "exp(-t) u(t)",
         lambda: (sin(t) + cos(t) - exp(-t)) / 2 * u(t)),
    Pair("half sine wave * its window", "sin(t) (u(t) - u(t - pi))", "u(t) - u(t - pi)",
         lambda: sp.Piecewise((1 - cos(t), _between(0, t, 2 * pi)), (0, True))),
    Pair("two-sided exponentials", "exp(-abs(t))", "exp(-abs(t))",
         lambda: (1 + Abs(t)) * exp(-Abs(t))),
    Pair("two-sided, rates 1 and 2", "exp(-abs(t))", "exp(-2 abs(t))",
         lambda: R(2, 3) * (2 * exp(-Abs(t)) - exp(-2 * Abs(t)))),
    Pair("two-sided rate a", "exp(-a abs(t))", "exp(-a abs(t))",
         lambda: (Abs(t) + 1 / a) * exp(-a * Abs(t)), ("a",)),
    Pair("two-sided * step", "exp(-abs(t))", "u(t)",
         lambda: sp.Piecewise((exp(t), t < 0), (2 - exp(-t), True))),
    Pair("tri * rect", "tri(t)", "rect(t)",
         lambda: sp.Piecewise((R(3, 4) - t**2, Abs(t) < R(1, 2)),
                              ((Abs(t) - R(3, 2)) ** 2 / 2, _between(R(1, 2), Abs(t), R(3, 2))),
                              (0, True))),
    Pair("stomach (default)", textbook=lambda: sp.Piecewise(
        (_BREAKFAST(), _between(7, t, R(15, 2))),
        (_BREAKFAST_DONE(), _between(R(15, 2), t, 12)),
        (_BREAKFAST_DONE() + 2000 / ln(2) * (1 - 2 ** (-(t - 12) / 2)),
         _between(12, t, R(25, 2))),
        (_BREAKFAST_DONE()
         + 2000 / ln(2) * (2 ** (-(t - R(25, 2)) / 2) - 2 ** (-(t - 12) / 2)), t >= R(25, 2)),
        (0, True)), stomach=_stomach([(7, 300, R(1, 2)), (12, 500, R(1, 2))], ("half", 2))),
    Pair("stomach: one meal, half-life 1 h", textbook=lambda: sp.Piecewise(
        (800 / ln(2) * (1 - 2 ** (-(t - 8))), _between(8, t, R(17, 2))),
        (800 / ln(2) * (2 ** (-(t - R(17, 2))) - 2 ** (-(t - 8))), t >= R(17, 2)),
        (0, True)), stomach=_stomach([(8, 400, R(1, 2))], ("half", 1))),
    Pair("stomach: meal at once", textbook=lambda: 400 * 2 ** (-(t - 8) / 2) * u(t - 8),
         stomach=_stomach([(8, 400, 0)], ("half", 2))),
    Pair("stomach: linear emptying in 3 h", textbook=lambda: sp.Piecewise(
        (100 * (t - 7) * (13 - t), _between(7, t, R(15, 2))),
        (1025 - 100 * t, _between(R(15, 2), t, 10)),
        (100 * (t - R(21, 2)) ** 2, _between(10, t, R(21, 2))),
        (0, True)), stomach=_stomach([(7, 300, R(1, 2))], ("linear", 3))),
]  # fmt: skip

#: Pairs whose displayed form may exceed the textbook's count by at most 25 %, and why.
ALLOWED_OVER: dict[str, str] = {
    "shifted delta * exponential": (
        "the same text, exp(-(t - 3))*Heaviside(t - 3), is 7 operations when the shift is kept "
        "unevaluated inside the exponential and 6 when typed: a count_ops artefact"
    ),
    "stomach (default)": (
        "from 12:00 on, 400/ln 2 is pulled out of both meals' terms where the textbook keeps "
        "one factor per meal (1200/ln 2, 2000/ln 2): one operation more, 79 against 78"
    ),
    "Gaussian * Gaussian step": (
        "SymPy rewrites erf(t/sqrt(2)) as erf(sqrt(2)*t/2) in the engine's result, which costs "
        "a multiplication and a division more"
    ),
}


def derivation(pair: Pair) -> Any:
    """The engine's :class:`~convmath.symbolic.continuous.Derivation` of `pair` (in `t`)."""
    if pair.stomach is not None:
        from convmath.symbolic import stomach

        meals = [stomach.Meal(*meal) for meal in pair.stomach["meals"]]
        kind, value = pair.stomach["emptying"]
        model = stomach.ExponentialEmptying(value) if kind == "half" else None
        model = model or stomach.LinearEmptying(value)
        return stomach.derive_stomach(meals, model).derivation
    from convmath.symbolic.continuous import derive_convolution
    from convmath.symbolic.parser import parse

    symbols = tuple({"a": a, "b": b}[p] for p in pair.parameters)
    f = parse(pair.f, parameters=symbols)
    g = parse(pair.g, parameters=symbols)
    return derive_convolution(f, g, t, parameters=symbols)


def engine_result(pair: Pair) -> tuple[sp.Expr, sp.Symbol]:
    """The engine's result for `pair` and its variable (symbols as in this module)."""
    record = derivation(pair)
    return record.result.xreplace({record.t: t}), t


@dataclass(frozen=True)
class Row:
    """One measured row of the table."""

    pair: Pair
    result: sp.Expr
    displayed: sp.Expr
    textbook_ops: int
    displayed_ops: int

    @property
    def ratio(self) -> float:
        return self.displayed_ops / self.textbook_ops


def measure(pair: Pair) -> Row:
    """Derive `pair`, display it, and count the operations of both forms."""
    from convmath.symbolic.presentation import display_form

    result, var = engine_result(pair)
    displayed = display_form(result, var)
    textbook = pair.written()
    return Row(pair, result, displayed, int(sp.count_ops(textbook)), int(sp.count_ops(displayed)))


def run() -> list[Row]:
    """Every row of `TABLE`, measured."""
    return [measure(pair) for pair in TABLE]


def main() -> None:
    from convmath.symbolic._present_print import one_line

    rows = run()
    print(f"{'pair':<36} {'textbook':>8} {'convmath':>8} {'ratio':>6}  displayed")
    for row in rows:
        flag = (
            ""
            if row.ratio <= 1
            else ("  (allowed)" if row.pair.name in ALLOWED_OVER else "  OVER")
        )
        print(
            f"{row.pair.name:<36} {row.textbook_ops:8d} {row.displayed_ops:8d} "
            f"{row.ratio:6.2f}  {one_line(row.displayed)}{flag}"
        )
    worst = max(row.ratio for row in rows)
    print(f"{len(rows)} pairs; largest ratio {worst:.2f}")


if __name__ == "__main__":
    main()

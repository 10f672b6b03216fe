"""The article's stomach example: food eaten over a day, food still in the stomach.

``f(x)`` is the rate at which food is eaten at time ``x`` (grams per hour) and ``g(s)`` is the
**fraction of a meal still in the stomach** ``s`` hours after it was eaten. The food left at
time ``t`` sums what every earlier bite still contributes::

    R(t) = ∫_0^t f(x) g(t − x) dx = (f * g)(t)       (f = 0 before midnight, g = 0 for s < 0)

The article calls ``g`` a "digestion rate"; for ``R`` to be the food *left*, ``g`` must be the
fraction *remaining* (``g(0) = 1``, decreasing to 0). With a digestion rate ``r(s) = −g'(s)``
the same integral would give the rate at which food leaves the stomach instead.

Defaults: breakfast 300 g at 07:00 and lunch 500 g at 12:00, each eaten at a constant rate over
30 minutes; exponential emptying with a half-life of 2 hours, ``g(s) = 2^(−s/2)``; evaluated at
14:00. Times are hours after midnight.

Examples
--------
>>> result = derive_stomach()
>>> round(result.value, 1)      # grams left at 14:00
301.9
"""

from __future__ import annotations

import cmath
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

import sympy as sp

from convmath.errors import ConvmathError, ExpressionError
from convmath.symbolic.compiled import refuse_unsafe_names, scalar_function

__all__ = [
    "Meal",
    "ExponentialEmptying",
    "LinearEmptying",
    "CustomEmptying",
    "DEFAULT_MEALS",
    "DEFAULT_EMPTYING",
    "DEFAULT_TIME",
    "intake_rate",
    "remaining_fraction",
    "derive_stomach",
    "StomachDerivation",
    "format_clock",
]

T = sp.Symbol("t")
S = sp.Symbol("s")


def _exact(
    value: Any, name: str, *, minimum: float | None = None, strict: bool = False
) -> sp.Rational:
    """An exact Rational from an int, float, str or SymPy number (floats via their repr)."""
    try:
        number = (
            sp.Rational(str(value)) if isinstance(value, (int, float, str)) else sp.Rational(value)
        )
    except (TypeError, ValueError):
        raise ConvmathError(f"{name} must be a number; got {value!r}") from None
    if minimum is not None and (number <= minimum if strict else number < minimum):
        relation = ">" if strict else ">="
        shown = repr(value) if isinstance(value, str) else str(value)  # Fraction(0, 1) -> 0
        raise ConvmathError(f"{name} must be {relation} {minimum}; got {shown}")
    return number


def format_clock(hours: sp.Expr | float) -> str:
    """``7.5`` -> ``"07:30"``; times past midnight keep counting (``25`` -> ``"25:00"``).

    Examples
    --------
    >>> format_clock(14), format_clock(sp.Rational(29, 4))
    ('14:00', '07:15')
    """
    minutes = round(float(hours) * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Meal:
    """A meal: `grams` eaten at a constant rate from `time` for `duration` hours.

    A zero duration is an instantaneous meal, ``grams * δ(t − time)``.

    Examples
    --------
    >>> Meal(7, 300, 0.5).intake(T)
    -600*Heaviside(t - 15/2) + 600*Heaviside(t - 7)
    >>> Meal(12, 500, 0).intake(T)
    500*DiracDelta(t - 12)
    """

    time: Any
    grams: Any
    duration: Any = sp.Rational(1, 2)
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "time", _exact(self.time, "meal time", minimum=0))
        object.__setattr__(self, "grams", _exact(self.grams, "meal grams", minimum=0, strict=True))
        object.__setattr__(self, "duration", _exact(self.duration, "meal duration", minimum=0))

    def intake(self, t: sp.Symbol = T) -> sp.Expr:
        """Eating rate ``f`` of this meal in grams per hour."""
        if self.duration == 0:
            return self.grams * sp.DiracDelta(t - self.time)
        rate = self.grams / self.duration
        return rate * (sp.Heaviside(t - self.time) - sp.Heaviside(t - self.time - self.duration))

    def describe(self) -> str:
        label = f"{self.name} " if self.name else ""
        how = "all at once" if self.duration == 0 else f"over {format_minutes(self.duration)}"
        return f"{label}{format_number(self.grams)} g at {format_clock(self.time)} {how}"


def format_number(value: sp.Rational) -> str:
    """An exact number as typed: ``999.99`` for 99999/100, ``7/3`` when no decimal ends.

    Examples
    --------
    >>> format_number(sp.Rational(99999, 100)), format_number(sp.Integer(2))
    ('999.99', '2')
    >>> format_number(sp.Rational(7, 3))
    '7/3'
    """
    rest = int(value.q)
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    if rest != 1:
        return str(value)
    p, q = int(value.p), int(value.q)
    with localcontext() as context:  # q = 2^a 5^b: at most log2(q) decimals, all exact
        context.prec = len(str(p)) + 4 * len(str(q))
        return format((Decimal(p) / Decimal(q)).normalize(), "f")


def _divisor(number: str) -> str:
    """`number` as a divisor: ``s/7/3`` would read as s/7 divided by 3."""
    return f"({number})" if "/" in number else number


def format_minutes(hours: sp.Expr) -> str:
    """``1/2`` -> ``"30 min"``, ``3/2`` -> ``"90 min"``."""
    minutes = sp.nsimplify(hours * 60)
    return f"{minutes} min" if minutes.is_Integer else f"{float(minutes):g} min"


@dataclass(frozen=True)
class ExponentialEmptying:
    """A fixed fraction leaves per unit time: ``g(s) = 2^(−s / half_life)`` for ``s >= 0``."""

    half_life: Any = 2

    def __post_init__(self) -> None:
        value = _exact(self.half_life, "half_life", minimum=0, strict=True)
        object.__setattr__(self, "half_life", value)

    def remaining(self, s: sp.Symbol = S) -> sp.Expr:
        return sp.Integer(2) ** (-s / self.half_life) * sp.Heaviside(s)

    def describe(self) -> str:
        hours = format_number(self.half_life)
        return f"exponential emptying, half-life {hours} h: g(s) = 2^(-s/{_divisor(hours)})"


@dataclass(frozen=True)
class LinearEmptying:
    """The stomach empties a meal at a constant rate over `hours`: ``g(s) = 1 − s/hours``."""

    hours: Any = 4

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "hours", _exact(self.hours, "linear emptying hours", minimum=0, strict=True)
        )

    def remaining(self, s: sp.Symbol = S) -> sp.Expr:
        return (1 - s / self.hours) * (sp.Heaviside(s) - sp.Heaviside(s - self.hours))

    def describe(self) -> str:
        hours = format_number(self.hours)
        return f"linear emptying over {hours} h: g(s) = 1 - s/{_divisor(hours)} on [0, {hours}]"


@dataclass(frozen=True)
class CustomEmptying:
    """Any remaining-fraction curve ``g(s)``, an expression in the symbol ``s`` (for s >= 0)."""

    expression: sp.Expr = field(default_factory=lambda: sp.exp(-S))

    def __post_init__(self) -> None:
        if not isinstance(self.expression, sp.Expr):
            raise ExpressionError(
                "the remaining fraction must be a SymPy expression in s; got "
                f"{type(self.expression).__name__} {self.expression!r}",
                argument="expression",
            )
        refuse_unsafe_names(self.expression, "expression", label="the remaining fraction g(s)")
        extra = self.expression.free_symbols - {S}
        if extra:
            names = ", ".join(sorted(str(x) for x in extra))
            raise ExpressionError(
                f"the remaining fraction must be a function of s only; got {names}",
                argument="expression",
            )

        _refuse_unless_fraction(self.expression)

    def remaining(self, s: sp.Symbol = S) -> sp.Expr:
        return self.expression.subs(S, s) * sp.Heaviside(s)

    def describe(self) -> str:
        return f"custom emptying: g(s) = {self.expression} for s >= 0"


#: Where a custom g(s) is checked to lie in [0, 1]: just after eating, every quarter hour for
#: two days, then doubling out to about 10^9 hours (a slow linear fall goes negative late).
_CHECK_HOURS = (
    (1e-6, 1e-3, 0.01, 0.1)
    + tuple(k / 4 for k in range(1, 193))
    + tuple(48.0 * 2**k for k in range(1, 25))
)
#: Floats in g(s) are inexact: g(0) = 0.3 + 0.7 is 1 within this, and so are the bounds.
_FLOAT_SLACK = 1e-12


def _refuse_unless_fraction(expression: sp.Expr) -> None:
    """Raise unless ``g(0) = 1`` and ``0 <= g(s) <= 1`` for ``s >= 0`` (see `_CHECK_HOURS`).

    ``g(0)`` is checked exactly, with a step at 0 counted as already on (g applies for
    s >= 0); the bounds with SymPy's assumptions when they decide, else on the grid.

    Examples
    --------
    >>> _refuse_unless_fraction(1 / (1 + S))
    >>> _refuse_unless_fraction(1 - S / 4)
    Traceback (most recent call last):
    ...
    convmath.errors.ExpressionError: the remaining fraction g(s) = 1 - s/4 must stay in [0, 1] for s >= 0, but g(4.25) = -0.0625 < 0
    """
    label = f"the remaining fraction g(s) = {expression}"
    at_zero = expression.replace(sp.Heaviside, lambda *args: sp.Heaviside(args[0], 1))
    start = sp.simplify(at_zero.subs(S, 0))
    exact_one = start == 1 or (
        start.is_number and start.has(sp.Float) and abs(complex(start) - 1) <= _FLOAT_SLACK
    )
    if not exact_one:
        raise ExpressionError(
            f"{label} must start at g(0) = 1 (all of a meal is there when eaten); "
            f"got g(0) = {start}",
            argument="expression",
        )
    if _proved_fraction(expression):
        return
    problem = _first_outside_unit_interval(expression)
    if problem is not None:
        raise ExpressionError(
            f"{label} must stay in [0, 1] for s >= 0, but {problem}", argument="expression"
        )


def _proved_fraction(expression: sp.Expr) -> bool:
    """True when SymPy's assumptions show ``0 <= g(s) <= 1`` for every ``s >= 0``."""
    s = sp.Symbol("s", nonnegative=True)
    g = expression.subs(S, s)
    return bool(g.is_nonnegative) and bool((1 - g).is_nonnegative)


def _first_outside_unit_interval(expression: sp.Expr) -> str | None:
    """``"g(6) = -0.5 < 0"`` for the first hour of `_CHECK_HOURS` where g leaves [0, 1]."""
    g = scalar_function(expression, S)
    for hours in _CHECK_HOURS:
        value = g(hours)
        where = f"g({hours:.10g})"
        if not cmath.isfinite(value):
            return f"{where} is not a finite number"
        if abs(value.imag) > _FLOAT_SLACK * max(1.0, abs(value.real)):
            return f"{where} = {value:.10g} is not real"
        if value.real < -_FLOAT_SLACK:
            return f"{where} = {value.real:.10g} < 0"
        if value.real > 1 + _FLOAT_SLACK:
            return f"{where} = {value.real:.10g} > 1"
    return None


Emptying = ExponentialEmptying | LinearEmptying | CustomEmptying

DEFAULT_MEALS: tuple[Meal, ...] = (
    Meal(7, 300, sp.Rational(1, 2), "breakfast"),
    Meal(12, 500, sp.Rational(1, 2), "lunch"),
)
DEFAULT_EMPTYING = ExponentialEmptying(2)
DEFAULT_TIME = sp.Integer(14)


def intake_rate(meals: Sequence[Meal], t: sp.Symbol = T) -> sp.Expr:
    """``f(t)``: total eating rate of all meals, grams per hour."""
    if not meals:
        raise ConvmathError("meals must contain at least one meal")
    return sp.Add(*(meal.intake(t) for meal in meals))


def remaining_fraction(emptying: Emptying, s: sp.Symbol = S) -> sp.Expr:
    """``g(s)``: fraction of a meal still in the stomach `s` hours after eating it."""
    return emptying.remaining(s)


@dataclass(frozen=True)
class StomachDerivation:
    """Everything :func:`derive_stomach` computed.

    Attributes
    ----------
    intake, remaining : sympy.Expr
        ``f(t)`` and ``g(t)`` as convolved (``g`` in the variable ``t``).
    food_left : sympy.Expr
        ``R(t) = (f * g)(t)``, closed form valid for every real ``t``.
    at : sympy.Rational
        Evaluation time (hours after midnight).
    exact_value : sympy.Expr
        ``R(at)`` exactly; ``value`` is its float.
    derivation : object
        The engine's derivation record (breakpoints, regions, per-region integrals).
    """

    meals: tuple[Meal, ...]
    emptying: Emptying
    t: sp.Symbol
    intake: sp.Expr
    remaining: sp.Expr
    food_left: sp.Expr
    at: sp.Rational
    exact_value: sp.Expr
    value: float
    derivation: Any


def derive_stomach(
    meals: Sequence[Meal] = DEFAULT_MEALS,
    emptying: Emptying = DEFAULT_EMPTYING,
    at: Any = DEFAULT_TIME,
    *,
    timeout: float | None = None,
) -> StomachDerivation:
    """Derive the food left ``R(t) = ∫_0^t f(x) g(t − x) dx`` and evaluate it at `at`.

    Parameters
    ----------
    meals : sequence of Meal
        Default: breakfast 300 g at 07:00, lunch 500 g at 12:00, each over 30 minutes.
    emptying : ExponentialEmptying, LinearEmptying or CustomEmptying
        Default: exponential with a 2-hour half-life.
    at : number
        Time of day in hours, default 14 (14:00).
    timeout : float, optional
        Seconds allowed for the symbolic derivation.

    Returns
    -------
    StomachDerivation

    Examples
    --------
    >>> lunch_only = derive_stomach([Meal(12, 500, 0)], ExponentialEmptying(2), at=14)
    >>> # an instantaneous 500 g meal, one half-life (2 h) later: 250 g
    >>> lunch_only.exact_value
    250
    """
    from convmath.symbolic.continuous import derive_convolution

    meals = tuple(meals)
    time = _exact(at, "evaluation time", minimum=0)
    f = intake_rate(meals, T)
    g = remaining_fraction(emptying, S).subs(S, T)
    record = derive_convolution(f, g, T, timeout=timeout)
    food_left = record.result
    exact_value = food_left.subs(T, time)
    if exact_value.count_ops() < 200:  # simplify is slow on large expressions
        simpler = sp.simplify(exact_value)
        # simplify may merge logarithms into the log of a huge rational: keep the shorter
        if len(str(simpler)) <= len(str(exact_value)):
            exact_value = simpler
    return StomachDerivation(
        meals=meals,
        emptying=emptying,
        t=T,
        intake=f,
        remaining=g,
        food_left=food_left,
        at=time,
        exact_value=exact_value,
        value=float(exact_value),
        derivation=record,
    )

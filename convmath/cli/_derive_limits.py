"""What the derive commands refuse before a derivation, and how much they print after it.

**Output.** A result printed as text is kept to :data:`MAX_TEXT_CHARS` (``--json`` and
``--latex`` print it whole): :func:`bounded` wraps the pretty printer so that past the
limit long exact numbers are rounded, a long Piecewise is written one piece per line, and
what is still too long is cut, with a last line saying what was done.

**Input.**
A power whose base and exponent both vary with t (``t**t``), raised to or inside another
power of t (``t**t**t``, ``(t**t)**t``, ``exp(t**t)``), has no closed-form integral: no
method the engine has finds ``∫ τ^(τ^τ) dτ``, and trying runs to the timeout. Such an input
is refused at once, naming the argument it was typed in.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> power_tower(t**t**t, t)
t**(t**t)
>>> print(power_tower(t**t * sp.exp(-t), t))  # one level: tried (and refused) by the engine
None
"""

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from convmath.cli._app import bad_parameter

__all__ = [
    "MAX_TEXT_CHARS",
    "SHOWN_DIGITS",
    "bounded",
    "rounded",
    "one_line",
    "without_physics_units",
    "power_tower",
    "refuse_power_towers",
]

#: Most characters a result prints as text (``--json`` and ``--latex`` print it whole).
MAX_TEXT_CHARS = 4000
#: Exact numbers longer than this many digits are rounded to it in a capped text form.
SHOWN_DIGITS = 12
#: An exact number longer than this is rounded even when the text fits (nobody reads it).
LEGIBLE_DIGITS = 40


def _varying_power(node: Any, t: Any) -> bool:
    """``b**e`` with both `b` and `e` varying with `t` (``exp(e*log(b))`` included)."""
    import sympy as sp

    if isinstance(node, sp.Pow):
        return bool(node.base.has(t) and node.exp.has(t))
    return isinstance(node, sp.exp) and any(
        isinstance(factor, sp.log) and factor.args[0].has(t)
        for factor in sp.Mul.make_args(node.args[0])
        if node.args[0].has(t)
    )


def _holds_varying_power(expr: Any, t: Any) -> bool:
    import sympy as sp

    return any(_varying_power(node, t) for node in sp.preorder_traversal(expr))


def power_tower(expr: Any, t: Any) -> Any:
    """The first power in `expr` whose exponent (or varying base) holds a power with a
    `t`-varying base and exponent, such as ``t**t``; None when there is none.
    """
    import sympy as sp

    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.exp) and _holds_varying_power(node.args[0], t):
            return node
        if (
            isinstance(node, sp.Pow)
            and node.exp.has(t)
            and (_holds_varying_power(node.exp, t) or _holds_varying_power(node.base, t))
        ):
            return node
    return None


def refuse_power_towers(expr: Any, t: Any, argument: str) -> None:
    """Refuse `expr` (typed as `argument`) when it holds a power tower in `t`."""
    tower = power_tower(expr, t)
    if tower is not None:
        raise bad_parameter(
            argument,
            f"{tower} is a tower of powers (a power of {t} holding one whose base and "
            f"exponent both vary with {t}): no method integrates it in closed form, so it is "
            "refused before the derivation",
        )


def bounded(render: Callable[..., str]) -> Callable[..., str]:
    """`render` (a pretty printer of an expression) kept to about :data:`MAX_TEXT_CHARS`.

    Past the limit, or when an exact number has more than :data:`LEGIBLE_DIGITS` digits,
    exact numbers of more than :data:`SHOWN_DIGITS` digits are rounded, then
    a Piecewise is written one piece per line (anything else on one line), then the text is
    cut; a last line says what was done.

    Examples
    --------
    >>> import sympy as sp
    >>> shown = bounded(lambda expr: sp.pretty(expr, use_unicode=True))
    >>> t = sp.Symbol("t")
    >>> print(shown(sp.exp(-t)))
     -t
    ℯ
    >>> huge = sp.exp(-sp.Integer(10) ** 4000 * t)  # 4001 digits: rounded to 1.0e+4000
    >>> print(shown(huge))
     -1.0e+4000⋅t
    ℯ
    (exact numbers of more than 12 digits are rounded; --json or --latex print the result exactly)
    """

    @functools.wraps(render)
    def shown(expr: Any, *args: Any, **kwargs: Any) -> str:
        with without_physics_units():
            text = render(expr, *args, **kwargs)
            if len(text) <= MAX_TEXT_CHARS and _longest_number(expr) <= LEGIBLE_DIGITS:
                return text
            return _compact(lambda e: render(e, *args, **kwargs), expr, text)

    return shown


def _compact(render: Callable[[Any], str], expr: Any, text: str) -> str:
    import sympy as sp

    notes = []
    shown = rounded(expr)
    if shown != expr:
        notes.append(f"exact numbers of more than {SHOWN_DIGITS} digits are rounded")
        text = render(shown)
    if len(text) > MAX_TEXT_CHARS and isinstance(shown, sp.Piecewise):
        text = "\n".join(f"  {one_line_text(value)}    {_condition(c)}" for value, c in shown.args)
        notes.append("one piece per line")
    elif len(text) > MAX_TEXT_CHARS:
        text = one_line_text(shown)
        notes.append("written on one line")
    if len(text) > MAX_TEXT_CHARS:
        end = text.rfind("\n", 0, MAX_TEXT_CHARS)
        text = text[: end if end > 0 else MAX_TEXT_CHARS]
        notes.append(f"cut to its first {len(text)} characters")
    return f"{text}\n({'; '.join(notes)}; --json or --latex print the result exactly)"


def _condition(condition: Any) -> str:
    if condition is True or str(condition) == "True":
        return "otherwise"
    return f"for {one_line_text(condition)}"


def one_line_text(expr: Any) -> str:
    """`expr` on one line as displayed results are written (``0 ≤ t < 1/3``, ``u(t)``)."""
    from convmath.symbolic._present_print import one_line as print_one_line

    return print_one_line(expr)


@contextmanager
def without_physics_units() -> Iterator[None]:
    """SymPy's pretty printer (on every product) and ``simplify`` import
    ``sympy.physics.units`` (a third of ``import sympy``) only to look for ``Quantity``
    factors; what the commands derive and print holds none, so inside this block a stand-in
    module whose ``Quantity`` nothing is an instance of answers that import (a real import
    before or after it is untouched)."""
    name = "sympy.physics.units"
    if name in sys.modules:
        yield
        return
    stand_in = types.ModuleType(name)
    stand_in.Quantity = type("Quantity", (), {})  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def one_line(expr: Any) -> str:
    """``str(expr)``, with its long exact numbers rounded (see :func:`rounded`) past 200
    characters.

    Examples
    --------
    >>> import sympy as sp
    >>> one_line(sp.Integer(10) ** 300 * sp.Symbol("t"))
    '1.0e+300*t'
    """
    text = str(expr)
    return text if len(text) <= 200 else str(rounded(expr))


def _digits(number: Any) -> int:
    return max(len(str(abs(number.p))), len(str(number.q)))


def _longest_number(expr: Any) -> int:
    import sympy as sp

    return max((_digits(n) for n in expr.atoms(sp.Rational)), default=0)


def rounded(expr: Any) -> Any:
    """`expr` with every exact number of more than :data:`SHOWN_DIGITS` digits rounded.

    Examples
    --------
    >>> import sympy as sp
    >>> rounded(sp.Rational(10**20 + 1, 3) * sp.Symbol("x") + sp.Rational(1, 3))
    3.33333333333e+19*x + 1/3
    """
    import sympy as sp

    long = {
        number: sp.Float(number, SHOWN_DIGITS)
        for number in expr.atoms(sp.Rational)
        if _digits(number) > SHOWN_DIGITS
    }
    return expr.xreplace(long)

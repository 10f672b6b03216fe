"""Inputs the command line refuses before a derivation starts, because none can succeed.

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

from typing import Any

from convmath.cli._app import bad_parameter

__all__ = ["power_tower", "refuse_power_towers"]


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

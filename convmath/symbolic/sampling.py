"""Bridge from SymPy expressions to the numeric layer's sampled signals.

An expression such as ``600*(u(t-7) - u(t-7.5)) + 300*delta(t-12)`` is split into its regular
part, turned into a NumPy function with ``lambdify``, and its Dirac deltas, listed as
``(location, weight)`` pairs, so that :mod:`convmath.numeric.sampled` can sample it.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> regular, deltas = split_deltas(3*sp.DiracDelta(2*t - 4) + sp.exp(-t), t)
>>> regular, deltas
(exp(-t), [(2, 3/2)])
"""

from __future__ import annotations

import sympy as sp

from convmath.errors import ExpressionError
from convmath.numeric.sampled import Signal

__all__ = ["split_deltas", "to_signal"]


def split_deltas(expr: sp.Expr, t: sp.Symbol) -> tuple[sp.Expr, list[tuple[sp.Expr, sp.Expr]]]:
    """Split `expr` into its delta-free part and its deltas ``(location, weight)``.

    ``c(t) δ(a t + b)`` becomes the delta ``c(−b/a) / |a|`` at ``−b/a``.

    Raises
    ------
    ExpressionError
        For a delta whose argument is not linear in `t`, or a derivative of a delta.
    """
    regular = sp.Integer(0)
    deltas: list[tuple[sp.Expr, sp.Expr]] = []
    for term in sp.Add.make_args(sp.expand(expr)):
        found = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.DiracDelta)]
        if not found:
            regular += term
            continue
        if len(found) > 1 or len(found[0].args) > 1:
            raise ExpressionError(
                f"cannot sample {term}: only plain deltas δ(a t + b) are supported"
            )
        delta = found[0]
        poly = sp.Poly(delta.args[0], t) if delta.args[0].is_polynomial(t) else None
        if poly is None or poly.degree() != 1:
            raise ExpressionError(f"cannot sample {delta}: its argument is not linear in {t}")
        a, b = poly.all_coeffs()
        location = -b / a
        weight = (term / delta).subs(t, location) / sp.Abs(a)
        deltas.append((location, sp.nsimplify(weight) if weight.is_Float else weight))
    return regular, deltas


def to_signal(expr: sp.Expr, t: sp.Symbol, start: float, stop: float) -> Signal:
    """A :class:`~convmath.numeric.sampled.Signal` of `expr` on the window ``[start, stop]``.

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> t = sp.Symbol("t")
    >>> signal = to_signal(sp.Heaviside(t) * sp.exp(-t), t, 0, 10)
    >>> float(signal.regular(np.array([1.0]))[0])   # e^{-1}
    0.36787944117144233
    """
    regular, deltas = split_deltas(expr, t)
    function = sp.lambdify(t, regular, modules="numpy")
    return Signal(
        regular=function,
        start=float(start),
        stop=float(stop),
        deltas=tuple((float(loc), float(weight)) for loc, weight in deltas),
    )

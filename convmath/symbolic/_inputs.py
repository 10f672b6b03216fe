"""The engine's inputs: two signals in one real variable (step 1: inputs).

Strings go through the safe parser; SymPy expressions are checked (one variable, declared
parameters only, finite, no undefined functions, no names that are not identifiers) and
their floats become exact rationals. Inside the engine the variable is a *real* symbol and
each parameter a *positive* one (the caller's own symbols when they already are), and the
integration variable ``tau`` gets a name no input uses. :class:`Inputs` keeps the way back:
results and error messages are given in the caller's symbols.

Examples
--------
>>> import sympy as sp
>>> t, a = sp.symbols("t a")
>>> inputs = read_inputs(sp.exp(-a * t), "u(t)", t, (a,))
>>> inputs.x.is_real, inputs.parameters[0].is_positive, inputs.tau
(True, True, tau)
>>> inputs.to_caller(inputs.f) == sp.exp(-a * t)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp

from convmath.errors import ConvmathError, ExpressionError
from convmath.symbolic.compiled import refuse_unsafe_names

__all__ = ["Inputs", "read_inputs"]


@dataclass(frozen=True)
class Inputs:
    """Both signals in the engine's symbols, and the caller's originals.

    Attributes
    ----------
    given_f, given_g : sympy.Expr
        The inputs in the caller's symbols.
    t : sympy.Symbol
        The caller's variable.
    f, g : sympy.Expr
        The inputs in the engine's symbols: variable `x`, parameters `parameters`.
    x : sympy.Symbol
        The real variable of the inputs and of the result (`t` itself when real).
    tau : sympy.Symbol
        The real integration variable, a name no input uses.
    parameters : tuple of sympy.Symbol
        The positive parameters that occur in the inputs, sorted by name.
    back : dict
        Engine symbol -> caller's symbol, for `x` and each parameter.
    """

    given_f: sp.Expr
    given_g: sp.Expr
    t: sp.Symbol
    f: sp.Expr
    g: sp.Expr
    x: sp.Symbol
    tau: sp.Symbol
    parameters: tuple[sp.Symbol, ...]
    back: dict[sp.Symbol, sp.Symbol]

    @property
    def given_parameters(self) -> tuple[sp.Symbol, ...]:
        """The caller's parameters that occur in the inputs, sorted by name."""
        return tuple(sorted((self.back[p] for p in self.parameters), key=str))

    def to_caller(self, expr: sp.Expr) -> sp.Expr:
        """`expr` with the engine's variable and parameters replaced by the caller's."""
        expr = sp.sympify(expr, strict=True)
        back = {k: v for k, v in self.back.items() if k != v}
        return expr.xreplace(back) if back and expr.free_symbols & back.keys() else expr

    def readable(self, exc: ConvmathError) -> ConvmathError:
        """The same error with internal dummies (``_x``, ``_a``) printed as the caller's names."""
        message = str(exc)
        for internal in (self.x, self.tau, *self.parameters):
            pattern = r"(?<![A-Za-z0-9_])" + re.escape(str(internal)) + r"(?![A-Za-z0-9_])"
            message = re.sub(pattern, internal.name, message)
        if message == str(exc):
            return exc
        clone = type(exc)(message)
        clone.__dict__.update({k: v for k, v in exc.__dict__.items() if k not in clone.__dict__})
        return clone


def read_inputs(f: object, g: object, t: object, parameters: Iterable[object]) -> Inputs:
    """Check and convert the arguments of :func:`~convmath.symbolic.convolve`.

    Raises
    ------
    ExpressionError
        For anything that is not a signal in the one variable: see :func:`convolve`.
    """
    declared = tuple(parameters)
    variable = _variable(t, f, g)
    names = _parameter_names(declared)
    if variable.name in names:
        raise ExpressionError(
            f"parameters must not contain the variable {variable}; got {declared!r}",
            argument="parameters",
        )
    # SymPy symbols created with positive=True are declared by their assumption
    names |= {
        s.name
        for e in (f, g)
        if isinstance(e, sp.Basic)
        for s in e.free_symbols
        if s.is_positive and s.name != variable.name
    }
    given_f = _as_expr(f, "f", variable, names, declared)
    given_g = _as_expr(g, "g", variable, names, declared)
    symbols = sorted({s for e in (given_f, given_g) for s in e.free_symbols}, key=str)
    # One real symbol serves as the inputs' variable and the result's (every substitution
    # replaces it whole); the caller's own symbol when it is already real.
    x = variable if variable.is_real else sp.Dummy(variable.name, real=True)
    inner = {s: x for s in symbols if s.name == variable.name}
    for s in symbols:
        if s.name in names:
            inner[s] = s if s.is_positive else sp.Dummy(s.name, positive=True)
    back = {v: k for k, v in inner.items() if k.name != variable.name}
    taken = {s.name for s in symbols} | {variable.name}
    tau_name = next(n for n in ("tau", "tau_", "tau__", "s_") if n not in taken)
    renamed = {k: v for k, v in inner.items() if k != v}
    return Inputs(
        given_f=given_f,
        given_g=given_g,
        t=variable,
        f=given_f.xreplace(renamed) if renamed else given_f,
        g=given_g.xreplace(renamed) if renamed else given_g,
        x=x,
        tau=sp.Symbol(tau_name, real=True),  # a name no input uses: shown as is
        parameters=tuple(sorted(back, key=str)),
        back={x: variable, **back},
    )


def _variable(t: object, f: object, g: object) -> sp.Symbol:
    if t is None or isinstance(t, str):
        name = "t" if t is None else t
        if not name.isidentifier():
            raise ExpressionError(
                f"t must be a Symbol or a variable name; got {t!r}", argument="t"
            )
        for expr in (f, g):
            if isinstance(expr, sp.Basic):
                for symbol in sorted(expr.free_symbols, key=str):
                    if symbol.name == name:
                        return symbol
        return sp.Symbol(name)
    if isinstance(t, sp.Symbol):
        if not t.name.isidentifier():
            raise ExpressionError(
                f"t must be a Symbol named like a Python variable; got the name {t.name!r}",
                argument="t",
            )
        return t
    raise ExpressionError(f"t must be a sympy Symbol, a name or None; got {t!r}", argument="t")


def _parameter_names(parameters: tuple) -> set[str]:
    names = set()
    for p in parameters:
        name = p.name if isinstance(p, sp.Symbol) else p
        if not (isinstance(name, str) and name.isidentifier()):
            raise ExpressionError(
                f"parameters must be Symbols or names (Python identifiers); got {p!r} in "
                f"{parameters!r}",
                argument="parameters",
            )
        names.add(name)
    return names


def _as_expr(value: object, name: str, t: sp.Symbol, params: set[str], declared: tuple) -> sp.Expr:
    if isinstance(value, str):
        from convmath.symbolic.parser import parse

        value = parse(value, (t,), parameters=declared)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = sp.sympify(value, strict=True)
    if not isinstance(value, sp.Expr) or isinstance(value, sp.Order):
        raise ExpressionError(
            f"{name} must be a SymPy expression or a string; got {type(value).__name__} {value!r}",
            argument=name,
        )
    refuse_unsafe_names(value, name)
    extra = sorted(s.name for s in value.free_symbols if s.name != t.name and s.name not in params)
    if extra:
        raise ExpressionError(
            f"{name} = {value} has undeclared symbols {', '.join(extra)}; allowed are the "
            f"variable {t} and the parameters declared with parameters=",
            argument=name,
        )
    if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise ExpressionError(
            f"{name} = {value} is not finite; signals must be finite", argument=name
        )
    floats = value.atoms(sp.Float)
    if floats:
        value = value.xreplace({v: sp.Rational(str(v)) for v in floats})
    return value

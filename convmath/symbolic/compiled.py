"""Numeric functions of SymPy expressions, compiled without code from a caller's names.

``lambdify`` and SymPy's code printers write an expression out as Python source and run it.
A ``Symbol`` or an undefined ``Function`` may carry any name, so printing the caller's names
would run whatever they spell: ``Symbol('x, y=print("INJECTED")')`` as a variable prints
as an extra argument with a default that calls ``print``. So before anything is printed:

- undefined functions (``Function('f')(t)``), functions that SymPy does not define, atoms
  that are neither numbers nor symbols, and symbol names that are not identifiers are
  refused with :class:`~convmath.errors.ExpressionError` naming the offender;
- every symbol is replaced by a fresh ``Dummy`` whose printed name (``v_1234``) is ours
  (for the ``math``/``cmath`` printer, which is on the hot path of every check, the printer
  itself writes each symbol as a fresh name of ours, which prints the same code without
  rebuilding the expression).

This module is the only place in the SymPy layer that prints an expression to source:
:func:`scalar_function` for one float at a time (quadrature), :func:`array_function` for
NumPy arrays (sampling).

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> scalar_function(sp.exp(-t) * sp.Heaviside(t), t)(1.0)
(0.36787944117144233+0j)
>>> scalar_function(sp.Function("f")(t), t)
Traceback (most recent call last):
...
convmath.errors.ExpressionError: the expression f(t) uses the undefined function 'f'; only SymPy's own functions can be evaluated numerically
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import BooleanAtom
from sympy.printing.codeprinter import PrintMethodNotImplementedError
from sympy.printing.pycode import PythonCodePrinter

from convmath.errors import ExpressionError

__all__ = ["refuse_unsafe_names", "anonymized", "scalar_function", "array_function"]

_ATOMS = (sp.Number, sp.NumberSymbol, sp.Symbol, BooleanAtom, type(sp.I))


def refuse_unsafe_names(
    expr: sp.Basic, argument: str = "the expression", *, label: str | None = None
) -> None:
    """Raise `ExpressionError` for anything in `expr` that would print a caller's name.

    Refused: applied undefined functions, functions defined outside SymPy, symbol names
    that are not Python identifiers, and atoms other than numbers, symbols and booleans.
    The error names `expr` by `label` (default: `argument`) and carries `argument`.

    Examples
    --------
    >>> import sympy as sp
    >>> refuse_unsafe_names(sp.exp(-sp.Symbol("t")), "f")
    >>> refuse_unsafe_names(sp.Symbol("a b"), "f")
    Traceback (most recent call last):
    ...
    convmath.errors.ExpressionError: f = a b has a symbol named 'a b', which is not an identifier; name symbols like Python variables (letters, digits, _)
    """
    for node in sp.preorder_traversal(expr):
        problem = _unsafe(node)
        if problem is not None:
            shown = _shown(expr, label or argument)
            raise ExpressionError(f"{shown} {problem}", argument=argument)


def _shown(expr: sp.Basic, argument: str) -> str:
    return f"the expression {expr}" if argument == "the expression" else f"{argument} = {expr}"


def _unsafe(node: sp.Basic) -> str | None:
    """What is wrong with one node of an expression tree, or None."""
    if isinstance(node, AppliedUndef):
        return (
            f"uses the undefined function {node.func.__name__!r}; only SymPy's own functions "
            "can be evaluated numerically"
        )
    if isinstance(node, sp.Function) and not type(node).__module__.startswith("sympy."):
        return (
            f"uses the function {type(node).__name__!r}, which SymPy does not define; only "
            "SymPy's own functions can be evaluated numerically"
        )
    if isinstance(node, sp.Symbol) and not node.name.isidentifier():
        return (
            f"has a symbol named {node.name!r}, which is not an identifier; name symbols like "
            "Python variables (letters, digits, _)"
        )
    if not node.args and not isinstance(node, _ATOMS):
        return f"contains {node!r} ({type(node).__name__}), which is not a number or a symbol"
    return None


def anonymized(
    expr: sp.Expr, variables: tuple[sp.Symbol, ...], argument: str = "the expression"
) -> tuple[sp.Expr, tuple[sp.Dummy, ...]]:
    """`expr` with every symbol replaced by a fresh ``Dummy``, and the dummies of `variables`.

    Symbols bound inside `expr` (an ``Integral``'s variable) are replaced too; a free symbol
    that is not one of `variables` would be an unbound name, so it is refused.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> expr, (v,) = anonymized(t**2 + 1, (t,))
    >>> expr == v**2 + 1, v.name
    (True, 'v')
    """
    expr = _checked(expr, variables, argument)
    renamed = {s: sp.Dummy("v") for s in expr.atoms(sp.Symbol)}
    for v in variables:
        renamed.setdefault(v, sp.Dummy("v"))
    return expr.xreplace(renamed), tuple(renamed[v] for v in variables)


def _checked(expr: sp.Expr, variables: tuple[sp.Symbol, ...], argument: str) -> sp.Expr:
    """`expr` after :func:`refuse_unsafe_names`, with no free symbol but `variables`."""
    expr = sp.sympify(expr, strict=True)
    refuse_unsafe_names(expr, argument)
    extra = sorted(s.name for s in expr.free_symbols if s not in variables)
    if extra:
        raise ExpressionError(
            f"{_shown(expr, argument)} has the symbols {', '.join(extra)} besides the "
            "variable; give them values before evaluating it numerically",
            argument=argument,
        )
    return expr


def array_function(
    expr: sp.Expr, t: sp.Symbol, argument: str = "the expression"
) -> Callable[[Any], Any]:
    """`expr` as a NumPy function of `t` (``lambdify`` on the anonymized expression).

    Unsafe names and free symbols other than `t` raise `ExpressionError` carrying `argument`.

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> t = sp.Symbol("t")
    >>> array_function(sp.Heaviside(t) * t, t)(np.array([-1.0, 2.0]))
    array([0., 2.])
    """
    safe, (v,) = anonymized(expr, (t,), argument)
    return sp.lambdify(v, safe, modules="numpy")


def scalar_function(expr: sp.Expr, t: sp.Symbol) -> Callable[[float], complex]:
    """`expr` as a fast function of one float `t` (``math``/``cmath``), complex-valued.

    Where floats overflow or a domain error occurs (``exp(800) * 0``), the value is
    recomputed with mpmath; where that fails too, it is ``nan``. Functions that ``math``
    and ``cmath`` lack (``Si``, ``besselj``) are evaluated with mpmath throughout, so that
    no SciPy import is needed.
    """
    expr = _checked(expr, (t,), "the expression")
    if expr == 0:
        return lambda value: 0j
    function = _python_function(expr, t, expr.has(sp.I))
    precise: Callable[[Any], Any] | None = None

    def with_mpmath(value: float) -> complex:
        nonlocal precise
        if precise is None:
            safe, (v,) = anonymized(expr, (t,))
            precise = sp.lambdify(v, safe, modules=[_MPMATH_EXTRAS, "mpmath"])
        try:
            return complex(precise(mpmath.mpf(value)))
        except (TypeError, ValueError, OverflowError, ZeroDivisionError, NameError):
            return complex("nan")

    if function is None:  # a function math/cmath lack (Si, besselj): mpmath, never SciPy
        return with_mpmath
    fast = function

    def call(value: float) -> complex:
        try:
            result = complex(fast(value))
        except (ZeroDivisionError, OverflowError, ValueError, TypeError, NameError):
            result = complex("nan")
        if cmath.isfinite(result):
            return result
        retried = with_mpmath(value)
        return retried if cmath.isfinite(retried) else result

    return call


def _python_function(
    expr: sp.Expr, t: sp.Symbol, complex_valued: bool
) -> Callable[[float], Any] | None:
    """Print the checked `expr` as a ``math``/``cmath`` function, or None if it can't be.

    Printed directly, by a printer that writes every symbol as a fresh name of ours
    (``_v0``, ``_v1``, ...) instead of its own: the same as printing the expression with
    each symbol replaced by a ``Dummy``, without rebuilding the expression (which costs
    more than the evaluation, as in ``lambdify``). The code is compiled only when every
    name it uses is one of the scalar module's (so it never fails with a ``NameError``).
    """
    names = {s: f"_v{k}" for k, s in enumerate(sorted(expr.atoms(sp.Symbol) | {t}, key=str))}
    printer = _RenamingPrinter(names)
    try:
        source = f"def _f({names[t]}):\n    return {printer.doprint(expr)}\n"
    except PrintMethodNotImplementedError:
        return None
    namespace: dict[str, Any] = dict(vars(cmath) if complex_valued else vars(math))
    namespace.update(_CMATH_EXTRAS if complex_valued else _MATH_EXTRAS)
    namespace["__builtins__"] = _BUILTINS
    code = compile(source, "<convmath-compiled>", "exec")
    (body,) = [c for c in code.co_consts if hasattr(c, "co_names")]
    if not set(body.co_names) <= namespace.keys() | _BUILTINS.keys():
        return None
    exec(code, namespace)  # noqa: S102 - printed from a checked expression, our names only
    return namespace["_f"]


class _RenamingPrinter(PythonCodePrinter):
    """Python printer that writes each symbol as the name `names` gives it, never its own."""

    def __init__(self, names: dict[sp.Symbol, str]) -> None:
        super().__init__(
            {
                "fully_qualified_modules": False,
                "standard": "python3",
                "user_functions": {"Heaviside": "Heaviside"},
            }
        )
        self._names = names

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return self._names[expr]

    _print_Dummy = _print_Symbol


def _float_heaviside(x, h0=0.5):
    return 1.0 if x > 0 else (0.0 if x < 0 else h0)


def _complex_heaviside(x, h0=0.5):
    return _float_heaviside(x.real if isinstance(x, complex) else x, h0)


def _mpmath_heaviside(x, h0=0.5):
    return mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else mpmath.mpf(h0))


_BUILTINS = {"abs": abs, "complex": complex, "float": float, "max": max, "min": min}
_MATH_EXTRAS = {"Heaviside": _float_heaviside}
_CMATH_EXTRAS = {"Heaviside": _complex_heaviside, "sign": lambda x: (x > 0) - (x < 0)}
_MPMATH_EXTRAS = {"Heaviside": _mpmath_heaviside, "DiracDelta": lambda *args: mpmath.mpf(0)}

"""A second, exact check of a closed-form convolution: the convolution theorem.

The transform of ``f * g`` is the product of the transforms. Where SymPy finds the
transforms of both inputs and of the result, ``F G - H`` is simplified; it must be 0.

- **Laplace** ``F(s) = integral of f(t) exp(-s t) dt``: one-sided when f, g and the result
  vanish for t < 0, else two-sided (the one-sided transforms of ``f(t)`` and ``f(-t)``,
  the latter at ``-s``), which sees every part of the result; deltas are transformed
  directly, ``delta^(n)(t - c) -> s^n exp(-c s)``.
- **Fourier**, when SymPy cannot decide the Laplace identity (``1/(1 + t^2)``), in SymPy's
  convention ``F(k) = integral of f(t) exp(-2 pi i k t) dt``, under which the theorem has
  no constant.

The check is skipped, with the reason, when SymPy cannot transform an input or the result,
or runs past its own short deadline (it never bounds or slows the derivation: the
quadrature check stays the gate).

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> f, g = sp.exp(-t) * sp.Heaviside(t), sp.exp(-2 * t) * sp.Heaviside(t)
>>> # L{e^-t u} L{e^-2t u} = 1/(s + 1) * 1/(s + 2) = L{(e^-t - e^-2t) u}
>>> check = transform_check(f, g, (sp.exp(-t) - sp.exp(-2 * t)) * sp.Heaviside(t), t)
>>> check.holds, check.kind, check.product
(True, 'Laplace', 1/((s + 1)*(s + 2)))
>>> transform_check(f, g, sp.exp(-t) * sp.Heaviside(t), t).holds  # 1/(s + 1) is not it
False
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from convmath.errors import ConvmathError, DerivationTimeout
from convmath.symbolic._delta_derivatives import split_derivatives
from convmath.symbolic._order import is_less
from convmath.symbolic._pieces import Piece, decompose, split_deltas
from convmath.symbolic._timeout import call_with_deadline

__all__ = ["TransformCheck", "transform_check"]

TRANSFORM_TIMEOUT = 5.0
_S = sp.Symbol("s")
_K = sp.Symbol("k", real=True)


@dataclass(frozen=True)
class TransformCheck:
    """The convolution theorem for one result: ``H = F G`` for the transforms, exactly.

    Attributes
    ----------
    kind : str
        ``"Laplace"``, ``"two-sided Laplace"``, ``"Fourier"``, or ``""`` when skipped
        before any transform was found.
    holds : bool or None
        True: ``F G - H`` simplifies to 0; False: it is non-zero (at 30 digits, at two
        values of the variable); None: skipped or undecided.
    reason : str
        Why it was skipped or undecided (empty when decided).
    product, transform : sympy.Expr or None
        ``F G`` and ``H`` in the transform variable (``s`` or ``k``).
    """

    kind: str
    holds: bool | None
    reason: str = ""
    product: sp.Expr | None = None
    transform: sp.Expr | None = None

    def payload(self) -> dict[str, object]:
        """The JSON form: kind, holds (true/false/null), reason and the two transforms."""
        return {
            "kind": self.kind,
            "holds": self.holds,
            "reason": self.reason,
            "product": None if self.product is None else str(self.product),
            "transform": None if self.transform is None else str(self.transform),
        }

    def describe(self) -> str:
        """One line for the command line."""
        if self.holds is None:
            name = f"{self.kind} " if self.kind else ""
            return f"Exact {name}transform check skipped: {self.reason}"
        variable = "k" if self.kind == "Fourier" else "s"
        verdict = "holds exactly" if self.holds else "FAILS"
        note = f" ({self.reason})" if self.reason else ""
        return (
            f"Exact {self.kind} check: H({variable}) = F({variable}) G({variable}) "
            f"= {sp.sstr(self.product)} {verdict}{note}"
        )


def transform_check(
    f: sp.Expr,
    g: sp.Expr,
    result: sp.Expr,
    t: sp.Symbol,
    *,
    timeout: float | None = TRANSFORM_TIMEOUT,
) -> TransformCheck:
    """Check ``transform(result) == transform(f) * transform(g)`` exactly, within `timeout`.

    Parameters
    ----------
    f, g, result : sympy.Expr
        The inputs and the closed form of ``f * g``, in `t` (deltas allowed).
    timeout : float or None
        Seconds for the whole check; past them it is skipped (never an error).
    """
    x = sp.Dummy("x", real=True)
    inputs = []
    for expr in (f, g, result):
        expr = sp.sympify(expr, strict=True)
        inputs.append(expr.xreplace({v: x for v in expr.free_symbols if v.name == t.name}))
    try:
        return call_with_deadline(_check, timeout, *inputs, x)
    except DerivationTimeout:
        return TransformCheck("", None, f"SymPy did not find the transforms within {timeout:g} s")
    except Exception as exc:  # noqa: BLE001 - a SymPy failure only skips this extra check
        return TransformCheck("", None, f"SymPy failed on the transforms ({type(exc).__name__})")


def _check(f: sp.Expr, g: sp.Expr, result: sp.Expr, x: sp.Symbol) -> TransformCheck:
    cases = _parameter_cases((f, g, result), x)
    if cases is None:
        return TransformCheck("", None, "the result splits on parameters in a way not checked")
    checks = [_check_case(case, x) for case in cases]
    decided = [c for c in checks if c.holds is not None]
    failed = [c for c in checks if c.holds is False]
    if failed or len(decided) < len(checks):
        return (failed or [c for c in checks if c.holds is None])[0]
    if len(checks) == 1:
        return checks[0]
    return dataclasses.replace(checks[0], reason=f"in each of the {len(checks)} parameter cases")


Signals = tuple[sp.Expr, sp.Expr, sp.Expr]


def _parameter_cases(signals: Signals, x: sp.Symbol) -> list[Signals] | None:
    """`signals` once per branch of the result's parameter cases (``Ne(a, b)`` / ``a = b``).

    The generic case takes each ``Ne`` branch; each special case substitutes a solution of
    the equality into all three signals (which picks the other branch). None: a case split
    on anything but ``Ne``.
    """
    f, g, result = signals
    split = next(
        (
            p
            for p in result.atoms(sp.Piecewise)
            if not any(sp.sympify(c, strict=True).has(x) for _, c in p.args)
        ),
        None,
    )
    if split is None:
        return [signals]
    condition = split.args[0][1]
    if not isinstance(condition, sp.Ne):
        return None
    generic = (f, g, result.xreplace({split: split.args[0][0]}))
    symbol = sorted(condition.free_symbols, key=str)[-1]
    special = [
        tuple(e.subs(symbol, value) for e in signals)
        for value in sp.solve(condition.lhs - condition.rhs, symbol)
    ]
    cases = []
    for case in [generic, *special]:
        found = _parameter_cases(case, x)
        if found is None:
            return None
        cases += found
    return cases


def _check_case(signals: Signals, x: sp.Symbol) -> TransformCheck:
    causal = all(_causal(e, x) for e in signals)
    kind = "Laplace" if causal else "two-sided Laplace"
    points = [sp.Rational(37, 10), sp.Integer(5)] if causal else [3 * sp.I / 10, 7 * sp.I / 10]

    def laplace() -> TransformCheck:
        return _compare(kind, lambda e: _laplace(e, x, two_sided=not causal), signals, _S, points)

    def fourier() -> TransformCheck:
        frequencies = [sp.Rational(3, 10), sp.Rational(7, 10)]
        return _compare("Fourier", lambda e: _fourier(e, x), signals, _K, frequencies)

    # a two-sided algebraic tail (1/(1 + t^2)) has no two-sided Laplace transform (and
    # SymPy spends long on the one-sided halves): Fourier first there
    order = (
        (fourier, laplace) if not causal and _algebraic_tail(signals, x) else (laplace, fourier)
    )
    first = order[0]()
    if first.holds is not None:
        return first
    second = order[1]()
    return first if second.holds is None else second


def _algebraic_tail(signals: Signals, x: sp.Symbol) -> bool:
    """Some signal has a denominator in x other than an exponential (1/(1 + t^2), sinc)."""
    for expr in signals:
        for term in sp.Add.make_args(_heaviside_form(expr, x)):
            denominator = sp.fraction(sp.together(term))[1]
            for factor in sp.Mul.make_args(denominator):
                base = factor.base if factor.is_Pow else factor
                if factor.has(x) and not isinstance(base, sp.exp):
                    return True
    return False


def _causal(expr: sp.Expr, x: sp.Symbol) -> bool:
    """True when `expr` is 0 for x < 0 (every piece and delta at x >= 0)."""
    try:
        rest, derivatives = split_derivatives(expr, x, "signal")
        split = decompose(rest, x, "signal")
    except ConvmathError:
        return False
    starts = [p.lo for p in split.pieces] + [d.location for d in split.deltas]
    starts += [d.location for d in derivatives]
    return all(sp.sympify(start >= 0, strict=True) is sp.true for start in starts)


def _laplace(expr: sp.Expr, x: sp.Symbol, *, two_sided: bool) -> sp.Expr:
    """``integral of expr(x) exp(-s x)`` over x > 0 (or over the whole line, `two_sided`).

    The pieces right of 0 give the one-sided transform; those left of 0, mirrored, give
    theirs at ``-s``. Deltas are transformed here (``delta^(n)(x - c)`` -> ``s^n exp(-c s)``).
    """
    rest, derivatives = split_derivatives(expr, x, "signal")
    regular, deltas = split_deltas(rest, x, "signal")
    terms = [d.weight * sp.exp(-d.location * _S) for d in deltas]
    terms += [d.weight * _S**d.order * sp.exp(-d.location * _S) for d in derivatives]
    right, left = [], []
    for piece in decompose(regular, x, "signal").pieces:
        if is_less(0, piece.hi):
            right.append(Piece(sp.Max(piece.lo, 0), piece.hi, piece.expr))
        if two_sided and is_less(piece.lo, 0):
            mirrored = piece.expr.xreplace({x: -x})
            left.append(Piece(sp.Max(-piece.hi, 0), -piece.lo, mirrored))
    terms.append(_one_sided(right, x))
    if left:
        terms.append(_one_sided(left, x).xreplace({_S: -_S}))
    return sp.Add(*terms)


def _one_sided(pieces: list[Piece], x: sp.Symbol) -> sp.Expr:
    """One-sided Laplace transform of pieces on ``[lo, hi)`` with ``lo >= 0``."""
    total = []
    for piece in pieces:
        window = [sp.S.One if piece.lo == 0 else sp.Heaviside(x - piece.lo)]
        if piece.hi is not sp.oo:
            window.append(-sp.Heaviside(x - piece.hi))
        for term in sp.Add.make_args(piece.expr):
            # constants outside: 1/(b e^(a x) - a e^(a x)) -> 1/(b - a) times e^(-a x)
            constant, dependent = sp.factor_terms(term).as_independent(x, as_Add=False)
            for edge in window:
                transform = sp.laplace_transform(
                    sp.expand_mul(dependent * edge), x, _S, noconds=True
                )
                total.append(constant * transform)
    return sp.Add(*total)


def _fourier(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    return sp.fourier_transform(_heaviside_form(expr, x), x, _K)


def _compare(
    kind: str,
    transform: Callable[[sp.Expr], sp.Expr],
    signals: Signals,
    variable: sp.Symbol,
    points: list[sp.Expr],
) -> TransformCheck:
    """Transform the three signals and decide ``F G - H == 0``."""
    found = []
    for name, expr in zip(("f", "g", "the result"), signals):
        try:
            value = transform(expr)
        except Exception as exc:  # noqa: BLE001 - a SymPy failure only skips this extra check
            detail = exc if isinstance(exc, ConvmathError) else type(exc).__name__
            return TransformCheck(kind, None, f"SymPy cannot transform {name} ({detail})")
        if value.has(sp.LaplaceTransform, sp.FourierTransform, sp.Integral):
            return TransformCheck(kind, None, f"SymPy cannot transform {name}")
        found.append(value)
    product, transformed = sp.factor(found[0] * found[1]), found[2]
    difference = product - transformed
    if sp.simplify(difference) == 0:
        return TransformCheck(kind, True, "", product, transformed)
    if all(_clearly_nonzero(difference, variable, point) for point in points):
        return TransformCheck(kind, False, "", product, transformed)
    return TransformCheck(
        kind, None, "SymPy could not simplify F G - H to 0", product, transformed
    )


def _clearly_nonzero(difference: sp.Expr, variable: sp.Symbol, point: sp.Expr) -> bool:
    """`difference` is non-zero at `point` (30 digits; parameters at generic values)."""
    value = difference.subs(variable, point)
    others = sorted(value.free_symbols, key=str)
    value = value.subs({p: sp.Rational(13, 10) + k for k, p in enumerate(others)})
    try:
        number = complex(sp.N(value, 30))
    except (TypeError, ValueError):
        return False
    return abs(number) > 1e-12


def _heaviside_form(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """Each ``Piecewise`` of `expr` as a sum of pieces times Heaviside windows.

    SymPy transforms ``e (u(x - lo) - u(x - hi))`` term by term, a ``Piecewise`` rarely.
    """

    def window(piecewise: sp.Piecewise) -> sp.Expr:
        terms = []
        for piece in decompose(piecewise, x, "the result").pieces:
            lower = sp.S.One if piece.lo is -sp.oo else sp.Heaviside(x - piece.lo)
            upper = sp.S.Zero if piece.hi is sp.oo else sp.Heaviside(x - piece.hi)
            terms.append(piece.expr * (lower - upper))
        return sp.Add(*terms)

    return sp.expand(expr.replace(lambda e: isinstance(e, sp.Piecewise), window))

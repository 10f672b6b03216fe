"""Closed-form continuous convolution ``(f * g)(t) = integral f(tau) g(t - tau) dtau``.

This is mathematical convolution, with the flip of g (a CNN layer computes the
cross-correlation ``integral f(tau) g(tau - t) dtau`` instead). The engine follows the
graphical method: split both inputs into pieces on intervals plus deltas, note that the
overlap of two pieces changes form only at sums of their breakpoints, integrate each
piece product on each region of t, sift the deltas, assemble one ``Piecewise``, and check
it against numerical quadrature before returning it.

The same operation three ways: the integral above; its sampled version, the discrete sum
``y[n] = sum_k f[k] g[n - k]`` (``numpy.convolve``); and the product ``y = C f`` with the
Toeplitz matrix ``C[n, k] = g[n - k]`` (see :mod:`convmath.symbolic.matrix`). Its adjoint
is correlation.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> u = sp.Heaviside
>>> convolve(sp.exp(-t) * u(t), sp.exp(-2 * t) * u(t))
Piecewise((0, t < 0), (exp(-t) - exp(-2*t), True))
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sympy as sp

from convmath.errors import ConvmathError, DivergentError, ExpressionError
from convmath.symbolic._derivation import Derivation, SiftedDelta
from convmath.symbolic._pieces import Delta, Piece, SignalPieces, decompose
from convmath.symbolic._regions import PairTerm, Region, SiftTerm, convolve_pieces, result_deltas
from convmath.symbolic._timeout import call_with_deadline, check_timeout
from convmath.symbolic._verify import verify as _verify

__all__ = ["convolve", "derive_convolution", "Derivation"]


def convolve(
    f: sp.Expr | str,
    g: sp.Expr | str,
    t: sp.Symbol | str | None = None,
    *,
    timeout: float | None = None,
    parameters: Iterable[sp.Symbol | str] = (),
) -> sp.Expr:
    """Closed form of ``(f * g)(t) = integral over tau from -oo to oo of f(tau) g(t - tau)``.

    Parameters
    ----------
    f, g : sympy.Expr or str
        Signals in one variable (strings go through :func:`convmath.symbolic.parse`).
        Supported: elementary functions, ``Heaviside``, ``Abs``, ``sign``, ``Piecewise``,
        ``rect``/``tri``, ``DiracDelta`` and sums of weighted deltas; complex values are
        allowed, switch arguments must be real. Floats become exact rationals.
    t : sympy.Symbol or str, optional
        The variable; default: the symbol named ``t`` in the inputs. The result is in this
        same symbol object.
    timeout : float, optional
        Seconds of wall time allowed (None: no limit).
    parameters : iterable of Symbol or str, optional
        Other symbols allowed in the inputs; they are taken positive.

    Returns
    -------
    sympy.Expr
        A closed form valid for every real t: a ``Piecewise`` over the regions of t (or
        one expression), plus ``DiracDelta`` terms when both inputs have deltas. It has
        been checked against quadrature at samples in every region.

    Raises
    ------
    ExpressionError
        Inputs that are not functions of the one variable, undeclared symbols, switches
        with infinitely many breakpoints, products of deltas.
    DivergentError
        The integral diverges for every t (``1 * 1``, ``exp(t) * exp(t)``).
    DerivationTimeout
        `timeout` seconds passed.
    VerificationError
        The closed form disagrees with quadrature (never returned).
    NoClosedFormError
        SymPy could not integrate some piece product.

    Examples
    --------
    >>> import sympy as sp
    >>> from convmath.symbolic.signals import rect
    >>> t = sp.Symbol("t")
    >>> # breakpoints -1, 0, 1 = sums of the box edges -1/2, 1/2: rect * rect = tri
    >>> convolve(rect(t), rect(t), t)
    Piecewise((0, t < -1), (t + 1, t < 0), (1 - t, t < 1), (0, True))
    >>> # equal rates: the t exp(-t) resonance
    >>> convolve(sp.exp(-t) * sp.Heaviside(t), sp.exp(-t) * sp.Heaviside(t))
    Piecewise((0, t < 0), (t*exp(-t), True))
    >>> # a delta at 2 shifts the other input by 2
    >>> convolve(sp.DiracDelta(t - 2), sp.exp(-t**2))
    exp(-(t - 2)**2)
    >>> convolve(1 / (1 + t**2), 1 / (1 + t**2))
    2*pi/(t**2 + 4)
    """
    return derive_convolution(f, g, t, timeout=timeout, parameters=parameters).result


def derive_convolution(
    f: sp.Expr | str,
    g: sp.Expr | str,
    t: sp.Symbol | str | None = None,
    *,
    timeout: float | None = None,
    verify: bool = True,
    parameters: Iterable[sp.Symbol | str] = (),
) -> Derivation:
    """The full graphical derivation of ``f * g``: pieces, regions, integrals, check.

    Same arguments and errors as :func:`convolve`; ``verify=False`` skips the numerical
    check (the record's ``verification`` is then None).

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> box = sp.Heaviside(t) - sp.Heaviside(t - 1)
    >>> steps = derive_convolution(box, sp.exp(-t) * sp.Heaviside(t))
    >>> # breakpoints 0, 1 = box edges 0, 1 plus the exponential's start 0
    >>> steps.breakpoints
    (0, 1)
    >>> [(p.lower, p.upper) for p in steps.regions[1].pairs]
    [(0, t)]
    >>> steps.regions[2].value
    (-1 + E)*exp(-t)
    >>> print(steps.format_steps().splitlines()[-1])  # doctest: +ELLIPSIS
    5. Check against quadrature at ... samples: max |closed - quad| = ...
    """
    timeout = check_timeout(timeout)
    if not isinstance(verify, bool):
        raise ExpressionError(f"verify must be True or False; got {verify!r}")
    return call_with_deadline(_derive, timeout, f, g, t, tuple(parameters), verify)


# --- inputs --------------------------------------------------------------------------------


def _variable(t: object, f: object, g: object) -> sp.Symbol:
    if t is None or isinstance(t, str):
        name = "t" if t is None else t
        if not name.isidentifier():
            raise ExpressionError(f"t must be a Symbol or a variable name; got {t!r}")
        for expr in (f, g):
            if isinstance(expr, sp.Basic):
                for symbol in sorted(expr.free_symbols, key=str):
                    if symbol.name == name:
                        return symbol
        return sp.Symbol(name)
    if isinstance(t, sp.Symbol):
        return t
    raise ExpressionError(f"t must be a sympy Symbol, a name or None; got {t!r}")


def _parameter_names(parameters: tuple) -> set[str]:
    names = set()
    for p in parameters:
        if isinstance(p, sp.Symbol):
            names.add(p.name)
        elif isinstance(p, str) and p.isidentifier():
            names.add(p)
        else:
            raise ExpressionError(
                f"parameters must be Symbols or names; got {p!r} in {parameters!r}"
            )
    return names


def _as_expr(value: object, name: str, t: sp.Symbol, params: set[str], declared: tuple) -> sp.Expr:
    if isinstance(value, str):
        from convmath.symbolic.parser import parse

        value = parse(value, (t,), parameters=declared)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = sp.sympify(value, strict=True)
    if not isinstance(value, sp.Expr) or isinstance(value, sp.Order):
        raise ExpressionError(
            f"{name} must be a SymPy expression or a string; got {type(value).__name__} {value!r}"
        )
    extra = sorted(s.name for s in value.free_symbols if s.name != t.name and s.name not in params)
    if extra:
        raise ExpressionError(
            f"{name} = {value} has undeclared symbols {', '.join(extra)}; allowed are the "
            f"variable {t} and the parameters declared with parameters="
        )
    if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise ExpressionError(f"{name} = {value} is not finite; signals must be finite")
    floats = value.atoms(sp.Float)
    if floats:
        value = value.xreplace({v: sp.Rational(str(v)) for v in floats})
    return value


# --- the derivation ------------------------------------------------------------------------


def _derive(f_in, g_in, t_in, parameters: tuple, verify: bool) -> Derivation:
    internal: list[sp.Dummy] = []
    try:
        return _derive_inner(f_in, g_in, t_in, parameters, verify, internal)
    except ConvmathError as exc:
        raise _readable(exc, internal) from None


def _readable(exc: ConvmathError, internal: list[sp.Dummy]) -> ConvmathError:
    """The same error with internal dummies (``_x``, ``_tau``) printed as the user's names."""
    message = str(exc)
    for dummy in internal:
        pattern = r"(?<![A-Za-z0-9_])" + re.escape(str(dummy)) + r"(?![A-Za-z0-9_])"
        message = re.sub(pattern, dummy.name, message)
    if message == str(exc):
        return exc
    clone = type(exc)(message)
    clone.__dict__.update({k: v for k, v in exc.__dict__.items() if k not in clone.__dict__})
    return clone


def _derive_inner(f_in, g_in, t_in, parameters: tuple, verify: bool, internal: list) -> Derivation:
    t = _variable(t_in, f_in, g_in)
    names = _parameter_names(parameters)
    if t.name in names:
        raise ExpressionError(f"parameters must not contain the variable {t}; got {parameters!r}")
    f = _as_expr(f_in, "f", t, names, parameters)
    g = _as_expr(g_in, "g", t, names, parameters)
    symbols = {s for e in (f, g) for s in e.free_symbols}
    # One real symbol serves as the inputs' variable and the result's (every substitution
    # replaces it whole); the caller's own symbol when it is already real.
    x = t if t.is_real else sp.Dummy(t.name, real=True)
    big_t = x
    taken = {s.name for s in symbols} | {t.name}
    tau_name = next(n for n in ("tau", "tau_", "tau__", "s_") if n not in taken)
    tau = sp.Symbol(tau_name, real=True)  # a name no input uses: shown as is
    inner: dict[sp.Symbol, sp.Symbol] = {}
    for s in sorted(symbols, key=str):
        if s.name == t.name:
            inner[s] = x
        elif s.name in names:
            inner[s] = s if s.is_positive else sp.Dummy(s.name, positive=True)
    internal[:] = [x, tau, *inner.values()]
    renamed = {k: v for k, v in inner.items() if k != v}
    f_int = f.xreplace(renamed) if renamed else f
    g_int = g.xreplace(renamed) if renamed else g
    params_int = sorted({v for k, v in inner.items() if k.name != t.name}, key=str)

    fp = decompose(f_int, x, "f")
    gp = decompose(g_int, x, "g")
    regions = convolve_pieces(fp, gp, x, tau, big_t)
    for region in regions:
        if region.value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise DivergentError(
                f"the convolution integral diverges for t in ({region.lo}, {region.hi})"
            )
    deltas = result_deltas(fp, gp)
    regular = _assemble(regions, big_t)
    result = regular + sp.Add(*[d.weight * sp.DiracDelta(big_t - d.location) for d in deltas])
    breakpoints = tuple(r.lo for r in regions[1:])
    check = None
    if verify:
        check = _verify(
            f_int,
            fp.deltas,
            g_int,
            gp.deltas,
            regular,
            x,
            big_t,
            list(breakpoints),
            f_breaks=fp.breakpoints(),
            g_breaks=gp.breakpoints(),
            parameters=params_int,
        )

    tau_out = tau
    outer = {v: k for k, v in inner.items() if k.name != t.name}
    to_t = {**outer, x: t, big_t: t, tau: tau_out}

    to_t = {k: v for k, v in to_t.items() if k != v}

    def out(expr):
        expr = sp.sympify(expr, strict=True)
        return expr.xreplace(to_t) if to_t and expr.free_symbols & to_t.keys() else expr

    def out_split(split: SignalPieces) -> SignalPieces:
        return SignalPieces(
            tuple(Piece(out(p.lo), out(p.hi), out(p.expr)) for p in split.pieces),
            tuple(Delta(out(d.location), out(d.weight)) for d in split.deltas),
        )

    def out_region(r: Region) -> Region:
        pairs = tuple(
            PairTerm(
                p.f_index,
                p.g_index,
                out(p.lower),
                out(p.upper),
                out(p.integrand),
                out(p.value),
                p.method,
            )
            for p in r.pairs
        )
        sifted = tuple(
            SiftTerm(s.source, s.delta_index, s.piece_index, out(s.value)) for s in r.sifted
        )
        return Region(out(r.lo), out(r.hi), pairs, sifted, out(r.value))

    sifted = tuple(
        SiftedDelta(source, out(d.location), out(d.weight), other, t)
        for source, split, other in (("f", fp, g), ("g", gp, f))
        for d in split.deltas
    )
    return Derivation(
        f=f,
        g=g,
        t=t,
        tau=tau_out,
        parameters=tuple(sorted(outer.values(), key=str)),
        f_pieces=out_split(fp),
        g_pieces=out_split(gp),
        breakpoints=tuple(out(b) for b in breakpoints),
        regions=tuple(out_region(r) for r in regions),
        sifted=sifted,
        deltas=tuple(Delta(out(d.location), out(d.weight)) for d in deltas),
        result=out(result),
        verification=check,
    )


def _assemble(regions: list[Region], t: sp.Symbol) -> sp.Expr:
    """One ``Piecewise`` over the regions, equal neighbours merged."""
    merged: list[list] = []
    for region in regions:
        if merged and sp.expand(merged[-1][2] - region.value) == 0:
            merged[-1][1] = region.hi
        else:
            merged.append([region.lo, region.hi, region.value])
    if len(merged) == 1:
        return merged[0][2]
    branches = [(value, t < hi) for _, hi, value in merged[:-1]]
    return sp.Piecewise(*branches, (merged[-1][2], True))

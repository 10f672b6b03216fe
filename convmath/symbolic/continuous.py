"""Closed-form continuous convolution ``(f * g)(t) = integral f(tau) g(t - tau) dtau``.

This is mathematical convolution, with the flip of g (a CNN layer computes the
cross-correlation ``integral f(tau) g(tau - t) dtau`` instead). The engine follows the
graphical method, one private module per step:

1. inputs (``_inputs``): check the signals, one real variable, positive parameters;
2. pieces (``_pieces``): split both inputs into pieces on intervals plus deltas;
3. regions (``_regions``): the overlap of two pieces changes form only at sums of their
   breakpoints, so t splits into regions with fixed integral limits; deltas sift;
4. integrals (``_integrals``): integrate each piece product on each region;
5. assembly (``_assembly``): one ``Piecewise`` plus the delta terms;
6. check (``_check``): compare with numerical quadrature before returning it.

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

import dataclasses
from collections.abc import Iterable

import sympy as sp

from convmath.errors import ConvmathError, ExpressionError
from convmath.symbolic._assembly import assemble
from convmath.symbolic._cases import MAX_DEPTH, OrderCase, inside_case, order_cases
from convmath.symbolic._check import check_against_quadrature
from convmath.symbolic._delta_derivatives import (
    DerivativeTerm,
    derivative_terms,
    split_derivatives,
)
from convmath.symbolic._derivation import Derivation, ParameterCase, record_derivation
from convmath.symbolic._inputs import Inputs, read_inputs
from convmath.symbolic._order import UndecidedOrder, assuming_positive, sign_of
from convmath.symbolic._pieces import (
    Piece,
    as_piecewise,
    decompose,
    merge_pieces,
    split_deltas,
)
from convmath.symbolic._regions import find_regions
from convmath.symbolic._timeout import call_with_deadline, check_timeout

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
        Other symbols allowed in the inputs; they are taken positive. When the order of two
        breakpoints depends on them, the result is a ``Piecewise`` over the cases
        (``a < b``, ``a = b``, ``a > b``).

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
        SymPy could not integrate some piece product; integrands known to have no closed
        form in erf, Si, Ci, Ei (a Gaussian times a Cauchy profile) are refused at once.

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
    >>> # the order of the breakpoints a, b depends on the parameters: one branch per case
    >>> a, b = sp.symbols("a b", positive=True)
    >>> boxes = convolve(sp.Heaviside(t) - sp.Heaviside(t - a), sp.Heaviside(t) - sp.Heaviside(t - b))
    >>> [condition for _, condition in boxes.args]
    [a < b, Eq(a, b), True]
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
        raise ExpressionError(f"verify must be True or False; got {verify!r}", argument="verify")
    return call_with_deadline(_derive, timeout, f, g, t, tuple(parameters), verify)


# --- the pipeline: inputs -> pieces -> regions -> integrals -> assembly -> check ----------


def _derive(f: object, g: object, t: object, parameters: tuple, verify: bool) -> Derivation:
    inputs = read_inputs(f, g, t, parameters)
    try:
        return _run_steps(inputs, verify)
    except ConvmathError as exc:
        raise inputs.readable(exc) from None


def _run_steps(inputs: Inputs, verify: bool) -> Derivation:
    f_rest, f_found = split_derivatives(inputs.f, inputs.x, "f")
    g_rest, g_found = split_derivatives(inputs.g, inputs.x, "g")
    base = _by_cases(dataclasses.replace(inputs, f=f_rest, g=g_rest), verify)
    if not f_found and not g_found:
        return base
    terms = derivative_terms(f_rest, f_found, g_rest, g_found, inputs.x)
    return _with_derivatives(base, inputs, terms)


def _with_derivatives(base: Derivation, inputs: Inputs, terms: list) -> Derivation:
    """`base` (the graphical part) plus the delta-derivative terms, in one closed form."""
    x = inputs.x
    to_engine = {caller: engine for engine, caller in inputs.back.items()}
    total = sp.expand_mul(base.result.xreplace(to_engine) + sp.Add(*[d.term for d in terms]))
    rest, found = split_derivatives(total, x, "result")
    regular, deltas = split_deltas(rest, x, "result")
    result = as_piecewise(_covering(decompose(regular, x, "result").pieces), x)
    result += sp.Add(*[d.weight * sp.DiracDelta(x - d.location) for d in deltas])
    result += sp.Add(*[d.weight * sp.DiracDelta(x - d.location, d.order) for d in found])
    out = inputs.to_caller
    shown = tuple(
        DerivativeTerm(d.source, out(d.weight), d.order, out(d.location), out(d.term))
        for d in terms
    )
    return dataclasses.replace(base, result=inputs.to_caller(result), derivative_terms=shown)


def _covering(pieces: tuple[Piece, ...]) -> list[Piece]:
    """`pieces` with zero pieces in their gaps, covering the whole real line."""
    filled: list[Piece] = []
    edge = -sp.oo
    for piece in pieces:
        if piece.lo != edge:
            filled.append(Piece(edge, piece.lo, sp.S.Zero))
        filled.append(piece)
        edge = piece.hi
    if edge != sp.oo:
        filled.append(Piece(edge, sp.oo, sp.S.Zero))
    return merge_pieces(filled)


def _by_cases(
    inputs: Inputs, verify: bool, facts: tuple[sp.Expr, ...] = (), depth: int = 0
) -> Derivation:
    """The graphical derivation, split into parameter cases where an order is open."""
    try:
        return _graphical(inputs, verify, facts)
    except UndecidedOrder as open_order:
        cases = order_cases(open_order.left, open_order.right, inputs.parameters)
        if cases is None or depth >= MAX_DEPTH:
            raise
        done = []
        for case in cases:
            within = _case_inputs(inputs, facts, case)
            if within is not None:
                case_inputs, case_facts = within
                record = _by_cases(case_inputs, verify, case_facts, depth + 1)
                done.append(ParameterCase(inputs.to_caller(case.condition), record))
        points = (inputs.to_caller(open_order.left), inputs.to_caller(open_order.right))
        return _over_cases(inputs, done, points)


def _case_inputs(
    inputs: Inputs, facts: tuple[sp.Expr, ...], case: OrderCase
) -> tuple[Inputs, tuple[sp.Expr, ...]] | None:
    """The inputs and facts of one case (None when the case contradicts the facts)."""
    if case.equality is None:
        assert case.fact is not None
        return inputs, (*facts, case.fact)
    p, value = case.equality
    kept = tuple(sp.expand(fact.xreplace({p: value})) for fact in facts)
    if any(sign_of(fact) in (-1, 0) for fact in kept):
        return None
    within = dataclasses.replace(
        inputs,
        f=inputs.f.xreplace({p: value}),
        g=inputs.g.xreplace({p: value}),
        parameters=tuple(q for q in inputs.parameters if q != p),
    )
    return within, tuple(fact for fact in kept if sign_of(fact) != 1)


def _over_cases(
    inputs: Inputs, cases: list[ParameterCase], points: tuple[sp.Expr, sp.Expr]
) -> Derivation:
    """One record whose result is a ``Piecewise`` over the parameter cases."""
    branches = [(c.derivation.result, c.condition) for c in cases[:-1]]
    result = sp.Piecewise(*branches, (cases[-1].derivation.result, True))
    return dataclasses.replace(
        cases[0].derivation,
        f=inputs.given_f,
        g=inputs.given_g,
        parameters=inputs.given_parameters,
        result=result,
        verification=None,
        cases=tuple(cases),
        case_points=points,
    )


def _graphical(inputs: Inputs, verify: bool, facts: tuple[sp.Expr, ...] = ()) -> Derivation:
    x = inputs.x  # the result's variable too: breakpoints of the result are points of x
    with assuming_positive(facts):  # the parameter case: e.g. b - a > 0 when a < b
        f_split = decompose(inputs.f, x, "f")
        g_split = decompose(inputs.g, x, "g")
        regions = find_regions(f_split, g_split, x, inputs.tau, x)  # integrals on each region
        assembled = assemble(regions, f_split, g_split, x)
    check = None
    if verify:
        # parameter values inside the case: e.g. b = a + c, c > 0, when a < b
        inside, parameters = inside_case(facts, inputs.parameters)
        check = check_against_quadrature(
            inputs.f.xreplace(inside),
            _moved(f_split.deltas, inside),
            inputs.g.xreplace(inside),
            _moved(g_split.deltas, inside),
            assembled.regular.xreplace(inside),
            x,
            x,
            [sp.expand(b.xreplace(inside)) for b in assembled.breakpoints],
            f_breaks=[sp.expand(b.xreplace(inside)) for b in f_split.breakpoints()],
            g_breaks=[sp.expand(b.xreplace(inside)) for b in g_split.breakpoints()],
            parameters=parameters,
        )
    return record_derivation(inputs, f_split, g_split, regions, assembled, check)


def _moved(deltas: tuple, inside: dict) -> tuple:
    return tuple(type(d)(d.location.xreplace(inside), d.weight.xreplace(inside)) for d in deltas)

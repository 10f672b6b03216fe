"""Special-function convolutions: Gaussian x sinusoid (erf of complex argument), sinc * sinc,
Cauchy against sinusoids and exponentials (residues, Ei).

Every closed form is compared with mpmath quadrature of the definition at many t; the
reference integrates the inputs as written (removable singularities evaluated by mpmath's
own nodes, which never hit them).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from convmath.symbolic._antiderivatives import gaussian_primitive
from convmath.symbolic._residues import whole_line_rational
from convmath.symbolic.continuous import convolve, derive_convolution

t = sp.Symbol("t", real=True)
u = sp.Heaviside
T_VALUES = [-4.0, -2.5, -1.0, -0.3, 0.4, 1.0, 1.7, 3.0, 5.5]


def _mp(expr: sp.Expr):
    return sp.lambdify(t, expr, modules="mpmath")


def _reference(f, g, tv: float, f_cuts=(), g_cuts=(), span=(-mpmath.inf, mpmath.inf)):
    """mpmath quadrature of f(s) g(tv - s) split at the inputs' switch points."""
    points = sorted({*f_cuts, *(tv - c for c in g_cuts)})
    nodes = [span[0], *[p for p in points if span[0] < p < span[1]], span[1]]
    return mpmath.quad(lambda s: f(s) * g(tv - s), nodes)


def _assert_close(result: sp.Expr, reference, values=T_VALUES, tol=1e-9):
    closed = _mp(result)
    for tv in values:
        got, want = complex(closed(tv)), complex(reference(tv))
        assert abs(got.imag) < 1e-9, (tv, got)
        assert got.real == pytest.approx(want.real, abs=tol), tv


def _step(s):
    return 1 if s > 0 else 0


@pytest.mark.parametrize(
    "wave, mp_wave",
    [(sp.cos, mpmath.cos), (sp.sin, mpmath.sin)],
    ids=["cos", "sin"],
)
def test_gaussian_against_one_sided_sinusoid(wave, mp_wave):
    # (exp(-t^2) * wave(t) u(t))(t) = integral from -oo to t: erf of t -/+ i/2
    result = convolve(sp.exp(-(t**2)), wave(t) * u(t), t, timeout=20)
    assert result.has(sp.erf) and not result.has(sp.Integral)

    def reference(tv):
        return mpmath.quad(lambda s: mpmath.exp(-(s**2)) * mp_wave(tv - s), [-mpmath.inf, tv])

    _assert_close(result, reference)


def test_gaussian_times_cosine_against_gaussian():
    # completed square with an imaginary shift: exp(-t^2/2) cos(t/2) form
    result = convolve(sp.exp(-(t**2)) * sp.cos(t), sp.exp(-(t**2)), t, timeout=20)
    assert result.has(sp.cos) and not result.has(sp.I)

    def reference(tv):
        return _reference(
            lambda s: mpmath.exp(-(s**2)) * mpmath.cos(s), lambda s: mpmath.exp(-(s**2)), tv
        )

    _assert_close(result, reference)


def test_gaussian_times_sine_against_one_sided_exponential():
    f = sp.exp(-(t**2)) * sp.sin(2 * t)
    result = convolve(f, sp.exp(-t) * u(t), t, timeout=20)

    def reference(tv):
        return mpmath.quad(
            lambda s: mpmath.exp(-(s**2)) * mpmath.sin(2 * s) * mpmath.exp(-(tv - s)),
            [-mpmath.inf, tv],
        )

    _assert_close(result, reference)


def test_whole_line_gaussian_primitive_is_real():
    tau = sp.Symbol("tau", real=True)
    (whole,) = gaussian_primitive(sp.exp(-(tau**2) + tau) * sp.sin(3 * tau), tau)
    value = whole.at_plus - whole.at_minus
    assert not value.has(sp.I)
    want = mpmath.quad(lambda s: mpmath.exp(-(s**2) + s) * mpmath.sin(3 * s), [-10, 10])
    assert float(value) == pytest.approx(float(want), rel=1e-12)


def test_sinc_against_sinc_is_pi_sinc():
    # the whole-line product, closed by residues after passing above tau = 0 and tau = t
    record = derive_convolution(sp.sin(t) / t, sp.sin(t) / t, t, verify=False, timeout=20)
    result = record.result
    sinc = lambda s: mpmath.sinc(s)  # noqa: E731 - sin(s)/s with its limit 1 at 0

    def reference(tv):
        # between the two removable points, then the oscillating 1/s^2 tails
        lo, hi = min(0.0, tv), max(0.0, tv)
        integrand = lambda s: sinc(s) * sinc(tv - s)  # noqa: E731
        middle = mpmath.quad(integrand, [lo, hi])
        right = mpmath.quadosc(integrand, [hi, mpmath.inf], omega=1)
        left = mpmath.quadosc(integrand, [-mpmath.inf, lo], omega=1)
        return left + middle + right

    _assert_close(result, reference, values=[-4.0, -1.0, 0.5, 2.0, 6.0], tol=1e-7)


@pytest.mark.parametrize(
    "wave", [sp.cos(t), sp.sin(2 * t) / (t**2 + 4), sp.cos(t) / (t**2 + 1)], ids=str
)
def test_cauchy_against_waves_by_residues(wave):
    x, tau = sp.symbols("x tau", real=True)
    p, q = 1 / (1 + x**2), wave.subs(t, x)
    value = whole_line_rational(p, q, x, t, tau)
    assert value is not None and not value.has(sp.I)
    f, g = _mp(1 / (1 + t**2)), _mp(wave)

    def reference(tv):
        integrand = lambda s: f(s) * g(tv - s)  # noqa: E731
        omega = 2 if wave.has(sp.sin(2 * t)) else 1
        middle = mpmath.quad(integrand, [-10, 10])
        right = mpmath.quadosc(integrand, [10, mpmath.inf], omega=omega)
        left = mpmath.quadosc(integrand, [-mpmath.inf, -10], omega=omega)
        return left + middle + right

    _assert_close(value, reference)


@pytest.mark.parametrize(
    "g, g_mp",
    [
        (sp.exp(-t) * u(t), lambda s: mpmath.exp(-s) if s > 0 else 0),
        (sp.exp(-sp.Abs(t)), lambda s: mpmath.exp(-abs(s))),
        (sp.exp(-2 * t) * u(t) / 3, lambda s: mpmath.exp(-2 * s) / 3 if s > 0 else 0),
    ],
    ids=["one-sided", "two-sided", "rate-2"],
)
def test_cauchy_against_exponentials_by_ei(g, g_mp):
    result = convolve(1 / (1 + t**2), g, t, timeout=20)
    assert result.has(sp.Ei) and not result.has(sp.Integral)

    def reference(tv):
        return _reference(lambda s: 1 / (1 + s**2), g_mp, tv, g_cuts=[0])

    _assert_close(result, reference)


def test_exponential_against_squared_cauchy_double_poles():
    # (1 + t^2)^-2 has double poles at +-i: the reduction by parts to Ei
    result = convolve(sp.exp(-t) * u(t), 1 / (1 + t**2) ** 2, t, timeout=20)

    def reference(tv):
        return mpmath.quad(
            lambda s: mpmath.exp(-s) / (1 + (tv - s) ** 2) ** 2,
            [0, tv, mpmath.inf] if tv > 0 else [0, mpmath.inf],
        )

    _assert_close(result, reference)


@pytest.mark.parametrize(
    "f, g, reason",
    [
        (1 / (1 + t**2), sp.exp(-(t**2)), "Voigt"),
        (sp.sin(t) / t, sp.exp(-t) * u(t), "sinusoid and an exponential"),
        (sp.exp(-(t**2)), sp.log(1 + t**2), "a Gaussian times log"),
        (1 / (1 + t**2), sp.cos(t) * u(t), "poles off the real line"),
    ],
    ids=["cauchy-gauss", "sinc-exp", "gauss-log", "cauchy-cos-half"],
)
def test_no_closed_form_is_refused_at_once(f, g, reason):
    from convmath.errors import NoClosedFormError

    # a 5 s budget: sympy.integrate alone would run into it; the refusal comes first
    with pytest.raises(NoClosedFormError, match=reason):
        convolve(f, g, t, timeout=5)


def test_numpy_sinc_against_itself_is_sinc():
    # the parser's sinc(t) is NumPy's sin(pi t)/(pi t): sinc * sinc = sinc (band-limited)
    record = derive_convolution("sinc(t)", "sinc(t)", verify=False, timeout=20)
    x = record.t

    def sinc(s):
        return mpmath.sinc(mpmath.pi * s)

    def reference(tv):
        lo, hi = min(0.0, tv), max(0.0, tv)
        integrand = lambda s: sinc(s) * sinc(tv - s)  # noqa: E731
        tails = mpmath.quadosc(integrand, [hi, mpmath.inf], omega=mpmath.pi)
        tails += mpmath.quadosc(integrand, [-mpmath.inf, lo], omega=mpmath.pi)
        return mpmath.quad(integrand, [lo, hi]) + tails

    closed = sp.lambdify(x, record.result, modules="mpmath")
    for tv in (-2.5, -0.7, 0.3, 1.5, 3.2):
        assert float(closed(tv)) == pytest.approx(float(reference(tv)), abs=1e-7)


@pytest.mark.parametrize(
    "f, g, f_mp, window",
    [
        (sp.sin(t) / t, u(t + sp.S.Half) - u(t - sp.S.Half), mpmath.sinc, (-0.5, 0.5)),
        (sp.sin(t) * sp.cos(t) / t, u(t) - u(t - 2), lambda s: mpmath.sinc(2 * s), (0, 2)),
        ("sinc(t)", "rect(t)", lambda s: mpmath.sinc(mpmath.pi * s), (-0.5, 0.5)),
    ],
    ids=["sinc-rect", "sin-cos-over-t-box", "numpy-sinc-rect"],
)
def test_sinc_against_windows_by_si(f, g, f_mp, window):
    # Si(t + 1/2) - Si(t - 1/2) forms; the box of g flipped covers tau in (t - hi, t - lo)
    record = derive_convolution(f, g, t, verify=False, timeout=20)
    assert record.result.has(sp.Si)
    assert {p.method for r in record.regions for p in r.pairs} == {"sine and cosine integrals"}
    closed = sp.lambdify(record.t, record.result, modules="mpmath")
    lo, hi = window
    for tv in T_VALUES:
        want = mpmath.quad(f_mp, [tv - hi, tv - lo])
        assert float(closed(tv)) == pytest.approx(float(want), abs=1e-10), tv


def test_sinc_against_step_is_si_plus_half_pi():
    record = derive_convolution(sp.sin(t) / t, u(t), t, verify=False, timeout=20)
    closed = sp.lambdify(record.t, record.result, modules="mpmath")
    for tv in T_VALUES:
        want = mpmath.quadosc(mpmath.sinc, [-mpmath.inf, tv], omega=1)
        assert float(closed(tv)) == pytest.approx(float(want), abs=1e-9), tv

"""Tests of convmath.symbolic._check: a wrong closed form is never accepted."""

from __future__ import annotations

import dataclasses
import math
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convmath.errors import VerificationError
from convmath.symbolic import _quadrature, continuous, convolve
from convmath.symbolic._check import check_against_quadrature, parameter_samples
from convmath.symbolic._pieces import Delta
from convmath.symbolic._quadrature import anchors_for, product_integral

x, t = sp.symbols("x t", real=True)
u = sp.Heaviside
BOX = u(x) - u(x - 1)
TRI = sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True))
CUTS = {"f_breaks": [0, 1], "g_breaks": [0, 1]}


def test_right_answer_passes():
    report = check_against_quadrature(BOX, (), BOX, (), TRI, x, t, [0, 1, 2], **CUTS)
    assert report.max_error < 1e-10
    assert len(report.t_values) == len(report.closed_form) == len(report.quadrature) >= 10
    assert all("closed" in line for line in report.format_rows())


@pytest.mark.parametrize(
    "wrong",
    [
        pytest.param(
            sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True)) * 1.001, id="scaled"
        ),
        pytest.param(
            sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2.01), (0, True)), id="one-region-off"
        ),
        pytest.param(sp.S.Zero, id="zero"),
    ],
)
def test_wrong_answer_raises(wrong):
    with pytest.raises(VerificationError, match="disagrees with quadrature"):
        check_against_quadrature(BOX, (), BOX, (), wrong, x, t, [0, 1, 2], **CUTS)


def test_deltas_are_sifted():
    # 2 delta(x - 1) * box = 2 box(t - 1)
    shifted = 2 * (u(t - 1) - u(t - 2))
    report = check_against_quadrature(
        2 * sp.DiracDelta(x - 1),
        (Delta(1, 2),),
        BOX,
        (),
        shifted,
        x,
        t,
        [1, 2],
        f_breaks=[1],
        g_breaks=[0, 1],
    )
    assert report.max_error < 1e-12


def test_parameters_sampled_distinct_and_equal():
    a = sp.Symbol("a", positive=True)
    samples = parameter_samples([a])
    assert len(samples) == 2 and all(v > 0 for s in samples for v in s.values())
    wrong = sp.Piecewise((0, t < 0), (t * sp.exp(-t), True))  # right only for a = 1
    with pytest.raises(VerificationError, match="a=0.7"):
        check_against_quadrature(
            sp.exp(-a * x) * u(x),
            (),
            sp.exp(-x) * u(x),
            (),
            wrong,
            x,
            t,
            [0],
            f_breaks=[0],
            g_breaks=[0],
            parameters=[a],
        )


# --- the quadrature: SciPy-free, cut at singular points -------------------------------------


def test_gauss_nodes_are_numpys_and_kronrod_is_exact_to_degree_22():
    nodes, weights = np.polynomial.legendre.leggauss(7)
    gauss_nodes = [_quadrature._XGK[k] for k in (1, 3, 5)] + [0.0]
    np.testing.assert_allclose(sorted(gauss_nodes), nodes[3:], atol=1e-15)
    np.testing.assert_allclose(_quadrature._WG, weights[:4], atol=1e-15)
    kronrod_nodes = [*_quadrature._XGK, *(-v for v in _quadrature._XGK[:-1])]
    kronrod_weights = [*_quadrature._WGK, *_quadrature._WGK[:-1]]
    for degree in range(23):  # integral of x^k over [-1, 1] = 2/(k+1) for even k, else 0
        exact = 2 / (degree + 1) if degree % 2 == 0 else 0.0
        total = sum(w * v**degree for v, w in zip(kronrod_nodes, kronrod_weights))
        assert total == pytest.approx(exact, abs=1e-14), degree


@pytest.mark.parametrize(
    ("f", "g", "tv", "f_points", "g_points", "exact"),
    [
        # integral of |tau|^(-1/2) over [-1, 1] = 4: singular point 0 cut, never evaluated
        (lambda v: abs(v) ** -0.5 if -1 < v < 1 else 0.0, lambda v: 1.0, 0.0, [-1, 0, 1], [], 4.0),
        # integral of tau^(-3/4) over (0, 1) = 4
        (lambda v: v**-0.75 if 0 < v < 1 else 0.0, lambda v: 1.0, 0.0, [0, 1], [], 4.0),
        # integral of log(tau) over (0, 3/4) = 3/4 log(3/4) - 3/4 (g = rect at t = 1/4)
        (
            lambda v: math.log(v) if 0 < v < 1 else 0.0,
            lambda v: 1.0 if -0.5 < v < 0.5 else 0.0,
            0.25,
            [0, 1],
            [-0.5, 0.5],
            0.75 * math.log(0.75) - 0.75,
        ),
        # sin(tau)/tau (nan at 0) over [-1/2, 1/2] = 2 Si(1/2)
        (
            lambda v: math.sin(v) / v,
            lambda v: 1.0 if -0.5 < v < 0.5 else 0.0,
            0.0,
            [0],
            [-0.5, 0.5],
            2 * 0.49310741804306668,
        ),
        # Gaussians far from the cut: sqrt(pi/2) exp(-(t - 40)^2 / 2) at t = 40.5
        (
            lambda v: math.exp(-(v * v)),
            lambda v: math.exp(-((v - 40) ** 2)),
            40.5,
            [],
            [],
            math.sqrt(math.pi / 2) * math.exp(-0.125),
        ),
        # Cauchy * Cauchy = 2 pi / (t^2 + 4) at t = 1: a slow algebraic tail
        (lambda v: 1 / (1 + v * v), lambda v: 1 / (1 + v * v), 1.0, [], [], 2 * math.pi / 5),
    ],
    ids=["inv-sqrt", "power-3/4", "log", "removable", "far-gaussian", "cauchy"],
)
def test_product_integral_against_exact_values(f, g, tv, f_points, g_points, exact):
    value, error = product_integral(
        lambda v: complex(f(v)), lambda v: complex(g(v)), tv, anchors_for(f_points, g_points, tv)
    )
    assert value.real == pytest.approx(exact, rel=1e-10, abs=1e-12)
    assert abs(value.real - exact) <= max(10 * error, 1e-13)
    assert error < 1e-9


def test_an_anchor_from_g_is_approached_in_gs_own_coordinate():
    # g(s) = |s|^(-1/2) near s = 0 reached from tau = t - 0 with t = 0.1 (not exact in tau)
    def g(s):
        return complex(abs(s) ** -0.5 if -1 < s < 1 else 0.0)

    value, _ = product_integral(lambda v: 1 + 0j, g, 0.1, anchors_for([], [-1, 0, 1], 0.1))
    assert value.real == pytest.approx(4.0, rel=1e-11)


def _with_wrong_result(monkeypatch, factor):
    """Make the engine's assembled closed form `factor` times the right one."""
    real_assemble = continuous.assemble

    def wrong(*args, **kwargs):
        right = real_assemble(*args, **kwargs)
        return dataclasses.replace(
            right, regular=factor * right.regular, result=factor * right.result
        )

    monkeypatch.setattr(continuous, "assemble", wrong)


@pytest.mark.parametrize(
    ("f", "g"),
    [
        ("exp(-t) u(t)", "exp(-2t) u(t)"),
        ("rect(t)", "rect(t)"),
        ("sin(t)/t", "rect(t)"),
        ("1/sqrt(|t|)", "rect(t)"),
        ("log(|t|)", "rect(t)"),
        ("exp(-t^2)", "exp(-(t-3)^2/2)"),
    ],
)
def test_a_wrong_engine_result_is_caught(monkeypatch, f, g):
    convolve(f, g, timeout=60)  # right: passes
    _with_wrong_result(monkeypatch, sp.Rational(100001, 100000))  # 1e-5 off: 10x the tolerance
    with pytest.raises(VerificationError, match="disagrees with quadrature"):
        convolve(f, g, timeout=60)


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "convmath", "derive", "conv", "exp(-t) u(t)", "exp(-2t) u(t)"],
        [
            "-c",
            "import sys; from convmath.symbolic import convolve; "
            "convolve('sin(t)/t', 'rect(t)'); assert 'scipy' not in sys.modules",
        ],
    ],
    ids=["cli-derive-conv", "api-special-function"],
)
def test_the_check_imports_no_scipy(command):
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(__file__).resolve().parents[1])}
    run = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    imported = [line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line]
    assert "convmath.symbolic._check" in imported  # the derivation and its check did run
    assert not [m for m in imported if m.split(".")[0] == "scipy"]


def test_an_unconverged_quadrature_refuses_instead_of_widening_the_gate():
    # sin(x) sin(sqrt(2) x)/x over (max(0, t), oo) (g = u(-x) keeps tau > t) converges only
    # conditionally, with incommensurate frequencies (no period to sum over): the quadrature
    # cannot reach the tolerance, so no closed form is accepted on its say-so
    f = sp.sin(x) * sp.sin(sp.sqrt(2) * x) / x * u(x)
    with pytest.raises(VerificationError, match="did not converge"):
        check_against_quadrature(
            f, (), u(-x), (), sp.S.Zero, x, t, [0], f_breaks=[0], g_breaks=[0]
        )


def test_oscillating_tails_are_summed_period_by_period():
    sinc = lambda v: complex(math.sin(v) / v)  # noqa: E731
    for tv in (0.5, 3.0, -7.0):
        # sinc * sinc = pi sinc (a table entry); the tails decay like 1/tau^2 and oscillate
        value, error = product_integral(
            sinc, sinc, tv, anchors_for([0], [0], tv), period=2 * math.pi
        )
        expected = math.pi * math.sin(tv) / tv
        assert value.real == pytest.approx(expected, rel=1e-9, abs=1e-10)
        assert abs(value.real - expected) <= 10 * error < 1e-6


def test_sinc_sinc_is_checked_and_a_wrong_one_caught():
    sinc = sp.sin(x) / x
    right = sp.pi * sp.sin(t) / t  # removable at t = 0, a sample point: taken as its limit pi
    report = check_against_quadrature(sinc, (), sinc, (), right, x, t, [])
    assert report.max_error < 1e-9 and 0.0 in report.t_values
    with pytest.raises(VerificationError, match="disagrees with quadrature"):
        check_against_quadrature(sinc, (), sinc, (), right * sp.Rational(100001, 100000), x, t, [])


def test_sinc_against_a_step_is_the_sine_integral():
    import mpmath

    result = convolve("sin(t)/t", "u(t)", timeout=60)
    for tv in (-9.0, -1.3, 0.0, 0.7, 4.0, 25.0):
        # integral of sin(tau)/tau over (-oo, t] = Si(t) + pi/2 (table value, via mpmath)
        expected = float(mpmath.si(tv)) + math.pi / 2
        assert float(result.subs(sp.Symbol("t"), tv)) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=60)
@given(
    a=st.floats(0.1, 5.0),
    b=st.floats(0.1, 5.0),
    tv=st.floats(-3.0, 12.0),
)
def test_quadrature_of_two_decays_matches_the_closed_form(a, b, tv):
    assume(abs(a - b) > 1e-3)
    f = lambda v: complex(math.exp(-a * v) if v > 0 else 0.0)  # noqa: E731
    g = lambda v: complex(math.exp(-b * v) if v > 0 else 0.0)  # noqa: E731
    value, error = product_integral(f, g, tv, anchors_for([0], [0], tv))
    # by hand: integral over (0, t) of e^{-a tau} e^{-b (t - tau)} = (e^{-at} - e^{-bt})/(b - a)
    expected = (math.exp(-a * tv) - math.exp(-b * tv)) / (b - a) if tv > 0 else 0.0
    assert value.real == pytest.approx(expected, rel=1e-10, abs=1e-13)
    assert error < 1e-9


@settings(max_examples=60)
@given(
    power=st.floats(0.05, 0.9),
    centre=st.floats(-0.9, 0.9),
    tv=st.floats(-1.4, 1.4),
)
def test_quadrature_of_an_algebraic_singularity(power, centre, tv):
    # f = |tau - c|^(-p) against rect: the singular point c is a cut of f. f subtracts c
    # itself, so tau - c is only known to the float spacing at c: the part of the integral
    # closer than that, about ulp(c)^(1 - p)/(1 - p), is out of reach (below 1e-8 for
    # p <= 1/2; for stronger singularities c = 0, where the spacing is no limit)
    if power > 0.5:
        centre = 0.0
    f = lambda v: complex(abs(v - centre) ** -power if v != centre else math.inf)  # noqa: E731
    g = lambda v: complex(1.0 if -0.5 < v < 0.5 else 0.0)  # noqa: E731
    value, _ = product_integral(f, g, tv, anchors_for([centre], [-0.5, 0.5], tv))

    def primitive(v):  # antiderivative of |v - c|^(-p), odd about c
        return math.copysign(abs(v - centre) ** (1 - power), v - centre) / (1 - power)

    expected = primitive(tv + 0.5) - primitive(tv - 0.5)
    assert value.real == pytest.approx(expected, rel=1e-8)


def test_every_branch_of_a_parameter_order_split_is_sampled():
    a, b = sp.symbols("a b", positive=True)
    f, g = sp.exp(-a * x) * u(x), sp.exp(-b * x) * u(x)
    # by hand: (e^{-at} - e^{-bt})/(b - a) for a != b, t e^{-at} for a = b (t >= 0)
    distinct = (sp.exp(-a * t) - sp.exp(-b * t)) / (b - a)

    def split(above):
        cases = sp.Piecewise((distinct, a < b), (t * sp.exp(-a * t), sp.Eq(a, b)), (above, True))
        return sp.Piecewise((0, t < 0), (cases, True))

    cuts = {"f_breaks": [0], "g_breaks": [0], "parameters": [a, b]}
    report = check_against_quadrature(f, (), g, (), split(distinct), x, t, [0], **cuts)
    assert {params for params in report.parameters} >= {
        (("a", 0.7), ("b", 1.9)),
        (("a", 1.3), ("b", 1.3)),
        (("a", 1.9), ("b", 0.7)),
    }
    with pytest.raises(VerificationError, match="a=1.9, b=0.7"):  # wrong only for a > b
        check_against_quadrature(f, (), g, (), split(2 * distinct), x, t, [0], **cuts)

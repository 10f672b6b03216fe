"""Tests of convmath.symbolic._check: a wrong closed form is never accepted."""

from __future__ import annotations

import pytest
import sympy as sp

from convmath.errors import VerificationError
from convmath.symbolic._check import check_against_quadrature, parameter_samples
from convmath.symbolic._pieces import Delta

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

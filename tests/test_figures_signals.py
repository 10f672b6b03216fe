"""Plotted expressions: sampled values against the closed forms typed here, and no code is
generated from a caller's names (the sampler compiles with ``lambdify``)."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import sympy as sp  # noqa: E402

from convmath.errors import ExpressionError  # noqa: E402
from convmath.figures.signals import plot_signal, regular_values  # noqa: E402

#: Names that run code if printed into Python source (the first did, before this was fixed).
HOSTILE = ['print("INJECTED")', 'x, y=print("INJECTED")']
GRID = np.array([-1.0, 0.5, 1.5, 3.0])


def test_regular_values_drop_the_deltas_and_sample_the_rest():
    t = sp.Symbol("t", real=True)
    expr = sp.exp(-t) * sp.Heaviside(t) + 2 * sp.DiracDelta(t - 1)
    expected = np.where(GRID > 0, np.exp(-GRID), 0.0)
    assert np.allclose(regular_values(expr, t, GRID), expected, atol=0, rtol=1e-15)


def test_plot_signal_draws_the_deltas_as_arrows_of_their_weight():
    t = sp.Symbol("t", real=True)
    fig, ax = plt.subplots()
    artists = plot_signal(ax, sp.Heaviside(t) + 3 * sp.DiracDelta(t - 2), t, GRID)
    (arrow,) = artists[1:]
    assert arrow.xy == (2.0, 3.0) and arrow.xyann == (2.0, 0.0)
    assert np.allclose(artists[0].get_ydata(), [0, 1, 1, 1])
    plt.close(fig)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_variable_name_is_refused_before_anything_is_compiled(capsys, name):
    t = sp.Symbol(name, real=True)
    with pytest.raises(ExpressionError, match="not an identifier") as error:
        regular_values(sp.Heaviside(t - 1), t, GRID)
    assert error.value.argument == "expr"
    assert "INJECTED" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        *[(lambda t, n=n: sp.Symbol(n), f"symbol named '{n[:5]}") for n in HOSTILE],
        *[(lambda t, n=n: sp.Function(n)(t), f"undefined function '{n[:5]}") for n in HOSTILE],
        (lambda t: sp.Function("f")(t), "undefined function 'f'"),
        (lambda t: sp.Symbol("a"), "the symbols a besides the variable"),
    ],
)
def test_other_names_are_refused_before_anything_is_compiled(capsys, extra, named):
    t = sp.Symbol("t", real=True)
    fig, ax = plt.subplots()
    with pytest.raises(ExpressionError, match=re.escape(named)) as error:
        plot_signal(ax, sp.Heaviside(t) + extra(t), t, GRID)
    assert error.value.argument == "expr"
    assert "INJECTED" not in capsys.readouterr().out
    plt.close(fig)


def test_figure_parameters_are_parsed_not_evaluated(drawn):
    with pytest.raises(ExpressionError):
        drawn("integral", f='__import__("os").system("echo INJECTED")')

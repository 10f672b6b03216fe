"""Tests of the identity suite (convmath.verification): every check passes on the real code,
and every check FAILS when a wrong implementation is injected -- no check that cannot fail.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import sys

import numpy as np
import pytest

import convmath.symbolic.matrix as symbolic_matrix
import convmath.symbolic.transpose_identity as transpose_identity
from convmath.errors import ConvmathError
from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.matrix import conv_matrix
from convmath.numeric.padding import pad
from convmath.numeric.pooling import avg_pool, max_pool, max_pool_selection_matrix
from convmath.numeric.shapes import output_shape
from convmath.symbolic.sizes import RELATIONSHIPS
from convmath.verification import (
    exact,
    linear,
    pooling_checks,
    results,
    suite,
    torch_checks,
)
from convmath.verification.suite import (
    CHECKS,
    TORCH_CHECKS,
    TorchUnavailableError,
    check_names,
    run_check,
    run_suite,
)

HAVE_TORCH = torch_checks.torch_available()
needs_torch = pytest.mark.skipif(
    not HAVE_TORCH,
    reason="PyTorch cross-checks need torch: pip install 'convmath[torch]' "
    "(or the local CPU build: pip install torch==2.13.0)",
)


# -- the real code passes -----------------------------------------------------------------


@pytest.mark.parametrize("name", [c.name for c in CHECKS])
def test_each_core_check_passes(name):
    row = run_check(name, quick=True)
    assert row.passed, row.detail
    assert row.configurations > 0
    assert row.detail == ""
    if row.exact:
        assert row.worst_error == 0 and row.error_text == "exact"
    else:
        assert 0 <= row.worst_error <= row.tolerance


@needs_torch
@pytest.mark.parametrize("name", [c.name for c in TORCH_CHECKS])
def test_each_torch_check_passes(name):
    row = run_check(name, quick=True)
    assert row.passed, row.detail
    assert row.configurations >= 12


def _small_transposed_configurations(ndim):
    """The brief's sweep, enumerated here independently: inputs and kernels of sizes 1..5
    per axis, stride and dilation 1..2, padding 0..2 (shared by the axes), every output
    padding 0 <= a < max(s, d), a <= 2, with a positive output; distinct (o, k, s, p, d, a)."""
    found = set()
    for s, p, d in itertools.product((1, 2), (0, 1, 2), (1, 2)):
        for i in itertools.product(range(1, 6), repeat=ndim):
            for k in itertools.product(range(1, 6), repeat=ndim):
                if any(d * (kk - 1) + 1 > ii + 2 * p for ii, kk in zip(i, k)):
                    continue
                o = tuple((ii + 2 * p - d * (kk - 1) - 1) // s + 1 for ii, kk in zip(i, k))
                for a in range(min(max(s, d), 3)):
                    if all(
                        (oo - 1) * s - 2 * p + d * (kk - 1) + a + 1 >= 1 for oo, kk in zip(o, k)
                    ):
                        found.add((o, k, s, p, d, a))
    return found


def test_the_sweep_covers_every_small_configuration():
    expected = len(_small_transposed_configurations(1)) + len(_small_transposed_configurations(2))
    row = run_check("transpose-identity")
    assert row.passed
    assert row.configurations == expected
    quick = run_check("transpose-identity", quick=True)
    assert 0 < quick.configurations < row.configurations


def test_suite_runs_in_order_and_is_deterministic():
    names = ("conv", "dot-test", "avg-pool")
    first = run_suite(quick=True, only=reversed(names))
    again = run_suite(quick=True, only=names)
    assert [row.name for row in first] == list(names)  # suite order, not the order asked
    strip = [dataclasses.replace(row, seconds=0.0) for row in first]
    assert strip == [dataclasses.replace(row, seconds=0.0) for row in again]
    other = run_suite(quick=True, seed=5, only=names)
    assert [row.worst_error for row in other] != [row.worst_error for row in first]


def test_rows_do_not_depend_on_which_other_checks_ran():
    alone = run_check("max-pool", seed=3, quick=True)
    within = run_suite(seed=3, quick=True, only=("conv", "max-pool"))[1]
    assert dataclasses.replace(alone, seconds=0) == dataclasses.replace(within, seconds=0)


def test_check_names_and_bad_arguments():
    assert check_names(torch=False) == tuple(c.name for c in CHECKS)
    assert check_names()[-4:] == tuple(c.name for c in TORCH_CHECKS)
    with pytest.raises(ConvmathError, match="check must be one of .*got 'convolution'"):
        run_suite(only=("convolution",))
    with pytest.raises(ConvmathError, match="seed must be .*>= 0"):
        run_suite(seed=-1)
    with pytest.raises(ConvmathError, match="seed"):
        run_check("conv", seed=1.5)


# -- without torch: refuse, say how to install, never claim a pass -----------------------


def test_torch_requested_without_torch_raises_with_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # "import torch" now fails
    assert not torch_checks.torch_available()
    for call in (lambda: run_suite(torch=True, quick=True), lambda: run_check("torch-conv")):
        with pytest.raises(TorchUnavailableError, match=r"pip install 'convmath\[torch\]'"):
            call()
    with pytest.raises(TorchUnavailableError, match=r"torch==2\.13\.0"):
        run_suite(only=("torch-padding",))
    assert [row.name for row in run_suite(quick=True, only=("conv",))] == ["conv"]


# -- every check can fail ------------------------------------------------------------------


def _roll(function):
    """An off-by-one: the right values, shifted by one sample along the last axis."""
    return lambda *args, **kwargs: np.roll(function(*args, **kwargs), 1, axis=-1)


def _flipped_kernel(function, position=1):
    """The classic mix-up of correlation and convolution: the kernel flipped."""

    def wrong(*args, **kwargs):
        args = list(args)
        w = np.asarray(args[position])
        args[position] = w[(Ellipsis, *(slice(None, None, -1),) * (w.ndim - 2))]
        return function(*args, **kwargs)

    return wrong


def _ignores_padding(function):
    """A scatter matrix built without cropping the padding."""
    return lambda shape, kernel, **kw: function(shape, kernel, **{**kw, "padding": 0})


def _zero_padding(function):
    return lambda *args, **kwargs: function(*args, **{**kwargs, "padding_mode": "zeros"})


def _raises(*args, **kwargs):
    raise IndexError("index 7 is out of bounds for axis 0 with size 7")


def _wrong_relationship():
    r6 = next(r for r in RELATIONSHIPS if r.id == "R6")
    return (dataclasses.replace(r6, expr=r6.expr + 1),)


def _off_by_one_shape(*args, **kwargs):
    return tuple(n + 1 for n in output_shape(*args, **kwargs))


def _count_include_pad_ignored(x, kernel, **kwargs):
    kwargs.pop("count_include_pad", None)
    return avg_pool(x, kernel, **kwargs)


def _argmin_selection(x, kernel, **kwargs):
    return max_pool_selection_matrix(-np.asarray(x), kernel, **kwargs)


INJECTIONS = [
    pytest.param(
        "transpose-identity",
        transpose_identity,
        "conv_transpose_matrix",
        _ignores_padding(symbolic_matrix.conv_transpose_matrix),
        "configurations differ",
        id="sympy-T-ignores-padding",
    ),
    pytest.param("conv", linear, "conv", _roll(conv), "conv vs direct loop", id="conv-off-by-one"),
    pytest.param(
        "conv", linear, "conv_matrix", _flipped_kernel(conv_matrix, 0), "C @ x", id="C-flipped"
    ),
    pytest.param("conv", linear, "conv", _raises, "raised IndexError", id="conv-raises"),
    pytest.param(
        "conv-transpose",
        linear,
        "conv_transpose",
        _roll(conv_transpose),
        "conv_transpose vs scatter loop",
        id="conv_transpose-off-by-one",
    ),
    pytest.param(
        "conv-transpose",
        linear,
        "conv_matrix",
        _flipped_kernel(conv_matrix, 0),
        "C^T @ y",
        id="C-flipped-for-transpose",
    ),
    pytest.param(
        "dot-test",
        linear,
        "conv_transpose",
        _flipped_kernel(conv_transpose),
        "conv, conv_transpose",
        id="adjoint-with-flipped-kernel",
    ),
    pytest.param(
        "symbolic-matrix",
        exact,
        "numeric_conv_matrix",
        _flipped_kernel(conv_matrix, 0),
        "C, ",
        id="numeric-C-flipped",
    ),
    pytest.param(
        "symbolic-matrix",
        exact,
        "conv_transpose",
        _roll(conv_transpose),
        "T, ",
        id="numeric-T-off-by-one",
    ),
    pytest.param(
        "output-sizes",
        exact,
        "RELATIONSHIPS",
        _wrong_relationship(),
        "R6",
        id="relationship-R6-plus-one",
    ),
    pytest.param(
        "output-sizes", exact, "output_shape", _off_by_one_shape, "at i=", id="shape-off-by-one"
    ),
    pytest.param(
        "circular-equivariance",
        linear,
        "conv",
        _zero_padding(conv),
        "conv, ",
        id="circular-padded-with-zeros",
    ),
    pytest.param(
        "circular-equivariance",
        linear,
        "conv_matrix",
        _zero_padding(conv_matrix),
        "C @ x",
        id="circular-matrix-with-zeros",
    ),
    pytest.param(
        "avg-pool",
        pooling_checks,
        "avg_pool",
        _count_include_pad_ignored,
        "avg_pool vs box conv",
        id="count_include_pad-ignored",
    ),
    pytest.param(
        "avg-pool",
        pooling_checks,
        "avg_pool_matrix",
        lambda shape, kernel, **kw: conv_matrix(
            np.ones((shape[0], 1, *kernel)), shape, groups=shape[0], stride=kw["stride"]
        ),
        "avg_pool_matrix",
        id="matrix-not-normalised",
    ),
    pytest.param(
        "max-pool",
        pooling_checks,
        "max_pool_selection_matrix",
        _argmin_selection,
        "S @ x",
        id="selection-of-the-minimum",
    ),
    pytest.param(
        "max-pool",
        pooling_checks,
        "max_pool",
        lambda x, kernel, **kw: -max_pool(-np.asarray(x), kernel, **kw),
        "max_pool vs scan",
        id="min-not-max",
    ),
]


@pytest.mark.parametrize(("name", "module", "attribute", "wrong", "detail"), INJECTIONS)
def test_each_check_fails_on_an_injected_bug(monkeypatch, name, module, attribute, wrong, detail):
    monkeypatch.setattr(module, attribute, wrong)
    row = run_check(name, quick=True)
    assert not row.passed
    assert row.status == "FAIL"
    assert detail in row.detail
    assert row.error_text != "exact"


def _pad_with_zeros(x, pairs, mode="zeros"):
    return pad(x, pairs, mode="zeros")


TORCH_INJECTIONS = [
    pytest.param("torch-conv", "conv", _roll(conv), "conv, ", id="conv-off-by-one"),
    pytest.param(
        "torch-conv", "conv_matrix", _flipped_kernel(conv_matrix, 0), "C @ x", id="C-flipped"
    ),
    pytest.param(
        "torch-conv-transpose",
        "conv_transpose",
        _roll(conv_transpose),
        "I=",
        id="conv_transpose-off-by-one",
    ),
    pytest.param(
        "torch-pooling",
        "max_pool_selection_matrix",
        _argmin_selection,
        "S^T g vs autograd",
        id="selection-of-the-minimum",
    ),
    pytest.param(
        "torch-pooling", "avg_pool", _count_include_pad_ignored, "avg_pool", id="avg-pool-flag"
    ),
    pytest.param("torch-padding", "pad", _pad_with_zeros, "pad, ", id="pad-zeros"),
]


@needs_torch
@pytest.mark.parametrize(("name", "attribute", "wrong", "detail"), TORCH_INJECTIONS)
def test_each_torch_check_fails_on_an_injected_bug(monkeypatch, name, attribute, wrong, detail):
    monkeypatch.setattr(torch_checks, attribute, wrong)
    row = run_check(name, quick=True)
    assert not row.passed
    assert detail in row.detail


def test_a_check_that_crashes_is_a_failed_row(monkeypatch):
    def broken(rng, quick):
        raise RuntimeError("bug in the check itself")

    check = dataclasses.replace(CHECKS[0], run=broken)
    monkeypatch.setattr(suite, "CHECKS", (check, *CHECKS[1:]))
    row = run_check(check.name)
    assert not row.passed
    assert row.configurations == 0
    assert "RuntimeError: bug in the check itself" in row.detail


def test_a_check_that_compares_nothing_fails(monkeypatch):
    check = dataclasses.replace(CHECKS[1], run=lambda rng, quick: results.Tally(1e-10))
    monkeypatch.setattr(suite, "CHECKS", (CHECKS[0], check, *CHECKS[2:]))
    row = run_check(check.name)
    assert not row.passed and row.detail == "no configuration was compared"


# -- rows and tallies ----------------------------------------------------------------------


def test_tally_measures_errors_the_documented_way():
    tally = results.Tally(1e-3)
    with tally.case("small"):
        # |1.0005 - 1| / max(1, 1) = 5e-4 <= 1e-3
        assert tally.compare([1.0005], [1.0], "small")
    with tally.case("large"):
        # |2010 - 2000| / 2000 = 5e-3 > 1e-3
        assert not tally.compare([0.0, 2010.0], [0.0, 2000.0], "large")
    row = tally.result("demo", "what")
    assert row.configurations == 2
    assert row.worst_error == pytest.approx(5e-3)
    assert row.detail == "large: error 5.0e-03 > tolerance 0.001"
    assert not row.passed and row.status == "FAIL" and row.error_text == "5.0e-03"


def test_tally_case_turns_an_exception_into_the_failure():
    tally = results.Tally(1e-3)
    with tally.case("first"):
        tally.compare([1.0], [1.0], "first")
    with tally.case("crash"):
        raise ZeroDivisionError("division by zero")
    with tally.case("later"):
        tally.compare([2.0], [1.0], "later")
    row = tally.result("demo", "what")
    assert row.configurations == 3
    assert row.worst_error == math.inf and row.error_text == "inf"
    assert row.detail == "crash: raised ZeroDivisionError: division by zero"  # the first only


def test_tally_exact_and_shape_mismatch():
    tally = results.Tally(exact=True)
    with tally.case("a"):
        assert tally.exact((3, 4), (3, 4), "a")
    row = tally.result("x", "y")
    assert row.passed and row.error_text == "exact" and row.tolerance == 0.0
    with tally.case("b"):
        assert not tally.exact([1, 2, 3], [1, 2], "b")
    row = tally.result("x", "y")
    assert "shape (3,) != expected (2,)" in row.detail and row.worst_error == math.inf
    assert row.to_dict()["worst_error"] is None  # JSON has no infinity


def test_symbolic_mismatch_has_no_numeric_error():
    tally = results.Tally(exact=True)
    tally.count()
    tally.fail("T != C^T", error=None)
    tally.fail("later", error=1.0)
    row = tally.result("x", "y")
    assert row.worst_error is None and row.error_text == "not exact"
    assert row.detail == "T != C^T"


def test_relative_error():
    assert results.relative_error([0.5], [0.25]) == 0.25  # absolute below 1
    assert results.relative_error([110.0], [100.0]) == pytest.approx(0.1)  # relative above
    assert results.relative_error([], []) == 0.0
    assert math.isnan(results.relative_error([np.nan], [1.0]))


def test_to_dict_is_json_ready():
    row = run_check("max-pool", quick=True)
    data = row.to_dict()
    assert set(data) == {
        "name",
        "compares",
        "configurations",
        "worst_error",
        "exact",
        "tolerance",
        "passed",
        "detail",
        "seconds",
    }
    assert data["name"] == "max-pool" and data["passed"] is True

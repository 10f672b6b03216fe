"""The bug zoo: correct implementations pass, each buggy one is caught and shrunk small."""

from __future__ import annotations

import pytest
from bugzoo.zoo import BUGS, CORRECT

from convmath.testing import check


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_implementations_pass(name: str) -> None:
    op, fn = CORRECT[name]
    result = check(fn, op=op, max_examples=150)
    assert result.passed, result.report()


@pytest.mark.parametrize("name", sorted(BUGS))
def test_each_bug_is_caught_with_a_small_configuration(name: str) -> None:
    op, fn = BUGS[name]
    result = check(fn, op=op)
    assert result.failure is not None, name
    f = result.failure
    assert f.kind in ("mismatch", "shape"), result.report()  # the bug, not a crash
    # shrunk: one sample, at most 3 channels, inputs of at most 4 x 4 per channel
    assert f.arrays["x"].shape[0] == 1 and f.arrays["x"].shape[1] <= 3, result.report()
    assert all(s <= 4 for s in f.arrays["x"].shape[2:]), result.report()

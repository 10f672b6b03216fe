"""Tests of convmath.symbolic._timeout: deadlines by SIGALRM and by a killable worker."""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time

import pytest

from convmath.errors import ConvmathError, DerivationTimeout, ExpressionError
from convmath.symbolic._timeout import call_with_deadline, check_timeout


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def _broad_except_spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001, SIM105 - the deadline must not be swallowed here
            continue
    return "done"


def _swallowing_spin(seconds: float, swallowed: list) -> str:
    # Python ignores an exception raised in a gc callback or a __del__: the first alarm can be
    # lost this way (seen in CI inside hypothesis's gc callback).
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            sum(range(1000))
        except BaseException:  # noqa: BLE001 - stands in for the interpreter ignoring it
            swallowed.append(True)
            if len(swallowed) > 1:
                raise
    return "done"


def _late_result(seconds: float, swallowed: list) -> str:
    try:
        _spin(seconds)
    except BaseException:  # noqa: BLE001
        swallowed.append(True)
        signal.setitimer(signal.ITIMER_REAL, 0)  # no further alarm: the work finishes late
    return "finished after the deadline"


def _fail() -> None:
    raise ExpressionError("bad input")


def test_alarm_path_interrupts_and_restores():
    # the spin would return "done" after 5 s; the deadline interrupts it, even through its
    # broad except
    with pytest.raises(DerivationTimeout, match="timeout=0.2"):
        call_with_deadline(_broad_except_spin, 0.2, 5.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL or callable(
        signal.getsignal(signal.SIGALRM)
    )
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert call_with_deadline(_spin, 2.0, 0.01) == "done"


def test_a_swallowed_alarm_fires_again():
    swallowed: list = []
    with pytest.raises(DerivationTimeout, match="timeout=0.2"):
        call_with_deadline(_swallowing_spin, 0.2, 5.0, swallowed)
    assert len(swallowed) == 2  # the first alarm was eaten, the next one ended the work
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_work_that_finishes_after_the_deadline_is_a_timeout():
    swallowed: list = []
    with pytest.raises(DerivationTimeout, match="timeout=0.1"):
        call_with_deadline(_late_result, 0.1, 0.5, swallowed)
    assert swallowed == [True]


def test_running_outer_timer_switches_to_the_worker():
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *args: fired.append(1))
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with pytest.raises(DerivationTimeout):
            call_with_deadline(_spin, 0.2, 5.0)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert remaining > 25  # the outer timer was left alone
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert fired == []
    assert multiprocessing.active_children() == []


def test_worker_path_from_a_thread_returns_results_and_errors():
    out = {}

    def work():
        out["value"] = call_with_deadline(_spin, 5.0, 0.01)
        try:
            call_with_deadline(_fail, 5.0)
        except ExpressionError as exc:
            out["error"] = exc
        try:
            call_with_deadline(_spin, 0.3, 10.0)
        except DerivationTimeout as exc:
            out["timeout"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert out["value"] == "done"
    assert str(out["error"]) == "bad input"
    assert isinstance(out["timeout"], DerivationTimeout)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("value", [0, -2, float("inf"), float("nan"), "1", True, [1]])
def test_check_timeout_rejects(value):
    with pytest.raises(ConvmathError, match="timeout must be None or a positive number"):
        check_timeout(value)


def test_no_timeout_runs_directly():
    assert call_with_deadline(_spin, None, 0.0) == "done"

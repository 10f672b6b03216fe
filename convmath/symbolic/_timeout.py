"""Run a computation with a wall-clock deadline that really bounds its time.

SymPy spends its time in pure Python, so on the main thread a ``SIGALRM`` timer
(``setitimer``) interrupts it wherever it is; the previous handler and timer are restored
afterwards. Elsewhere (another thread, a platform without ``SIGALRM``, or a timer already
running) the work runs in a forked child process that is killed at the deadline; the
result travels back pickled. Either way :class:`~convmath.errors.DerivationTimeout` is
raised when time is up, and nothing is left running.

Examples
--------
>>> call_with_deadline(sum, None, [1, 2, 3])
6
>>> call_with_deadline(sum, 5.0, [1, 2, 3])
6
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from convmath.errors import ConvmathError, DerivationTimeout

__all__ = ["call_with_deadline", "check_timeout"]

_T = TypeVar("_T")
_REFIRE_SECONDS = 0.05


class _Expired(BaseException):
    """Raised from the alarm handler; a BaseException so ``except Exception`` can't eat it."""


def check_timeout(timeout: object) -> float | None:
    """Validate `timeout`: None or a positive finite number of seconds.

    Examples
    --------
    >>> check_timeout(None), check_timeout(2)
    (None, 2.0)
    >>> check_timeout(-1)
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: timeout must be None or a positive number of seconds; got -1
    """
    if timeout is None:
        return None
    message = f"timeout must be None or a positive number of seconds; got {timeout!r}"
    if isinstance(timeout, (bool, str)):
        raise ConvmathError(message, argument="timeout")
    try:
        seconds = float(timeout)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConvmathError(message, argument="timeout") from None
    if not (seconds > 0 and seconds < float("inf")):
        raise ConvmathError(message, argument="timeout")
    return seconds


def call_with_deadline(func: Callable[..., _T], timeout: float | None, *args: Any) -> _T:
    """``func(*args)``, or `DerivationTimeout` once `timeout` seconds have passed.

    Parameters
    ----------
    func : callable
        The work. In the process fallback its result and exceptions must be picklable.
    timeout : float or None
        Seconds; None runs `func` with no limit.
    """
    seconds = check_timeout(timeout)
    if seconds is None:
        return func(*args)
    if _can_use_alarm():
        return _with_alarm(func, seconds, args)
    return _with_process(func, seconds, args)


def _can_use_alarm() -> bool:
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return False
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _expired_message(seconds: float) -> str:
    return f"the derivation did not finish within timeout={seconds:g} seconds"


def _with_alarm(func: Callable[..., _T], seconds: float, args: tuple) -> _T:
    expired = False

    def on_alarm(signum, frame):  # noqa: ARG001
        nonlocal expired
        expired = True
        raise _Expired

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        # The timer keeps firing: Python ignores an exception raised inside a gc callback
        # or a __del__, so one alarm alone can be lost and the work would run on.
        signal.setitimer(signal.ITIMER_REAL, seconds, _REFIRE_SECONDS)
        try:
            result = func(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException:
        if expired:
            raise DerivationTimeout(_expired_message(seconds)) from None
        raise
    finally:
        # again here: an alarm landing on the inner disarm skips it, and the next one is
        # _REFIRE_SECONDS away, far more than this takes
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # finished, but only after the deadline passed
        raise DerivationTimeout(_expired_message(seconds))
    return result


def _child(func: Callable, args: tuple, conn) -> None:
    try:
        try:
            outcome = ("ok", func(*args))
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
            outcome = ("error", exc if isinstance(exc, Exception) else RuntimeError(repr(exc)))
        try:
            conn.send(outcome)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            conn.send(("error", ConvmathError(f"result could not be sent back: {detail}")))
    finally:
        conn.close()
        os._exit(0)


def _with_process(func: Callable[..., _T], seconds: float, args: tuple) -> _T:
    if sys.platform == "win32":  # no fork: run unbounded rather than not at all
        return func(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(func, args, sender), daemon=True)
    deadline = time.monotonic() + seconds
    process.start()
    sender.close()
    try:
        if not receiver.poll(max(0.0, deadline - time.monotonic())):
            raise DerivationTimeout(_expired_message(seconds))
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise ConvmathError("the derivation worker process ended without a result") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "error":
        raise payload
    return payload

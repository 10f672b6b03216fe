"""Every command group against hostile and huge values: refused in one line, never a hang.

Each value below is no valid value of the option it is typed in (huge ints, 1e308, nan, inf,
empty text, unicode, 10 KB of text, negative sizes, code). The command must exit 2 with
exactly one stderr line naming that option, no traceback, and print a bounded amount. The
alarm (20 s) only catches a hang; it is no speed assertion. The commands run in-process
(Typer's CliRunner); a few run as real processes, where a hang is caught by the subprocess
timeout.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
HANG_SECONDS = 20  # a hang, not a slow run: nothing here takes more than a few seconds
MAX_ERROR_CHARS = 600  # one line, a value echoed from a 10 KB argument is cut

HUGE = ["9" * 10_000, "1" + "0" * 30, "1e308", "10**100"]
NOT_NUMBERS = ["nan", "inf", "", "é∞", "t" * 10_000, "\x00", "__import__('os')"]
NEGATIVE = ["-3", "-1e308"]
SIZES = HUGE + NOT_NUMBERS + NEGATIVE

# (command line before the value, option the value is typed in, values it must refuse)
GROUPS = [
    (["derive", "shape", "--input"], "--input", SIZES + ["0"]),
    (["derive", "shape", "--input", "5", "--kernel"], "--kernel", SIZES + ["0"]),
    (["derive", "shape", "--stride"], "--stride", SIZES + ["0"]),
    (["derive", "shape", "--padding"], "--padding", SIZES),
    (["derive", "shape", "--dilation"], "--dilation", SIZES + ["0"]),
    (["derive", "receptive-field", "--kernel"], "--kernel", SIZES + ["0"]),
    (["derive", "receptive-field", "--stride"], "--stride", SIZES + ["0"]),
    (["derive", "receptive-field", "--dilation"], "--dilation", SIZES + ["0"]),
    (["derive", "receptive-field", "--layers"], "--layers", SIZES + ["0", "1001"]),
    (["derive", "params", "--m"], "--m", SIZES + ["0"]),
    (["derive", "params", "--m", "4", "--n"], "--n", SIZES + ["0"]),
    (["derive", "params", "--kernel", "3x3", "--input"], "--input", SIZES + ["0x8x8"]),
    (
        ["derive", "params", "--input", "3x8x8", "--kernel", "3x3", "--out-channels"],
        "--out-channels",
        SIZES + ["0"],
    ),
    (["derive", "params", "--input", "3x8x8", "--kernel", "3x3", "--groups"], "--groups", SIZES),
    (["derive", "matrix", "--input"], "--input", SIZES + ["0x4"]),
    (["derive", "matrix", "--kernel"], "--kernel", SIZES + ["0"]),
    (["derive", "matrix", "--stride"], "--stride", SIZES + ["0"]),
    (["derive", "matrix", "--values"], "--values", NOT_NUMBERS + ["1,2"]),
    (["derive", "--no-check", "--half-life"], "--half-life", SIZES + ["0", "1e-9"]),
    (["derive", "--no-check", "--linear"], "--linear", SIZES + ["0"]),
    (["derive", "--no-check", "--at"], "--at", HUGE + NOT_NUMBERS + ["-3", "99:00"]),
    (["derive", "--no-check", "--meal"], "--meal", SIZES + ["7:00,-300", "7:00,1e308"]),
    (["derive", "--no-check", "--remaining"], "--remaining", SIZES + ["s", "1 - s/4"]),
    (["derive", "--no-check", "--timeout"], "--timeout", SIZES + ["0"]),
    (["derive", "conv", "u(t)", "--timeout", "5", "--"], "G", NOT_NUMBERS + ["t^", "u(t"]),
    # a constant G is valid text whose integral diverges: refused, naming no option
    (["derive", "conv", "u(t)", "--timeout", "5", "--"], None, HUGE + NEGATIVE[:1]),
    (
        ["derive", "conv", "u(t)", "u(t)", "--var"],
        "--var",
        [v for v in NOT_NUMBERS + HUGE if v not in ("nan", "inf", "t" * 10_000)],
    ),
    (["derive", "conv", "u(t)", "u(t)", "--timeout"], "--timeout", SIZES + ["0"]),
    (["verify", "--quick", "--seed"], "--seed", NOT_NUMBERS + ["1e308", "-3"]),
    (["animate", "conv", "--input"], "--input", SIZES + ["0"]),
    (["animate", "conv", "--kernel"], "--kernel", SIZES + ["0"]),
    (["animate", "conv", "--fps"], "--fps", NOT_NUMBERS + ["0", "-3", "1e308"]),
    (["figures", "--dpi"], "--dpi", NOT_NUMBERS + HUGE + ["-3", "0"]),
    (["check", "m:f", "--op", "conv2d", "--max-examples"], "--max-examples", NOT_NUMBERS + ["0"]),
]
CASES = [
    pytest.param(prefix, option, value, id=f"{' '.join(prefix[:4])} {option} {value[:12]!r}")
    for prefix, option, values in GROUPS
    for value in values
]


class _Hang(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001
    raise _Hang


def invoke(args: list[str]):
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(HANG_SECONDS)
    try:
        return runner.invoke(app, args)
    except _Hang:
        pytest.fail(f"convmath {' '.join(a[:20] for a in args)} ran for {HANG_SECONDS} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_refused(result, option: str | None) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-1000:]
    assert len(lines[0]) <= MAX_ERROR_CHARS
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize(("prefix", "option", "value"), CASES)
def test_a_hostile_value_is_refused_in_one_line_naming_its_option(prefix, option, value, tmp_path):
    args = [*prefix, value]
    if prefix[0] in ("animate", "figures"):
        args += ["--out", str(tmp_path / ("x.gif" if prefix[0] == "animate" else "out"))]
    line = assert_refused(invoke(args), option)
    if option is not None:
        assert line.startswith(f"Error: Invalid value for '{option}': "), line
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


@pytest.mark.parametrize(
    "args",
    [
        ["derive", "conv", "t**t**t**t**t**t**t**t", "u(t)"],
        ["derive", "conv", "t" * 10_000, "u(t)"],
        ["derive", "--half-life", "1e-9"],
        ["derive", "receptive-field", "--kernel", "3", "--layers", "100000"],
        ["derive", "params", "--m", "9" * 10_000],
    ],
    ids=["power tower", "10 KB signal", "half-life 1e-9", "100000 layers", "10 KB count"],
)
def test_as_a_process_a_hostile_input_exits_2_in_one_line(args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "convmath", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG_SECONDS,  # only a hang reaches this
    )
    assert result.returncode == 2, result.stderr[-500:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) <= MAX_ERROR_CHARS, result.stderr[-1000:]
    assert "Traceback" not in result.stderr and result.stdout == ""

"""CLI tests of `convmath verify`: the table, JSON, --torch, exit status on failure."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

from convmath.cli import app
from convmath.numeric.correlation import conv_transpose
from convmath.verification import linear, torch_checks
from convmath.verification.suite import CHECKS, TORCH_CHECKS

runner = CliRunner()
CORE = [check.name for check in CHECKS]
TORCH = [check.name for check in TORCH_CHECKS]
needs_torch = pytest.mark.skipif(
    not torch_checks.torch_available(),
    reason="PyTorch cross-checks need torch: pip install 'convmath[torch]' "
    "(or the local CPU build: pip install torch==2.13.0)",
)


def invoke(*args: str):
    return runner.invoke(app, ["verify", *args])


def table_rows(output: str) -> dict[str, list[str]]:
    """``{check: [configs, worst error, result]}`` from the printed table."""
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if parts and parts[0] in CORE + TORCH:
            rows[parts[0]] = parts[-3:]
    return rows


def test_quick_run_prints_every_check_and_exits_0():
    result = invoke("--quick")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["check", "compares", "configs"]
    assert set(lines[1]) == {"-"}
    rows = table_rows(result.stdout)
    assert list(rows) == CORE  # in suite order, no PyTorch rows without --torch
    for name, (configs, error, status) in rows.items():
        assert int(configs) > 0 and status == "pass", name
        assert error == "exact" or float(error) < 1e-10
    assert rows["transpose-identity"][1] == "exact"
    assert f"{len(CORE)} of {len(CORE)} checks passed (seed 0, quick)" in result.stdout


def test_json_has_one_object_with_the_rows():
    result = invoke("--quick", "--json", "--seed", "3")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["passed"] is True
    assert payload["seed"] == 3 and payload["quick"] is True and payload["torch"] is False
    assert [row["name"] for row in payload["checks"]] == CORE
    for row in payload["checks"]:
        assert row["passed"] is True and row["detail"] == ""
        assert row["configurations"] > 0
        assert row["worst_error"] <= row["tolerance"] or row["exact"]


def test_same_seed_same_table():
    first, again = invoke("--quick", "--seed", "7"), invoke("--quick", "--seed", "7")
    assert table_rows(first.stdout) == table_rows(again.stdout)


@needs_torch
def test_torch_adds_the_pytorch_rows_and_passes():
    result = invoke("--quick", "--torch")
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert list(rows) == CORE + TORCH
    assert all(status == "pass" for _, _, status in rows.values())


def test_torch_without_torch_exits_2_with_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # "import torch" fails
    result = invoke("--quick", "--torch")
    assert result.exit_code == 2
    assert "pass" not in result.stdout  # nothing ran, nothing claimed
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert message.startswith("Error: the PyTorch cross-checks need torch")
    assert "pip install 'convmath[torch]'" in message and "torch==2.13.0" in message


def test_injected_failure_exits_1_and_names_it(monkeypatch):
    def off_by_one(*args, **kwargs):
        return np.roll(conv_transpose(*args, **kwargs), 1, axis=-1)

    monkeypatch.setattr(linear, "conv_transpose", off_by_one)
    result = invoke("--quick")
    assert result.exit_code == 1
    rows = table_rows(result.stdout)
    assert rows["conv-transpose"][2] == "FAIL"
    assert rows["dot-test"][2] == "FAIL"  # the adjoint is wrong too
    assert rows["conv"][2] == "pass"
    assert "FAIL conv-transpose: " in result.stdout
    assert f"{len(CORE) - 2} of {len(CORE)} checks passed" in result.stdout

    result = invoke("--quick", "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["passed"] is False
    failed = {row["name"]: row for row in payload["checks"] if not row["passed"]}
    assert set(failed) == {"conv-transpose", "dot-test"}
    assert "conv_transpose vs scatter loop" in failed["conv-transpose"]["detail"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--seed", "-1"], "'--seed'", id="negative-seed"),
        pytest.param(["--seed", "x"], "'--seed'", id="seed-not-int"),
        pytest.param(["--fast"], "No such option", id="unknown-option"),
    ],
)
def test_bad_options_exit_2(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_help_describes_the_command_and_loads_no_heavy_library():
    result = invoke("--help")
    assert result.exit_code == 0
    for option in ("--torch", "--quick", "--seed", "--json"):
        assert option in result.stdout
    code = (
        "import sys\n"
        "sys.argv = ['convmath', 'verify', '--help']\n"
        "from convmath.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in ('sympy', 'scipy', 'matplotlib', 'torch') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout

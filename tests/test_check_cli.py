"""``convmath check``: exit 0 on a match, 1 with the report on a mismatch, 2 on bad usage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convmath.cli import app

STUDENT = """
import numpy as np

def flipped(x, w, stride=1, padding=0, dilation=1, groups=1):
    # loops over a true convolution: the kernel is flipped
    from scipy.signal import convolve
    n, c = x.shape[:2]
    return np.array([[convolve(x[i, 0], w[0, 0], mode="valid") for _ in range(1)]
                     for i in range(n)])

def good(x, w, **kw):
    import torch
    return torch.nn.functional.conv1d(torch.from_numpy(x), torch.from_numpy(w), **kw).numpy()
"""


@pytest.fixture
def student(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pytest.importorskip("torch")
    path = tmp_path / "student_mod.py"
    path.write_text(STUDENT)
    monkeypatch.chdir(tmp_path)
    return path


def test_a_match_exits_0_with_the_count(student: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", "student_mod:good", "--op", "conv1d", "--max-examples", "40"]
    )
    assert result.exit_code == 0, result.output
    assert "on 40 configurations" in result.output and "groups > 1" in result.output


def test_a_mismatch_exits_1_with_json(student: Path) -> None:
    result = CliRunner().invoke(app, ["check", f"{student}:flipped", "--op", "conv1d", "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["verdict"] == "fail" and payload["configuration"]["shapes"]["x"][0] == 1


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["student_mod:good", "--op", "conv4d"], "--op"),
        (["no_such_module:good", "--op", "conv1d"], "TARGET"),
        (["student_mod:missing", "--op", "conv1d"], "TARGET"),
        (["student_mod:good", "--op", "conv1d", "--array", "jax"], "--array"),
    ],
)
def test_bad_usage_exits_2_naming_the_argument(student: Path, args: list, named: str) -> None:
    result = CliRunner().invoke(app, ["check", *args])
    assert result.exit_code == 2
    assert named in result.output and "Traceback" not in result.output


def test_without_hypothesis_it_says_how_to_install_and_exits_2(
    student: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def hide_hypothesis(name: str, *args: object) -> object:
        return None if name == "hypothesis" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", hide_hypothesis)
    result = CliRunner().invoke(app, ["check", "student_mod:good", "--op", "conv1d"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert 'pip install "convmath[check]"' in lines[0]

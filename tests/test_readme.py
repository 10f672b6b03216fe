"""The README stays true: its commands, its Python examples and its printed results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convmath.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_first_lines_give_the_two_commands_and_ci_runs_the_same_tests():
    block = re.search(r"```bash\n(.*?)```", README, flags=re.S).group(1).strip().splitlines()
    assert README.index("```bash") < 20
    assert len(block) == 2
    main_job, tests = block
    assert main_job.endswith("convmath derive") and "pip install -e ." in main_job
    test_command = tests.split("&&")[-1].strip()
    assert test_command == ".venv/bin/python -m pytest -n auto"
    assert test_command in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(c, id=f"block-{i}")
        for i, c in enumerate(re.findall(r"```python\n(.*?)```", README, flags=re.S))
    ],
)
def test_python_examples_run(code):
    exec(compile(code, "README.md", "exec"), {})


def test_printed_stomach_result_is_current():
    shown = re.search(r"Food left at 14:00: R\(14\) = ([0-9.]+) g", README)
    assert shown, "the README shows the stomach example's output"
    result = CliRunner().invoke(app, ["derive", "--no-check"])
    assert f"R(14) = {shown.group(1)} g" in result.stdout


def test_every_registry_figure_is_in_the_gallery_table():
    from convmath.figures.registry import names

    for name in names():
        assert f"![{name}](figures/{name}.png)" in README

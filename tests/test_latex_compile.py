"""Every --latex output compiles in a minimal article + amsmath document, and fits the width."""

from __future__ import annotations

import pytest
from latex_runner import compile_document
from typer.testing import CliRunner

from convmath.cli import app

FRAGMENTS = [
    pytest.param("derive matrix --input 4x4 --kernel 3x3 --latex", id="matrix-4x16"),
    pytest.param("derive matrix --input 3x3 --kernel 2x2 --transposed --latex", id="matrix-T"),
    pytest.param("derive matrix --input 6 --kernel 3 --latex", id="matrix-1d"),
    pytest.param("derive conv rect(t) exp(-t)u(t) --steps --latex", id="conv-steps"),
    pytest.param("derive --steps --latex --no-check", id="stomach-steps"),
    pytest.param("derive --latex --no-check", id="stomach"),
]


def _compile(tmp_path, body: str) -> str:
    document = f"\\documentclass{{article}}\n\\usepackage{{amsmath}}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"
    return compile_document(tmp_path, document)


@pytest.mark.parametrize("command", FRAGMENTS)
def test_fragment_compiles(command, tmp_path):
    result = CliRunner().invoke(app, command.split())
    assert result.exit_code == 0, result.output
    body = result.stdout
    if not body.lstrip().startswith(("\\[", "\\paragraph", "%")) and "matrix" in command:
        body = f"\\[ {body} \\]"
    if command == "derive --latex --no-check":
        body = "\n".join(f"\\[ {line} \\]" for line in body.splitlines() if line)
    log = _compile(tmp_path, body)
    if "matrix" in command:
        assert "Overfull \\hbox" not in log

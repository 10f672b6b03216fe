"""Byte-identical renders across fresh processes and render orders (every figure, every format).

Two separate Python processes each render the whole catalogue once, in opposite orders, as
PNG, SVG and PDF; every file must be the same bytes. (Inside one process the layout solver's
float noise repeats itself, so only separate processes can catch it.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from convmath.figures.registry import names  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("png", "svg", "pdf")
_SCRIPT = """
import sys
from pathlib import Path
from convmath.figures.registry import names, render
chosen = names() if sys.argv[2] == "forward" else names()[::-1]
for name in chosen:
    for fmt in sys.argv[3].split(","):
        render(name, Path(sys.argv[1]), fmt=fmt, dpi=40)
"""


def _render_in_fresh_process(folder: Path, order: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    env.pop("PYTHONHASHSEED", None)  # let each process hash differently
    folder.mkdir()
    subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(folder), order, ",".join(FORMATS)],
        check=True,
        env=env,
        timeout=600,
        capture_output=True,
    )


def test_every_figure_is_byte_identical_across_processes_and_orders(tmp_path):
    first, second = tmp_path / "forward", tmp_path / "reverse"
    _render_in_fresh_process(first, "forward")
    _render_in_fresh_process(second, "reverse")
    expected = sorted(f"{name}.{fmt}" for name in names() for fmt in FORMATS)
    assert sorted(p.name for p in first.iterdir()) == expected
    assert sorted(p.name for p in second.iterdir()) == expected
    differing = [n for n in expected if (first / n).read_bytes() != (second / n).read_bytes()]
    assert not differing

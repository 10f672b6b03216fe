"""Run a notebook of ``notebooks/`` on this interpreter: shared by the tests and the benchmark.

Each notebook is executed with nbclient on a kernel whose kernelspec is written into a
temporary ``JUPYTER_PATH`` and points at ``sys.executable`` (so it is the venv's Python, not
whatever ``python`` is first on ``PATH``), with the working directory ``notebooks/``, a
per-cell timeout and ``MPLBACKEND=Agg``. A failure reports the failing cell's number, source
and error. A final cell appended to the in-memory copy prints the kernel's interpreter and
working directory, so callers can check that it was ours.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbclient
import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL_NAME = "convmath-test-python"
# Seconds per cell before nbclient gives up: a bound against hangs, not a speed target (the
# notebooks' time budget is measured by benchmarks/bench_notebooks.py).
CELL_TIMEOUT = 120
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PROBE = "import os, sys\nprint(sys.executable)\nprint(os.getcwd())"


@contextmanager
def kernel_environment(root: Path) -> Iterator[Path]:
    """A kernelspec for this interpreter under `root`, set as JUPYTER_PATH, and Agg plots."""
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"convmath tests ({sys.executable})",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    settings = {
        "JUPYTER_PATH": str(root),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),  # connection files
        "IPYTHONDIR": str(root / "ipython"),  # no user profile or startup files
        "MPLBACKEND": "Agg",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        yield root
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def execute(name: str) -> tuple[Any, str | None, list[str]]:
    """Run notebook `name`; return it, a failure report (None on success) and the probe lines.

    Call inside :func:`kernel_environment`.
    """
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(_PROBE))
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        return notebook, _failure_report(name, notebook, error), []
    probe = "".join(o.get("text", "") for o in notebook.cells[-1].outputs).split("\n")
    return notebook, None, probe


def _failure_report(name: str, notebook: Any, error: Exception) -> str:
    """Number, source and error of the failing cell (the first with an error output)."""
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                trace = _ANSI.sub("", "\n".join(output.get("traceback", [])))
                return (
                    f"{name}: cell {index} failed\n--- source ---\n{cell.source}\n"
                    f"--- error ---\n{output.get('ename')}: {output.get('evalue')}\n{trace}"
                )
    return f"{name}: {type(error).__name__}: {_ANSI.sub('', str(error))}"

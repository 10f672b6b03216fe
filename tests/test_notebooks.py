"""The notebooks run top to bottom, on this interpreter, and are committed without outputs.

Each notebook in ``notebooks/`` is executed with nbclient on a kernel whose kernelspec is
written into a temporary ``JUPYTER_PATH`` and points at ``sys.executable`` (so it is the
venv's Python, not whatever ``python`` is first on ``PATH``), with the working directory
``notebooks/``, a per-cell timeout and ``MPLBACKEND=Agg``. A failure reports the failing
cell's number, source and error. A final cell appended to the in-memory copy prints the
kernel's interpreter, which must be ours.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EXPECTED = [
    "01_continuous_convolution.ipynb",
    "02_image_convolution.ipynb",
    "03_matrix_transpose_identity.ipynb",
    "04_sparse_interaction_sharing_pooling.ipynb",
    "05_transposed_dilated_arithmetic.ipynb",
]
KERNEL_NAME = "convmath-test-python"
CELL_TIMEOUT = 120  # seconds per cell; whole notebooks take ~3-12 s
TOTAL_BUDGET = 180  # seconds for all five notebooks together (issue 5)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PROBE = "import os, sys\nprint(sys.executable)\nprint(os.getcwd())"

_durations: dict[str, float] = {}


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A kernelspec for this interpreter in a temporary JUPYTER_PATH, and MPLBACKEND=Agg."""
    root = tmp_path_factory.mktemp("jupyter")
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"convmath tests ({sys.executable})",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(root))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(root / "runtime"))  # connection files
        patch.setenv("IPYTHONDIR", str(root / "ipython"))  # no user profile or startup files
        patch.setenv("MPLBACKEND", "Agg")
        patch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        yield root


def _failure_report(name: str, notebook, error: Exception) -> str:
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


def test_the_five_notebooks_are_there() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs(name: str, kernel_env: Path) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(_PROBE))
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    start = time.perf_counter()
    failure = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        failure = _failure_report(name, notebook, error)
    if failure is not None:  # outside the except block: one clean report, no chained trace
        pytest.fail(failure, pytrace=False)
    _durations[name] = time.perf_counter() - start

    probe = "".join(o.get("text", "") for o in notebook.cells[-1].outputs).split("\n")
    assert probe[0] == sys.executable, f"the kernel ran {probe[0]!r}, not {sys.executable!r}"
    assert Path(probe[1]) == NOTEBOOKS, f"the kernel ran in {probe[1]!r}, not in {NOTEBOOKS}"


@pytest.mark.slow
def test_notebooks_run_within_the_budget() -> None:
    """All five together in under three minutes (measured by the runs above)."""
    if set(_durations) != set(EXPECTED):
        pytest.skip("needs every test_notebook_runs case to have passed in this session")
    total = sum(_durations.values())
    report = ", ".join(f"{name[:2]}: {seconds:.1f} s" for name, seconds in _durations.items())
    assert total < TOTAL_BUDGET, f"notebooks took {total:.0f} s > {TOTAL_BUDGET} s ({report})"


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_is_committed_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{name} cell {index} has outputs: strip them before committing"
        assert cell.execution_count is None, f"{name} cell {index} has an execution count"


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_asserts_and_draws_from_the_registry(name: str) -> None:
    """Claims are asserts; figures come from the registry, not from ad-hoc plotting calls."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    figures = re.findall(r'show_figure\(\s*"([a-z-]+)"', code)
    assert figures, f"{name} shows no figure from the registry"
    from convmath.figures.registry import names

    assert set(figures) <= set(names())
    assert "draw_figure(name" in code  # the registry draws, the notebook only displays
    assert len(re.findall(r"^\s*assert ", code, flags=re.MULTILINE)) >= 10
    plotting = re.findall(r"\.(plot|imshow|scatter|bar|barh|hist|pcolormesh|matshow)\(", code)
    assert not plotting, f"{name} plots outside the registry: {plotting}"

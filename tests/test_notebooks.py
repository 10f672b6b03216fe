"""The notebooks run top to bottom, on this interpreter, and are committed without outputs.

How a notebook is run (kernelspec for ``sys.executable``, working directory ``notebooks/``,
per-cell timeout, Agg plots, the failing cell reported) is in ``notebook_runner.py``, which
``benchmarks/bench_notebooks.py`` shares to measure the notebooks' time budget.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from notebook_runner import NOTEBOOKS, execute, kernel_environment  # noqa: E402

EXPECTED = [
    "01_continuous_convolution.ipynb",
    "02_image_convolution.ipynb",
    "03_matrix_transpose_identity.ipynb",
    "04_sparse_interaction_sharing_pooling.ipynb",
    "05_transposed_dilated_arithmetic.ipynb",
    "06_check_your_implementation.ipynb",
]


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A kernelspec for this interpreter in a temporary JUPYTER_PATH, and MPLBACKEND=Agg."""
    with kernel_environment(tmp_path_factory.mktemp("jupyter")) as root:
        yield root


def test_the_five_notebooks_are_there() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs(name: str, kernel_env: Path) -> None:
    _, failure, probe = execute(name)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    assert probe[0] == sys.executable, f"the kernel ran {probe[0]!r}, not {sys.executable!r}"
    assert Path(probe[1]) == NOTEBOOKS, f"the kernel ran in {probe[1]!r}, not in {NOTEBOOKS}"


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_is_committed_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{name} cell {index} has outputs: strip them before committing"
        assert cell.execution_count is None, f"{name} cell {index} has an execution count"


# 06 (checking your own implementation) shows reports, not figures.
@pytest.mark.parametrize("name", EXPECTED[:5])
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

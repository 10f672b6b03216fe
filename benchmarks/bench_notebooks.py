"""The notebooks' time budget: all of them, run as the tests run them, within 180 s.

Run: ``python benchmarks/run.py notebooks``. Each notebook is executed on this interpreter
with ``tests/notebook_runner.py`` (the same runner as ``tests/test_notebooks.py``); the table
gives each one's wall time and the total against the budget. A measurement, not a test: on a
shared machine wall time is noise-prone, so it never runs inside pytest.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

BUDGET = 180.0  # seconds for every notebook together


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from notebook_runner import NOTEBOOKS, execute, kernel_environment

    total = 0.0
    print(f"{'notebook':<48} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as root, kernel_environment(Path(root)):
        for path in sorted(NOTEBOOKS.glob("*.ipynb")):
            start = time.perf_counter()
            _, failure, _ = execute(path.name)
            seconds = time.perf_counter() - start
            total += seconds
            status = "" if failure is None else "  FAILED"
            print(f"{path.name:<48} {seconds:8.1f}{status}")
    verdict = "within" if total <= BUDGET else "OVER"
    print(f"{'total':<48} {total:8.1f}  ({verdict} the {BUDGET:.0f} s budget)")


if __name__ == "__main__":
    main()

"""Run every convmath benchmark and print its table: ``python benchmarks/run.py [NAME ...]``.

Names: startup, convolve, numeric, symbolic_matrix, figures, notebooks, textbook (default: all,
in that order).
Each benchmark reports ratios against the baselines its issue names; these are measurements,
not tests, so they never run inside pytest.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

BENCHMARKS = (
    "startup",
    "convolve",
    "numeric",
    "symbolic_matrix",
    "figures",
    "notebooks",
    "textbook",
    "cli",
    "pooling",
    "conv_speed",
)


def main(argv: list[str] | None = None) -> int:
    names = list(argv if argv is not None else sys.argv[1:]) or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    sys.path.insert(0, str(Path(__file__).parent))
    for name in names:
        module = importlib.import_module(f"bench_{name}")
        print(f"\n=== {name} " + "=" * (60 - len(name)))
        start = time.perf_counter()
        module.main([]) if name == "convolve" else module.main()
        print(f"({name}: {time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

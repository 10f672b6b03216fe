"""Start-up time of ``convmath --help`` against an eager import of SymPy, SciPy and matplotlib.

Target: ``convmath --help`` well under 0.2 s and at least 10x faster than the eager import,
which is what the command would cost if it imported its math layers at start-up.

Run: ``python benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

EAGER = "import sympy, scipy.signal, scipy.sparse, matplotlib.pyplot"


def _best_wall(command: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def _convmath_command() -> list[str]:
    script = Path(sys.executable).with_name("convmath")
    if script.exists():
        return [str(script)]
    found = shutil.which("convmath")
    return [found] if found else [sys.executable, "-m", "convmath"]


def run(repeat: int = 7) -> list[dict]:
    """Rows: ``convmath --help`` / ``--version`` against the eager import (best of `repeat`)."""
    eager = _best_wall([sys.executable, "-c", EAGER], repeat)
    bare = _best_wall([sys.executable, "-c", "pass"], repeat)
    rows = []
    for flag in ("--help", "--version"):
        seconds = _best_wall([*_convmath_command(), flag], repeat)
        rows.append(
            {
                "benchmark": f"convmath {flag}",
                "ms": round(seconds * 1e3, 1),
                "baseline": "eager import sympy+scipy+matplotlib",
                "baseline_ms": round(eager * 1e3, 1),
                "speedup": round(eager / seconds, 1),
                "target": "< 200 ms and >= 10x faster",
                "ok": seconds < 0.2 and eager / seconds >= 10,
                "note": f"bare python start-up {bare * 1e3:.0f} ms",
            }
        )
    return rows


def main() -> None:
    rows = run()
    print("start-up (subprocess wall time, best of 7)")
    print(f"{'command':<20} {'ms':>7} {'eager import ms':>16} {'speedup':>8}  ok")
    for row in rows:
        print(
            f"{row['benchmark']:<20} {row['ms']:>7} {row['baseline_ms']:>16} "
            f"{row['speedup']:>7}x  {'yes' if row['ok'] else 'NO'}   ({row['note']})"
        )


if __name__ == "__main__":
    main()

"""Wall time of each ``convmath`` command against ``python -c "import sympy"`` (issue 9 §1).

Every command runs in a fresh process, alternating with the baseline ``python -c "import
sympy"`` so both see the same machine load; each row gives the medians of ``--repeat`` runs
and their ratio (wall time, the target; CPU time, steadier on a loaded machine). Targets: ``derive conv`` on a simple pair and the ``derive`` subcommands for
sizes at most 1.5x the baseline, ``derive`` (the stomach example with its discrete check)
at most 2.0x, ``convmath --help`` at most 0.15 s.

Run: ``python benchmarks/bench_cli.py [--repeat N]`` (default 7, at least 5).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = [sys.executable, "-c", "import sympy"]

#: (label, arguments of ``convmath``, target ratio to the baseline or None, target seconds)
COMMANDS: list[tuple[str, list[str], float | None, float | None]] = [
    ("convmath --help", ["--help"], None, 0.15),
    ('derive conv "exp(-t) u(t)" "exp(-2t) u(t)"', ["derive", "conv", "exp(-t) u(t)", "exp(-2t) u(t)"], 1.5, None),
    ("derive (stomach, with its check)", ["derive"], 2.0, None),
    ("derive matrix", ["derive", "matrix"], 1.5, None),
    ("derive shape --input 32 --kernel 3", ["derive", "shape", "--input", "32", "--kernel", "3"], 1.5, None),
    ("derive receptive-field --layers 4", ["derive", "receptive-field", "--layers", "4"], 1.5, None),
    ("derive params --m 1000 --n 998 --k 3", ["derive", "params", "--m", "1000", "--n", "998", "--k", "3"], 1.5, None),
]  # fmt: skip


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of `command`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run(repeat: int = 7) -> list[dict]:
    """One row per command: medians of `repeat` runs, each right after a baseline run."""
    rows = []
    for label, args, ratio_target, seconds_target in COMMANDS:
        command = [sys.executable, "-m", "convmath", *args]
        _timed(command)  # warm the file cache (bytecode) once, as a user's second run would
        runs = [(_timed(BASELINE), _timed(command)) for _ in range(repeat)]
        base = statistics.median(b[0] for b, _ in runs)
        wall = statistics.median(c[0] for _, c in runs)
        base_cpu = statistics.median(b[1] for b, _ in runs)
        cpu = statistics.median(c[1] for _, c in runs)
        ratio = wall / base
        ok = (ratio_target is None or ratio <= ratio_target) and (
            seconds_target is None or wall <= seconds_target
        )
        rows.append(
            {
                "command": label,
                "median_s": round(wall, 3),
                "import_sympy_s": round(base, 3),
                "ratio": round(ratio, 2),
                "cpu_ratio": round(cpu / base_cpu, 2),
                "target": f"<= {ratio_target}x" if ratio_target else f"<= {seconds_target} s",
                "ok": ok,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (>= 5)")
    repeat = max(5, parser.parse_args(argv if argv is not None else []).repeat)
    rows = run(repeat)
    load = os.getloadavg()[0]
    print(
        f'convmath commands vs python -c "import sympy" (medians of {repeat}, alternating; '
        f"load average {load:.1f} on {os.cpu_count()} cores)"
    )
    print(
        f"{'command':<46} {'median s':>9} {'sympy s':>8} {'ratio':>6} {'cpu ratio':>9}"
        f"  {'target':>9}  ok"
    )
    for row in rows:
        print(
            f"{row['command']:<46} {row['median_s']:>9.3f} {row['import_sympy_s']:>8.3f} "
            f"{row['ratio']:>5.2f}x {row['cpu_ratio']:>8.2f}x  {row['target']:>9}  "
            f"{'yes' if row['ok'] else 'NO'}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])

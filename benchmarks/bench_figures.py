"""Benchmark of the figures (issue 4, section 6).

* the whole static catalogue rendered to PNG at the gallery's resolution, one process, as
  ``convmath figures`` does (target <= 30 s on 2 cores);
* each of the 15 preset animations of ``convmath animate --preset dumoulin`` written as a
  GIF at its default resolution (target <= 10 s each).

Times are wall-clock seconds of one cold run each (imports excluded: every module is
imported before the clock starts), into a temporary folder. Run as
``python benchmarks/bench_figures.py``; :func:`run` returns the rows for an aggregator.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

__all__ = ["run", "main"]

CATALOGUE_TARGET_S = 30.0
ANIMATION_TARGET_S = 10.0


def _row(name: str, seconds: float, target: float, note: str = "") -> dict:
    return {
        "benchmark": name,
        "s": round(seconds, 2),
        "target_s": target,
        "ok": seconds <= target,
        "note": note,
    }


def run() -> list[dict]:
    """Render the catalogue and every preset animation once; one row each, plus totals."""
    from convmath.figures import registry
    from convmath.figures.animation import save_animation
    from convmath.figures.dumoulin import preset_names, preset_plan

    dpi = registry.GALLERY_DPI
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for name in registry.names():  # import every figure module before timing
            registry.get(name)
        start = time.perf_counter()
        per_figure = []
        for name in registry.names():
            begin = time.perf_counter()
            registry.render(name, out / f"{name}.png", dpi=dpi)
            per_figure.append((name, time.perf_counter() - begin))
        total = time.perf_counter() - start
        slowest = max(per_figure, key=lambda item: item[1])
        rows.append(
            _row(
                f"catalogue: {len(per_figure)} figures, PNG",
                total,
                CATALOGUE_TARGET_S,
                f"slowest {slowest[0]} {slowest[1]:.2f} s",
            )
        )
        for name in preset_names():
            plan = preset_plan(name)
            begin = time.perf_counter()
            path = save_animation(plan, out / f"{name}.gif")
            seconds = time.perf_counter() - begin
            size = path.stat().st_size / 1024
            rows.append(
                _row(
                    f"animation {name}",
                    seconds,
                    ANIMATION_TARGET_S,
                    f"{plan.frame_count} frames, {size:.0f} KiB",
                )
            )
    return rows


def main() -> None:
    """Print the table of :func:`run`."""
    rows = run()
    header = f"{'benchmark':50} {'s':>7} {'target':>7}  ok  note"
    print(header)
    print("-" * len(header))
    for r in rows:
        ok = "yes" if r["ok"] else "NO"
        print(f"{r['benchmark']:50} {r['s']:7.2f} {r['target_s']:7.1f}  {ok:3} {r['note']}")


if __name__ == "__main__":
    main()

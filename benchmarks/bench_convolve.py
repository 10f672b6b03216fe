"""Benchmark: ``convmath.symbolic.convolve`` against plain SymPy ``integrate``.

For each pair of a table of textbook convolutions, both closed forms are checked against
numerical quadrature written here from the definition (deltas sifted by hand), and timed.
Plain SymPy runs ``integrate(f(tau) g(t - tau), (tau, -oo, oo))`` in a forked process that
is killed after a per-pair timeout; its outcome is ``ok``, ``wrong``, ``unevaluated``,
``timeout`` or ``error``.

Run ``python benchmarks/bench_convolve.py [--sympy-timeout SECONDS]``. ``run()`` returns
one dict per pair for the aggregator ``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import statistics
import sys
import time
import warnings
from pathlib import Path

import mpmath
import numpy as np
import sympy as sp

sys.path.insert(0, str(Path(__file__).parent))

__all__ = ["PAIRS", "run", "main"]

from convolve_pairs import PAIRS, Pair, t  # noqa: E402 - benchmarks/ is on the path

# --- an independent reference: quadrature from the definition --------------------------


def _cuts(expr):
    points = set()
    for atom in expr.atoms(sp.Heaviside, sp.Abs, sp.sign, sp.DiracDelta):
        if atom.args[0].has(t):
            points.update(float(r) for r in sp.solve(atom.args[0], t))
    for pw in expr.atoms(sp.Piecewise):
        for _, cond in pw.args:
            for rel in sp.sympify(cond).atoms(sp.core.relational.Relational):
                points.update(float(r) for r in sp.solve(rel.lhs - rel.rhs, t))
    return sorted(points)


def _split(expr):
    """Regular part and ``(location, weight, order)`` of each delta (argument t - c)."""
    regular, deltas = sp.S.Zero, []
    for term in sp.Add.make_args(sp.expand(expr)):
        atoms = term.atoms(sp.DiracDelta)
        if not atoms:
            regular += term
            continue
        (delta,) = atoms
        order = int(delta.args[1]) if len(delta.args) > 1 else 0
        (root,) = sp.solve(delta.args[0], t)
        weight = float((term / delta).subs(t, root)) / abs(float(sp.diff(delta.args[0], t)))
        deltas.append((float(root), weight, order))
    return regular, deltas


def _sifted(deltas, other_expr, tv):
    """sum of w * other^(n)(tv - c): numerical derivatives (mpmath) of the other input."""
    if not deltas:
        return 0.0
    other = sp.lambdify(t, other_expr, modules="mpmath")
    total = 0.0
    for c, w, order in deltas:
        value = mpmath.diff(other, tv - c, order) if order else other(tv - c)
        total += w * float(mpmath.re(value))
    return total


def _step(x, half=0.5):
    return mpmath.mpf(1) if x > 0 else (mpmath.mpf(half) if x == 0 else mpmath.mpf(0))


def _function(expr):
    """`expr` at a float, in mpmath (no overflow: exp(3000) * u(-1) is 0, not inf * 0)."""
    fn = sp.lambdify(t, expr, modules=[{"Heaviside": _step}, "mpmath"])

    def call(x):
        return float(mpmath.re(fn(mpmath.mpf(x))))  # nan stays nan: a check never hides it

    return call


def _product(fr, gr, v, tv):
    """f(v) g(tv - v), 0 where either factor is 0 (outside a support the other may overflow)."""
    first = fr(v)
    if first == 0:
        return 0.0
    second = gr(tv - v)
    return 0.0 if second == 0 else first * second


def _frequency(*exprs):
    """The lowest angular frequency of the sines and cosines in `exprs` (0: none)."""
    rates = [
        abs(float(sp.diff(w.args[0], t)))
        for e in exprs
        for w in e.atoms(sp.sin, sp.cos)
        if w.args[0].has(t)
    ]
    rates = [r for r in rates if r > 0]
    return min(rates) if rates else 0.0


def _reference(f, g, values):
    from scipy.integrate import quad

    fr_expr, f_deltas = _split(f)
    gr_expr, g_deltas = _split(g)
    fr, gr = _function(fr_expr), _function(gr_expr)
    out = []
    for tv in values:
        ends = [
            -math.inf,
            *sorted(set(_cuts(fr_expr)) | {tv - c for c in _cuts(gr_expr)}),
            math.inf,
        ]
        total = 0.0
        # waves on the whole line decay slowly (1/tau^2): mpmath's oscillatory quadrature
        omega = _frequency(fr_expr, gr_expr) if len(ends) == 2 else 0.0
        for lo, hi in zip(ends[:-1], ends[1:]):
            if not hi > lo:
                continue
            integrand = lambda v, tv=tv: _product(fr, gr, v, tv)  # noqa: E731
            if omega and (math.isinf(lo) or math.isinf(hi)):  # slowly decaying waves
                total += float(mpmath.quadosc(integrand, [lo, hi], omega=omega))
            else:
                total += quad(integrand, lo, hi, limit=200)[0]
        total += _sifted(f_deltas, gr_expr, tv) + _sifted(g_deltas, fr_expr, tv)
        out.append(total)
    return out


def _samples(f, g):
    sums = sorted({p + q for p in _cuts(f) or [0.0] for q in _cuts(g) or [0.0]})
    points = [sums[0] - 6.0, sums[0] - 0.7, sums[-1] + 0.9, sums[-1] + 8.0]
    points += [(p + q) / 2 for p, q in zip(sums[:-1], sums[1:])]
    points += [p + s * 1e-5 for p in sums for s in (-1, 1)]
    return sorted(points)


def _matches(result, pair: Pair) -> bool:
    """Closed form equal to quadrature (a.e.: deltas in the result count as 0 there).

    With parameters, at each of the pair's value sets (each picks a case).
    """
    if result.has(sp.Integral):
        return False
    for values in pair.values:
        f, g = pair.f.subs(values), pair.g.subs(values)
        closed = result.subs(values)
        regular = closed.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
        if regular.free_symbols - {t}:
            return False
        try:
            fn = sp.lambdify(t, regular, modules=["scipy", "numpy"])
            points = _samples(f, g)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got = [complex(fn(p)) for p in points]
                want = _reference(f, g, points)
        except Exception:  # noqa: BLE001 - anything unevaluable is not a correct answer
            return False
        scale = max([1.0] + [abs(v) for v in want])
        if not all(abs(x - y) <= 1e-6 * scale for x, y in zip(got, want)):
            return False
    return True


# --- the two contenders --------------------------------------------------------------------


def _plain_sympy(f, g, conn):
    tau = sp.Symbol("tau", real=True)
    try:
        start = time.perf_counter()
        value = sp.integrate(f.subs(t, tau) * g.subs(t, t - tau), (tau, -sp.oo, sp.oo))
        conn.send(("done", value, time.perf_counter() - start))
    except Exception as exc:  # noqa: BLE001 - reported as an outcome
        conn.send(("error", repr(exc), 0.0))
    finally:
        conn.close()


def _run_sympy(pair: Pair, timeout: float):
    f, g = pair.f, pair.g
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_plain_sympy, args=(f, g, sender), daemon=True)
    start = time.perf_counter()
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return "timeout", None, time.perf_counter() - start
        try:
            status, value, elapsed = receiver.recv()
        except EOFError:
            return "error", None, time.perf_counter() - start
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "error":
        return "error", None, elapsed
    if value.has(sp.Integral):
        return "unevaluated", value, elapsed
    return ("ok" if _matches(value, pair) else "wrong"), value, elapsed


def _time_convmath(pair: Pair, repeats: int) -> tuple[sp.Expr | None, str, float, float]:
    """``(result, error, cold s, warm s)``: best of `repeats` from a cold cache, then warm."""
    from sympy.core.cache import clear_cache

    from convmath.symbolic.continuous import convolve

    result, error, cold, warm = None, "", [], []
    for kind in ("cold", "warm"):
        for _ in range(repeats):
            if kind == "cold":
                clear_cache()
            start = time.perf_counter()
            try:
                result, error = convolve(pair.f, pair.g, t, timeout=20), ""
            except Exception as exc:  # noqa: BLE001 - reported in the table
                result, error = None, f"{type(exc).__name__}: {exc}"
            (cold if kind == "cold" else warm).append(time.perf_counter() - start)
    return result, error, min(cold), min(warm)


def run(
    sympy_timeout: float = 10.0, pairs=None, repeats: int = 3, sympy: bool = True
) -> list[dict]:
    """Time and check every pair; one dict per pair.

    convmath's times are the best of `repeats` runs from a cold SymPy cache (``cold_s``)
    and then with the cache warm (``convmath_s``, the same call again). Plain SymPy runs
    in a process killed after `sympy_timeout` s (repeated only when correct and fast);
    ``sympy=False`` skips it.

    Keys: ``name``, ``category``, ``convmath_ok`` (bool), ``convmath_s`` (warm),
    ``cold_s``, ``convmath_error``, ``sympy_status``, ``sympy_s``, ``speedup``
    (sympy_s / cold_s when both are correct, else None: both from a cold cache).
    """
    from sympy.core.cache import clear_cache

    from convmath.symbolic.continuous import convolve

    convolve(sp.exp(-t) * sp.Heaviside(t), sp.Heaviside(t) - sp.Heaviside(t - 1), t)  # imports
    rows = []
    for pair in pairs or PAIRS:
        result, error, cold, warm = _time_convmath(pair, repeats)
        ok = result is not None and _matches(result, pair)
        status, sympy_s = "skipped", math.nan
        if sympy:
            clear_cache()
            status, _, sympy_s = _run_sympy(pair, sympy_timeout)
            for _ in range(repeats - 1):  # fast ones again, so both sides get a best-of
                if status != "ok" or sympy_s > 2.0:
                    break
                clear_cache()
                sympy_s = min(sympy_s, _run_sympy(pair, sympy_timeout)[2])
        rows.append(
            {
                "name": pair.name,
                "category": pair.category,
                "convmath_ok": ok,
                "convmath_s": warm,
                "cold_s": cold,
                "convmath_error": error,
                "sympy_status": status,
                "sympy_s": sympy_s,
                "speedup": sympy_s / cold if ok and status == "ok" else None,
            }
        )
    return rows


def _table(rows: list[dict], sympy_timeout: float) -> str:
    lines = [
        f"{'pair':40s} {'category':10s} {'convmath':>8s} {'warm s':>7s} {'cold s':>7s}   "
        f"{'plain sympy':>11s} {'time s':>7s} {'speedup':>8s}"
    ]
    for r in rows:
        speed = f"{r['speedup']:.0f}x" if r["speedup"] else "-"
        lines.append(
            f"{r['name'][:40]:40s} {r['category']:10s} {'ok' if r['convmath_ok'] else 'FAIL':>8s} "
            f"{r['convmath_s']:7.3f} {r['cold_s']:7.3f}   {r['sympy_status']:>11s} "
            f"{r['sympy_s']:7.2f} {speed:>8s}"
        )
    failed = [r for r in rows if not r["convmath_ok"]]
    if failed:
        lines += ["", "failed:"] + [f"  {r['name']}: {r['convmath_error'][:150]}" for r in failed]
    return "\n".join([*lines, "", _category_table(rows), "", *_summary(rows, sympy_timeout)])


def _category_table(rows: list[dict]) -> str:
    """One line per category: pairs, correct, warm median/max, plain SymPy correct, speedups."""
    lines = [
        f"{'category':10s} {'pairs':>5s} {'correct':>7s} {'warm median s':>13s} "
        f"{'warm max s':>10s} {'sympy ok':>8s} {'median speedup':>14s}"
    ]
    for category in dict.fromkeys(r["category"] for r in rows):
        group = [r for r in rows if r["category"] == category]
        warm = [r["convmath_s"] for r in group]
        speedups = [r["speedup"] for r in group if r["speedup"]]
        speed = f"{statistics.median(speedups):.0f}x" if speedups else "-"
        lines.append(
            f"{category:10s} {len(group):5d} {sum(r['convmath_ok'] for r in group):7d} "
            f"{statistics.median(warm):13.3f} {max(warm):10.3f} "
            f"{sum(r['sympy_status'] == 'ok' for r in group):8d} {speed:>14s}"
        )
    return "\n".join(lines)


def _summary(rows: list[dict], sympy_timeout: float) -> list[str]:
    warm = [r["convmath_s"] for r in rows]
    cold = [r["cold_s"] for r in rows]
    ok = sum(r["convmath_ok"] for r in rows)
    counts = {
        s: sum(r["sympy_status"] == s for r in rows)
        for s in ("ok", "wrong", "unevaluated", "timeout", "error")
    }
    speedups = [r["speedup"] for r in rows if r["speedup"]]
    lines = [
        f"convmath: {ok}/{len(rows)} correct; warm median {statistics.median(warm):.3f} s, "
        f"max {max(warm):.3f} s; cold median {statistics.median(cold):.3f} s, "
        f"max {max(cold):.3f} s",
        f"plain sympy (timeout {sympy_timeout:g} s): {counts['ok']}/{len(rows)} correct; "
        + ", ".join(f"{k} {v}" for k, v in counts.items()),
    ]
    if speedups:
        lines.append(
            f"speedup (cold vs cold) where both are correct ({len(speedups)} pairs): min "
            f"{min(speedups):.0f}x, median {statistics.median(speedups):.0f}x, max "
            f"{max(speedups):.0f}x"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sympy-timeout", type=float, default=10.0)
    parser.add_argument("--no-sympy", action="store_true", help="Skip plain SymPy.")
    parser.add_argument("--only", default="", help="Only the categories named (comma list).")
    args = parser.parse_args(argv)
    chosen = {c for c in args.only.split(",") if c}
    pairs = [p for p in PAIRS if not chosen or p.category in chosen]
    rows = run(args.sympy_timeout, pairs, sympy=not args.no_sympy)
    print(_table(rows, args.sympy_timeout))


if __name__ == "__main__":
    main()

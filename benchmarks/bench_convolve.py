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
import time
import warnings

import numpy as np
import sympy as sp

__all__ = ["PAIRS", "run", "main"]

t = sp.Symbol("t", real=True)
_u, _d, _R = sp.Heaviside, sp.DiracDelta, sp.Rational
_exp, _abs, _sin, _cos = sp.exp, sp.Abs, sp.sin, sp.cos


def _rect(x):
    return _u(x + _R(1, 2)) - _u(x - _R(1, 2))


def _tri(x):
    return (1 - _abs(x)) * (_u(x + 1) - _u(x - 1))


#: (name, category, f, g)
PAIRS = [
    ("exp(-t)u * exp(-2t)u", "causal", _exp(-t) * _u(t), _exp(-2 * t) * _u(t)),
    ("exp(-t)u * exp(-t)u", "causal", _exp(-t) * _u(t), _exp(-t) * _u(t)),
    ("t u * u", "causal", t * _u(t), _u(t)),
    ("t^2 u * exp(-3t)u", "causal", t**2 * _u(t), _exp(-3 * t) * _u(t)),
    ("exp(-2t)u * t^3 u", "causal", _exp(-2 * t) * _u(t), t**3 * _u(t)),
    ("rect * rect", "pulses", _rect(t), _rect(t)),
    ("rect * tri", "pulses", _rect(t), _tri(t)),
    ("tri * tri", "pulses", _tri(t), _tri(t)),
    ("rect((t-1)/2) * (u(t)-u(t-1))", "pulses", _rect((t - 1) / 2), _u(t) - _u(t - 1)),
    ("trapezoid: width 1 * width 3", "pulses", _u(t) - _u(t - 1), _u(t) - _u(t - 3)),
    (
        "Piecewise t^2 on [0,1) * box",
        "pulses",
        sp.Piecewise((0, t < 0), (t**2, t < 1), (0, True)),
        _u(t) - _u(t - 2),
    ),
    ("(1-|t|) window * rect", "pulses", (1 - _abs(t)) * (_u(t + 1) - _u(t - 1)), _rect(t)),
    ("delta + 2 delta(t-1) * rect", "deltas", _d(t) + 2 * _d(t - 1), _rect(t)),
    ("delta(t-2) * exp(-t^2)", "deltas", _d(t - 2), _exp(-(t**2))),
    ("3 delta(t-1) * 2 delta(t+2)", "deltas", 3 * _d(t - 1), 2 * _d(t + 2)),
    ("exp(-|t|) * exp(-|t|)", "two-sided", _exp(-_abs(t)), _exp(-_abs(t))),
    ("exp(-t^2) * exp(-t^2/2)", "two-sided", _exp(-(t**2)), _exp(-(t**2) / 2)),
    ("1/(1+t^2) * 1/(1+t^2)", "two-sided", 1 / (1 + t**2), 1 / (1 + t**2)),
    ("exp(-|t|) * u", "two-sided", _exp(-_abs(t)), _u(t)),
    ("exp(-t^2) * exp(-t)u", "two-sided", _exp(-(t**2)), _exp(-t) * _u(t)),
    ("1/(1+t^2) * rect", "two-sided", 1 / (1 + t**2), _rect(t)),
    ("sin(2t)u * exp(-t)u", "sinusoids", _sin(2 * t) * _u(t), _exp(-t) * _u(t)),
    ("cos(2t)u * u", "sinusoids", _cos(2 * t) * _u(t), _u(t)),
    ("sin(t)u * (u(t)-u(t-pi))", "sinusoids", _sin(t) * _u(t), _u(t) - _u(t - sp.pi)),
    (
        "stomach meals * 2^(-t/2)u",
        "piecewise",
        600 * (_u(t - 7) - _u(t - _R(15, 2))) + 1000 * (_u(t - 12) - _u(t - _R(25, 2))),
        2 ** (-t / 2) * _u(t),
    ),
    (
        "3-piece Piecewise * exp(-t)u",
        "piecewise",
        sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True)),
        _exp(-t) * _u(t),
    ),
    ("t^2 window * exp(-t)u", "piecewise", t**2 * (_u(t) - _u(t - 1)), _exp(-t) * _u(t)),
]


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
    regular, deltas = sp.S.Zero, []
    for term in sp.Add.make_args(sp.expand(expr)):
        atoms = term.atoms(sp.DiracDelta)
        if not atoms:
            regular += term
            continue
        (delta,) = atoms
        (root,) = sp.solve(delta.args[0], t)
        weight = float((term / delta).subs(t, root)) / abs(float(sp.diff(delta.args[0], t)))
        deltas.append((float(root), weight))
    return regular, deltas


def _function(expr):
    fn = sp.lambdify(t, expr, modules=["scipy", "numpy"])

    def call(x):
        with np.errstate(all="ignore"):
            value = float(np.real(fn(x)))
        return value if math.isfinite(value) else 0.0

    return call


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
        for lo, hi in zip(ends[:-1], ends[1:]):
            if hi > lo:
                total += quad(lambda v, tv=tv: fr(v) * gr(tv - v), lo, hi, limit=200)[0]
        total += sum(w * gr(tv - c) for c, w in f_deltas)
        total += sum(w * fr(tv - c) for c, w in g_deltas)
        out.append(total)
    return out


def _samples(f, g):
    sums = sorted({p + q for p in _cuts(f) or [0.0] for q in _cuts(g) or [0.0]})
    points = [sums[0] - 6.0, sums[0] - 0.7, sums[-1] + 0.9, sums[-1] + 8.0]
    points += [(p + q) / 2 for p, q in zip(sums[:-1], sums[1:])]
    points += [p + s * 1e-5 for p in sums for s in (-1, 1)]
    return sorted(points)


def _matches(result, f, g) -> bool:
    """Closed form equal to quadrature (a.e.: deltas in the result count as 0 there)."""
    if result.has(sp.Integral):
        return False
    regular = result.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
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
    return all(abs(x - y) <= 1e-6 * scale for x, y in zip(got, want))


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


def _run_sympy(f, g, timeout: float):
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
    return ("ok" if _matches(value, f, g) else "wrong"), value, elapsed


def run(sympy_timeout: float = 10.0, pairs=None, repeats: int = 3) -> list[dict]:
    """Time and check every pair; one dict per pair.

    Times are the best of `repeats` runs, each from a cold SymPy cache (plain SymPy, in a
    process killed after `sympy_timeout` s, is repeated only when it is correct and fast).

    Keys: ``name``, ``category``, ``convmath_ok`` (bool), ``convmath_s``, ``convmath_error``,
    ``sympy_status``, ``sympy_s``, ``speedup`` (sympy_s / convmath_s when both are correct,
    else None).
    """
    from sympy.core.cache import clear_cache

    from convmath.symbolic.continuous import convolve

    convolve(_exp(-t) * _u(t), _u(t) - _u(t - 1), t)  # warm imports, not caches
    rows = []
    for name, category, f, g in pairs or PAIRS:
        times = []
        for _ in range(repeats):
            clear_cache()  # both contenders start from a cold SymPy cache
            start = time.perf_counter()
            try:
                result = convolve(f, g, t)
                error = ""
            except Exception as exc:  # noqa: BLE001 - reported in the table
                result, error = None, f"{type(exc).__name__}: {exc}"
            times.append(time.perf_counter() - start)
        elapsed = min(times)
        ok = result is not None and _matches(result, f, g)
        clear_cache()
        status, _, sympy_s = _run_sympy(f, g, sympy_timeout)
        for _ in range(repeats - 1):  # fast ones again, so both sides get the same best-of
            if status != "ok" or sympy_s > 2.0:
                break
            clear_cache()
            sympy_s = min(sympy_s, _run_sympy(f, g, sympy_timeout)[2])
        rows.append(
            {
                "name": name,
                "category": category,
                "convmath_ok": ok,
                "convmath_s": elapsed,
                "convmath_error": error,
                "sympy_status": status,
                "sympy_s": sympy_s,
                "speedup": sympy_s / elapsed if ok and status == "ok" else None,
            }
        )
    return rows


def _table(rows: list[dict], sympy_timeout: float) -> str:
    lines = [
        f"{'pair':34s} {'category':10s} {'convmath':>9s} {'time s':>8s}   "
        f"{'plain sympy':>11s} {'time s':>8s} {'speedup':>8s}"
    ]
    for r in rows:
        speed = f"{r['speedup']:.0f}x" if r["speedup"] else "-"
        lines.append(
            f"{r['name']:34s} {r['category']:10s} {'ok' if r['convmath_ok'] else 'FAIL':>9s} "
            f"{r['convmath_s']:8.3f}   {r['sympy_status']:>11s} {r['sympy_s']:8.2f} {speed:>8s}"
        )
    times = [r["convmath_s"] for r in rows]
    ok = sum(r["convmath_ok"] for r in rows)
    sympy_ok = sum(r["sympy_status"] == "ok" for r in rows)
    counts = {
        s: sum(r["sympy_status"] == s for r in rows)
        for s in ("ok", "wrong", "unevaluated", "timeout", "error")
    }
    speedups = [r["speedup"] for r in rows if r["speedup"]]
    lines += [
        "",
        f"convmath: {ok}/{len(rows)} correct; median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s",
        f"plain sympy (timeout {sympy_timeout:g} s): {sympy_ok}/{len(rows)} correct; "
        + ", ".join(f"{k} {v}" for k, v in counts.items()),
    ]
    if speedups:
        lines.append(
            f"speedup where both are correct ({len(speedups)} pairs): min "
            f"{min(speedups):.0f}x, median {statistics.median(speedups):.0f}x, max "
            f"{max(speedups):.0f}x"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sympy-timeout", type=float, default=10.0)
    args = parser.parse_args(argv)
    print(_table(run(args.sympy_timeout), args.sympy_timeout))


if __name__ == "__main__":
    main()

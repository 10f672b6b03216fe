"""The derivation's steps as structured data, and the JSON Schema they follow.

Every expression is an object ``{"expr": SymPy str, "latex": LaTeX}``; an interval bound
may be ``"-oo"``/``"oo"`` in ``expr``.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from convmath.symbolic._present_print import latex
from convmath.symbolic.presentation import display_form

__all__ = ["STEPS_SCHEMA", "steps_json", "validate"]

_EXPR = {
    "type": "object",
    "required": ["expr", "latex"],
    "properties": {"expr": {"type": "string"}, "latex": {"type": "string"}},
}
_INTERVAL = {
    "type": "object",
    "required": ["lo", "hi"],
    "properties": {"lo": _EXPR, "hi": _EXPR},
}
_PIECE = {
    "type": "object",
    "required": ["index", "interval", "expr"],
    "properties": {"index": {"type": "integer"}, "interval": _INTERVAL, "expr": _EXPR},
}
_DELTA = {
    "type": "object",
    "required": ["location", "weight"],
    "properties": {"location": _EXPR, "weight": _EXPR},
}
_SIGNAL = {
    "type": "object",
    "required": ["given", "pieces", "deltas"],
    "properties": {
        "given": _EXPR,
        "typed": {"type": "string"},
        "pieces": {"type": "array", "items": _PIECE},
        "deltas": {"type": "array", "items": _DELTA},
    },
}
_PAIR = {
    "type": "object",
    "required": ["f_piece", "g_piece", "lower", "upper", "integrand", "value"],
    "properties": {
        "f_piece": {"type": "integer"},
        "g_piece": {"type": "integer"},
        "lower": _EXPR,
        "upper": _EXPR,
        "integrand": _EXPR,
        "value": _EXPR,
    },
}
_REGION = {
    "type": "object",
    "required": ["interval", "pairs", "sifted", "value"],
    "properties": {
        "interval": _INTERVAL,
        "pairs": {"type": "array", "items": _PAIR},
        "sifted": {"type": "array", "items": {"type": "object"}},
        "value": _EXPR,
    },
}
#: JSON Schema (draft 2020-12) of ``derive conv F G --steps --json`` (the ``"steps"`` key).
STEPS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "convmath derivation steps",
    "type": "object",
    "required": ["variable", "tau", "f", "g", "breakpoints", "regions", "sifted", "result"],
    "properties": {
        "variable": {"type": "string"},
        "tau": {"type": "string"},
        "parameters": {"type": "array", "items": {"type": "string"}},
        "f": _SIGNAL,
        "g": _SIGNAL,
        "breakpoints": {"type": "array", "items": _EXPR},
        "regions": {"type": "array", "items": _REGION},
        "sifted": {"type": "array", "items": {"type": "object"}},
        "deltas": {"type": "array", "items": _DELTA},
        "result": _EXPR,
        "check": {
            "type": ["object", "null"],
            "properties": {
                "samples": {"type": "integer"},
                "max_error": {"type": "number"},
                "tolerance": {"type": "number"},
            },
        },
    },
}


def _e(expr: Any, t: Any = None) -> dict[str, str]:
    shown = display_form(sp.sympify(expr), t)
    return {"expr": str(shown), "latex": latex(shown)}


def _interval(lo: Any, hi: Any) -> dict[str, Any]:
    return {"lo": _e(lo), "hi": _e(hi)}


def _signal(given: Any, split: Any, t: Any, typed: str | None) -> dict[str, Any]:
    return {
        "given": {"expr": str(given), "latex": latex(given)},  # as parsed, not restructured
        **({"typed": typed} if typed is not None else {}),
        "pieces": [
            {"index": k, "interval": _interval(p.lo, p.hi), "expr": _e(p.expr, t)}
            for k, p in enumerate(split.pieces)
        ],
        "deltas": [{"location": _e(x.location), "weight": _e(x.weight)} for x in split.deltas],
    }


def _region(r: Any, t: Any) -> dict[str, Any]:
    return {
        "interval": _interval(r.lo, r.hi),
        "pairs": [
            {
                "f_piece": p.f_index,
                "g_piece": p.g_index,
                "lower": _e(p.lower),
                "upper": _e(p.upper),
                "integrand": _e(p.integrand, t),
                "value": _e(p.value, t),
            }
            for p in r.pairs
        ],
        "sifted": [
            {
                "source": s.source,
                "delta": s.delta_index,
                "piece": s.piece_index,
                "value": _e(s.value, t),
            }
            for s in r.sifted
        ],
        "value": _e(r.value, t),
    }


def steps_json(d: Any, *, typed: tuple[str, str] | None = None) -> dict[str, Any]:
    """The :class:`~convmath.symbolic._derivation.Derivation` as data following `STEPS_SCHEMA`.

    `typed`: the inputs as the user typed them (kept under ``f.typed`` and ``g.typed``).
    """
    t = d.t
    c = d.verification
    return {
        "variable": str(t),
        "tau": str(d.tau),
        "parameters": [str(p) for p in d.parameters],
        "f": _signal(d.f, d.f_pieces, t, typed and typed[0]),
        "g": _signal(d.g, d.g_pieces, t, typed and typed[1]),
        "breakpoints": [_e(b) for b in d.breakpoints],
        "regions": [_region(r, t) for r in d.regions],
        "sifted": [
            {
                "source": s.source,
                "location": _e(s.location),
                "weight": _e(s.weight),
                "term": _e(s.term, t),
            }
            for s in d.sifted
        ],
        "deltas": [{"location": _e(x.location), "weight": _e(x.weight)} for x in d.deltas],
        "result": _e(d.result, t),
        "check": None
        if c is None
        else {"samples": len(c.t_values), "max_error": c.max_error, "tolerance": c.tolerance},
    }


_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
}


def validate(value: Any, schema: dict[str, Any] = STEPS_SCHEMA, where: str = "$") -> list[str]:
    """The places where `value` breaks the subset of JSON Schema used in `STEPS_SCHEMA`.

    Examples
    --------
    >>> validate({"expr": "t", "latex": "t"}, _EXPR)
    []
    >>> validate({"expr": 1}, _EXPR)
    ['$: missing latex', '$.expr: expected string']
    """
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds or []
    if kinds and not any(
        value is None if k == "null" else isinstance(value, _TYPES[k]) for k in kinds
    ):
        return [f"{where}: expected {' or '.join(kinds)}"]
    errors: list[str] = []
    if isinstance(value, dict):
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += validate(value[key], sub, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], f"{where}[{i}]")
    return errors

"""convmath.testing.check: the reference passes every op, known bugs are caught and shrunk."""

from __future__ import annotations

import json

import numpy as np
import pytest

from convmath import numeric
from convmath.errors import ConvmathError
from convmath.testing import OPS, assert_matches, check

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _torch_fn(op: str):
    """torch.nn.functional's function of that name: the independent reference."""
    fn = getattr(F, op)

    def call(*arrays, **kw):
        return fn(*(torch.from_numpy(a) for a in arrays), **kw).numpy()

    return call


@pytest.mark.parametrize("op", sorted(OPS))
def test_torch_itself_passes_every_op(op: str) -> None:
    result = check(_torch_fn(op), op=op, max_examples=60)
    assert result.passed, result.report()
    assert result.examples == 60


def test_flipped_kernel_is_caught_with_a_small_configuration() -> None:
    def flipped(x, w, **kw):
        return F.conv2d(torch.from_numpy(x), torch.from_numpy(np.flip(w, (2, 3)).copy()), **kw)

    result = check(flipped, op="conv2d")
    f = result.failure
    assert f is not None and f.kind == "mismatch"
    assert f.arrays["x"].size <= 8 and f.arrays["w"].size <= 8
    with pytest.raises(AssertionError, match="Reproducer"):
        assert_matches(flipped, op="conv2d")
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["verdict"] == "fail" and "fn(x, w" in payload["reproducer"]


def test_reproducer_replays_the_failure() -> None:
    def shifted(x, w, **kw):
        return numeric.conv(x, w, **kw) + (x.shape[-1] > 2)

    result = check(shifted, op="conv1d", target="shifted_module:shifted")
    namespace: dict = {}
    code = result.failure and result.to_dict()["reproducer"]
    assert code
    exec(code.replace("from shifted_module import shifted as fn", ""), {"fn": shifted}, namespace)
    assert np.abs(namespace["received"] - namespace["expected"]).max() == 1.0


def test_wrong_shape_and_exceptions_are_reported() -> None:
    def cropped(x, kernel_size, stride, padding):
        return F.max_pool1d(torch.from_numpy(x), kernel_size, stride, padding).numpy()[..., 1:]

    assert check(cropped, op="max_pool1d").failure.kind == "shape"

    def raises(x, w, **kw):
        raise RuntimeError("not implemented")

    r = check(raises, op="conv1d")
    assert r.failure.kind == "raised" and "RuntimeError: not implemented" in r.report()


def test_same_seed_same_result() -> None:
    def bad(x, w, **kw):
        return numeric.conv(x, w, **kw) * (1 + (kw["groups"] > 1))

    a, b = check(bad, op="conv2d", seed=3), check(bad, op="conv2d", seed=3)
    assert a.report() == b.report()


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"op": "conv4d"}, "op"),
        ({"op": "conv1d", "array": "jax"}, "array"),
        ({"op": "conv1d", "max_examples": 0}, "max_examples"),
    ],
)
def test_bad_arguments_name_themselves(kwargs: dict, argument: str) -> None:
    with pytest.raises(ConvmathError, match=argument) as info:
        check(numeric.conv, **kwargs)
    assert info.value.argument == argument

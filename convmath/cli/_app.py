"""The root command group, and the one way a command names the option a bad value came from.

Exit status: 0 success, 1 a check that failed (``convmath verify``) or an internal error,
2 bad input. Bad values print ONE line on stderr naming the option; unknown commands or
options print Click's usual usage block; no traceback reaches the user unless
``CONVMATH_DEBUG=1`` is set.

A library error names the argument it is about in ``ConvmathError.argument``, spelled as the
raising function spells it (``"stride"``, ``"input_shape"``, ``"f"``). Each command keeps a
table from those names to its own options, and wraps its library calls in
:func:`library_errors`, which turns the error into a ``typer.BadParameter`` for that option;
the message text is never read to guess the option.

Examples
--------
>>> from convmath.errors import ConvmathError
>>> OPTIONS = {"stride": "--stride", "input_shape": "--input"}
>>> option_for(ConvmathError("stride must be an int >= 1", argument="stride"), OPTIONS)
'--stride'
>>> # no argument named: the option the command was validating, if it gave one
>>> option_for(ConvmathError("too large"), OPTIONS, fallback="--input")
'--input'
>>> print(option_for(ConvmathError("diverges"), OPTIONS))
None
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from convmath.errors import ConvmathError

__all__ = [
    "ConvmathGroup",
    "ConvmathCommand",
    "fail",
    "bad_parameter",
    "option_for",
    "library_errors",
]

try:  # Typer >= 0.20 vendors Click as typer._click; older Typer uses the click package
    _click_exceptions: Any = importlib.import_module("typer._click.exceptions")
except ImportError:  # pragma: no cover - depends on the installed Typer
    _click_exceptions = importlib.import_module("click.exceptions")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``Error: message`` on stderr and return the ``Exit`` to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def bad_parameter(option: str, message: object) -> typer.BadParameter:
    """The ``BadParameter`` for `option` (``"--stride"``, ``"F"``) saying `message`.

    The group prints it as ``Error: Invalid value for '--stride': <message>``, exit 2.
    """
    return typer.BadParameter(str(message), param_hint=f"'{option}'")


def option_for(
    error: ConvmathError, options: Mapping[str, str], fallback: str | None = None
) -> str | None:
    """The option `error` is about: its ``.argument`` looked up in `options`, else `fallback`.

    `fallback` is the option the command was validating when it called the library; None
    when the call concerns several options, so an error naming no argument names no option.
    """
    if error.argument is not None and error.argument in options:
        return options[error.argument]
    return fallback


@contextmanager
def library_errors(options: Mapping[str, str], fallback: str | None = None) -> Iterator[None]:
    """Report a :class:`ConvmathError` raised in the block as a bad value of its option.

    `options` maps the library's argument names to the command's option names; see
    :func:`option_for` for `fallback`. An error that names no option goes on unchanged:
    the group prints its message as one line and exits with status 2.
    """
    try:
        yield
    except ConvmathError as error:
        option = option_for(error, options, fallback)
        if option is None:
            raise
        raise bad_parameter(option, error) from None


class ConvmathGroup(TyperGroup):
    """Typer group whose ``main`` reports errors in one line (also under ``CliRunner``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        use_plain_coercion(self, ctx)
        return super().parse_args(ctx, args)

    def main(self, args: Any = None, prog_name: Any = None, *more: Any, **extra: Any) -> Any:
        if extra.get("standalone_mode", True) is False:
            return super().main(args, prog_name, *more, **extra)
        extra["standalone_mode"] = False
        try:
            result = super().main(args, prog_name, *more, **extra)
        except _click_exceptions.BadParameter as error:
            typer.echo(f"Error: {_one_line(error.format_message())}", err=True)
            sys.exit(2)
        except _click_exceptions.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except ConvmathError as error:
            typer.echo(f"Error: {_one_line(str(error))}", err=True)
            sys.exit(2)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 - last line of defence: no traceback
            if os.environ.get("CONVMATH_DEBUG"):
                raise
            typer.echo(
                f"Error: internal error ({type(error).__name__}: {_one_line(str(error))}); "
                "rerun with CONVMATH_DEBUG=1 for the traceback and please report it",
                err=True,
            )
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


class ConvmathCommand(TyperCommand):
    """Typer command whose help names values like documentation: ``F G``, ``--seed N``.

    Typer writes a required argument as ``{F}`` in the usage line, adds its Python type
    (``F <str>``, ``NAME <list[str]>``) in the list of arguments, and names an option's
    value by its type (``--seed <int>``). Here an argument is its metavar alone, and an
    option without a metavar gets ``N``, ``NUMBER``, ``TEXT`` or ``PATH``. Values are read
    without Pydantic (:func:`use_plain_coercion`).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        use_plain_coercion(self, ctx)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_usage(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            _name_its_value(param)
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


#: What an option's value is called when its declaration names none (not ``<int>``).
_VALUE_NAMES = {int: "N", float: "NUMBER", str: "TEXT", Path: "PATH", list[str]: "TEXT"}


def _name_its_value(param: Any) -> None:
    descriptor = getattr(param, "type_descriptor", None)
    if param.metavar is None and not getattr(param, "is_flag", True) and descriptor:
        param.metavar = _VALUE_NAMES.get(descriptor.annotation)


def _argument_name(param: Any) -> str:
    return param.metavar or param.name.upper()


def _argument_usage(param: Any) -> str:
    name = _argument_name(param)
    shown = name if param.required else f"[{name}]"
    return shown if param.nargs == 1 else f"{shown}..."


#: The parameter settings a plain value needs: anything else is left to Typer.
_PLAIN_SETTINGS = {
    "parser": None,
    "click_type": None,
    "clamp": False,
    "exists": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "readable": True,
    "resolve_path": False,
    "allow_dash": False,
    "path_type": None,
}


def use_plain_coercion(command: Any, ctx: Any) -> None:
    """Read `command`'s str, bool, int, float, Path and list-of-str values without Pydantic.

    Typer >= 0.20 checks every value with a Pydantic ``TypeAdapter``: importing Pydantic
    costs a third of ``import sympy`` on each run, for values a cast reads. Each plain
    parameter gets a :class:`_PlainValue` instead, whose errors name the value as typed;
    with a Typer that has no such hook, nothing changes.
    """
    if _PlainValue is None:
        return
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", 0) is not None:
            continue
        info = descriptor.parameter_info
        plain = descriptor.annotation in _CASTS and all(
            getattr(info, name, value) == value for name, value in _PLAIN_SETTINGS.items()
        )
        if plain:
            param._runtime_param = _PlainValue(
                parameter_info=info, annotation=descriptor.annotation
            )


def _number(cast: Any, noun: str) -> Any:
    def read(value: Any, info: Any) -> Any:
        try:
            number = value if isinstance(value, cast) else cast(str(value).strip())
        except ValueError:
            raise ValueError(f"expected {noun}, got {value!r}") from None
        low, high = info.min, info.max
        inside = (low is None or number >= low) and (high is None or number <= high)
        if not inside:  # nan is inside no range
            wanted = (
                f"between {low:g} and {high:g}"
                if low is not None and high is not None
                else (f">= {low:g}" if low is not None else f"<= {high:g}")
            )
            raise ValueError(f"must be {wanted}, got {value!r}")
        return number

    return read


_CASTS: dict[Any, Any] = {
    str: lambda value, info: str(value),
    bool: lambda value, info: bool(value),
    int: _number(int, "an integer"),
    float: _number(float, "a number"),
    Path: lambda value, info: value if isinstance(value, Path) else Path(value),
    list[str]: lambda values, info: [str(value) for value in values],
}

try:  # Typer's hook for a parameter's coercion (Typer >= 0.20)
    from typer._coercion import RuntimeParam as _RuntimeParam
except ImportError:  # pragma: no cover - depends on the installed Typer
    _PlainValue: Any = None
else:

    class _PlainValue(_RuntimeParam):  # type: ignore[no-redef]
        """A value read by a cast (see :data:`_CASTS`); a bad one is a ``BadParameter``."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return _CASTS[self.annotation](value, self.parameter_info)
            except ValueError as error:
                raise _click_exceptions.BadParameter(str(error), ctx=ctx, param=param) from None


#: Longest error line: a value echoed from a 10 KB argument is cut (its length is said).
_MAX_ERROR_CHARS = 400


def _one_line(message: str) -> str:
    """`message` on one line, long digit runs shortened, cut past :data:`_MAX_ERROR_CHARS`.

    Examples
    --------
    >>> _one_line("exp(-" + "1" + "0" * 400 + "*tau) does not decay")
    'exp(-100000…000 (401 digits)*tau) does not decay'
    """
    line = " ".join(message.split())
    line = re.sub(
        r"[0-9]{25,}", lambda run: f"{run[0][:6]}…{run[0][-3:]} ({len(run[0])} digits)", line
    )
    if len(line) <= _MAX_ERROR_CHARS:
        return line
    return f"{line[:_MAX_ERROR_CHARS]}… (the message is cut: {len(line)} characters)"

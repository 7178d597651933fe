"""How ``--help`` reads: whole sentences, and every parameter shown as a word.

Typer keeps the line breaks of a docstring, so a narrow terminal breaks a
sentence in two places; :func:`reflow` joins each paragraph into one line for
the terminal to wrap, and leaves indented lines (examples) as they are. Typer shows a flag as ``<bool>``, an option without a metavar as ``<str>`` and a
required argument as ``{files}...``. The command classes here show a flag as
nothing, an option as its metavar (every option of pocrules names one) and an
argument as its metavar (``PATH...``), in the usage line and in the tables.
"""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


def reflow(text: str | None) -> str | None:
    """Join the lines of each prose paragraph; keep indented lines (examples, lists) as written."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(p if any(line.startswith(" ") for line in p.splitlines()) else " ".join(p.split("\n"))
                       for p in paragraphs)


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002 - typer's signature
        return None  # the metavar already says what the argument is

    def _usage_display_name(self) -> str:
        name = self.metavar or self.name.upper()
        return name if self.required else f"[{name}]"


def _as_words(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperArgument) and not isinstance(param, _Argument):
            param.__class__ = _Argument
        if isinstance(param, TyperOption) and (param.is_flag or param.count) and param.metavar is None:
            param.metavar = ""
        elif param.metavar is None and param.name:
            param.metavar = param.name.upper()
    return params


class Command(TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "help": reflow(kwargs.get("help"))})

    def get_params(self, ctx: Any) -> list[Any]:
        return _as_words(super().get_params(ctx))


class Group(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "help": reflow(kwargs.get("help"))})

    def get_params(self, ctx: Any) -> list[Any]:
        return _as_words(super().get_params(ctx))

"""Project configuration: ``pocrules.toml``, or ``[tool.pocrules]`` in ``pyproject.toml``.

Found by walking up from the first strategy checked (or the current folder).
Values on the command line override the file, which overrides the defaults;
``pocrules config`` shows the effective value of every setting and where it
came from. Unknown keys are errors, with a suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import validation
from .errors import InputError, Problem
from .model.base import Date, empty_mapping
from .rules.declared import ParamValue
from .sources import Document, read_text
from .sources.limits import deeper_than, too_deep

NAMES = ("pocrules.toml", "pyproject.toml")
Level = Literal["off", "error", "warning", "info"]


class FileConfig(BaseModel):
    # defer_build: the validator is built only if a configuration file is read
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)

    ruleset: str | list[str] | None = Field(None, description="Packaged name(s), folders or ruleset files.")
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    engine: Literal["auto", "durable", "python"] | None = None
    as_of: Date | None = None
    waivers: str | None = Field(None, description="A waivers file, relative to the configuration file.")
    rules: dict[str, Level] = Field(default_factory=empty_mapping, description="Per-rule severity, or off.")
    params: dict[str, dict[str, ParamValue]] = Field(default_factory=empty_mapping, description="Rule parameters.")
    docs_url: str | None = Field(
        None, description="Where the rule pages (docs/rules/) are published: a base URL, or one with {rule}. "
                          "SARIF links each rule there; without it SARIF carries no links.")


DEFAULTS: dict[str, Any] = {
    "ruleset": ["framework-2011"], "select": [], "ignore": [], "fail_on": "error", "engine": "auto",
    "as_of": None, "waivers": None, "rules": {}, "params": {}, "docs_url": None,
}


@dataclass
class Effective:
    """Each setting's value and where it came from ('default', a file, 'command line')."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


KIND = "configuration"
_MENTIONS = re.compile(r"\bpocrules\b")
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def find(start: Path) -> Path | None:
    """The nearest ``pocrules.toml``, or ``pyproject.toml`` with a ``[tool.pocrules]`` table.

    Anything that exists under those names is read (a FIFO or an undecodable file is an
    error, never silently passed over); only a ``pyproject.toml`` that does not mention
    pocrules at all is skipped even when it is malformed, since it cannot configure us.
    """
    folder = start.resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        for name in NAMES:
            path = candidate / name
            if path.exists() and (name == "pocrules.toml" or _has_section(path)):
                return path
    return None


def _has_section(pyproject: Path) -> bool:
    text = read_text(pyproject, kind=KIND)
    return bool(_MENTIONS.search(text)) and "pocrules" in _parse(text, pyproject).get("tool", {})


def _parse(text: str, path: Path) -> dict[str, Any]:
    import tomllib  # 2 ms to import: most checks find no configuration file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_AT.search(message)
        line, column = (None, None) if not where else (
            (int(where[1]), int(where[2])) if where[1] else (text.count("\n") + 1, 1))
        raise InputError(str(path), [Problem(f"malformed TOML: {_TOML_AT.sub('', message)}", "", line, column)],
                         kind=KIND) from None
    except RecursionError:  # tomllib recurses per level of nested arrays and tables
        raise InputError(str(path), [Problem(too_deep())], kind=KIND) from None
    if deeper_than(data):
        raise InputError(str(path), [Problem(too_deep())], kind=KIND)
    return data


def read(path: Path) -> FileConfig:
    data = _parse(read_text(path, kind=KIND), path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("pocrules", {})
        prefix = "[tool.pocrules] "
    else:
        prefix = ""
    try:
        return FileConfig.model_validate(data)
    except ValidationError as exc:
        problems = validation.problems(FileConfig, exc, Document(str(path), data))
        raise InputError(str(path), [Problem(prefix + p.message.replace("key", "setting", 1), p.pointer)
                                     for p in problems], kind=KIND) from None


def resolve(cli: dict[str, Any], path: Path | None) -> Effective:
    """Merge defaults < configuration file < command line (``None`` on the command line: not given)."""
    effective = Effective(dict(DEFAULTS), {k: "default" for k in DEFAULTS})
    if path is not None:
        loaded = read(path)
        for name in DEFAULTS:
            value = getattr(loaded, name)
            if value in (None, {}, []):
                continue
            if name == "ruleset":
                value = [_relative(v, path) for v in ([value] if isinstance(value, str) else value)]
            elif name == "waivers":
                value = str(path.parent / value)
            effective.values[name], effective.sources[name] = value, str(path)
    for name, value in cli.items():
        if value is None or value == [] or value == {}:
            continue
        if name in ("rules", "params") and name in effective.sources and effective.sources[name] != "default":
            merged = {**effective.values[name]}
            for key, inner in value.items():
                merged[key] = {**merged.get(key, {}), **inner} if isinstance(inner, dict) else inner
            value = merged
        effective.values[name], effective.sources[name] = value, "command line"
    return effective


def _relative(spec: str, config: Path) -> str:
    """A ruleset path in the file is relative to the file; a packaged name stays a name."""
    candidate = config.parent / spec
    return str(candidate) if candidate.exists() else spec

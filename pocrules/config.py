"""Project configuration: ``pocrules.toml``, or ``[tool.pocrules]`` in ``pyproject.toml``.

Found by walking up from the first strategy checked (or the current folder).
Values on the command line override the file, which overrides the defaults;
``pocrules config`` shows the effective value of every setting and where it
came from. Unknown keys are errors, with a suggestion.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import validation
from .errors import InputError, Problem
from .rules.schema import ParamValue
from .sources import Document

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NAMES = ("pocrules.toml", "pyproject.toml")
Level = Literal["off", "error", "warning", "info"]


class FileConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ruleset: str | list[str] | None = Field(None, description="Packaged name(s), folders or ruleset files.")
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    engine: Literal["auto", "durable", "python"] | None = None
    as_of: dt.date | None = None
    waivers: str | None = Field(None, description="A waivers file, relative to the configuration file.")
    rules: dict[str, Level] = Field(default_factory=dict, description="Per-rule severity, or off.")
    params: dict[str, dict[str, ParamValue]] = Field(default_factory=dict, description="Rule parameters.")
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


def find(start: Path) -> Path | None:
    folder = start.resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        for name in NAMES:
            path = candidate / name
            if path.is_file() and (name == "pocrules.toml" or _has_section(path)):
                return path
    return None


def _has_section(pyproject: Path) -> bool:
    try:
        return "pocrules" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, OSError):
        return False


def read(path: Path) -> FileConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), [Problem(f"malformed TOML: {exc}")], kind="configuration") from None
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
                                     for p in problems], kind="configuration") from None


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

"""Which plain YAML scalars are not text: PyYAML's YAML 1.1 implicit typing, without loading PyYAML.

Both readers resolve plain scalars with this table (``yes`` a boolean, ``2026-01-01``
a date, ``012`` an octal number...). It is PyYAML's ``Resolver`` table, pattern for
pattern and in its order, kept here because importing PyYAML costs a check about
10 ms and the rapidyaml reader needs only the table; a test holds it equal to PyYAML's.
"""

from __future__ import annotations

import re

_TABLE = (
    ("tag:yaml.org,2002:bool", re.compile(r'''^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$''', re.X), "yYnNtTfFoO"),
    ("tag:yaml.org,2002:float", re.compile(r'''^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$''', re.X), "-+0123456789."),
    ("tag:yaml.org,2002:int", re.compile(r'''^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$''', re.X), "-+0123456789"),
    ("tag:yaml.org,2002:merge", re.compile(r'^(?:<<)$'), "<"),
    ("tag:yaml.org,2002:null", re.compile(r'''^(?: ~
                    |null|Null|NULL
                    | )$''', re.X), ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", re.compile(r'''^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$''', re.X), "0123456789"),
    ("tag:yaml.org,2002:value", re.compile(r'^(?:=)$'), "="),
    ("tag:yaml.org,2002:yaml", re.compile(r'^(?:!|&|\*)$'), "!&*"),
)


def _by_first() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, firsts in _TABLE:
        for first in firsts:
            table.setdefault(first, []).append((tag, pattern))
    return table


RESOLVERS = _by_first()
"""By a scalar's first character ("" for an empty one), the (tag, pattern) pairs to try, in PyYAML's order."""

STR = "tag:yaml.org,2002:str"
DATE = "tag:yaml.org,2002:timestamp"


def resolve(value: str) -> str:
    """The tag PyYAML gives ``value`` written plain: the first pattern of its first character's that matches."""
    for tag, regexp in RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return STR

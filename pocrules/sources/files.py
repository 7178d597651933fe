"""Read one input file safely: a regular file only, bounded in size, decoded from its BOM.

Every file pocrules reads from a user (strategies, rulesets, waivers, configuration,
baselines) comes through here, so a FIFO or device can never block or flood a check
and every refusal is worded the same way.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, Problem

MAX_BYTES = 2 * 1024 * 1024
"""Largest accepted file. Real strategies, rulesets and waivers are tens of kilobytes."""

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
"""Non-blocking, so opening a FIFO with no writer returns at once and can be refused."""

_BOMS = (  # longest first: the UTF-32 little-endian BOM begins with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _not_regular(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _descriptor(path: str | Path, kind: str) -> tuple[int, int]:
    """A descriptor on a regular file opened for reading, and its size; anything else is an :class:`InputError`."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise InputError(str(path), [Problem(f"cannot read the file: {exc.strerror}")], kind=kind) from None
    status = os.fstat(fd)
    what = _not_regular(status.st_mode)
    if what is not None:
        os.close(fd)
        raise InputError(str(path), [Problem(f"this is {what}, not a regular file; refusing to read it")], kind=kind)
    return fd, status.st_size


def open_regular(path: str | Path, *, kind: str = "strategy") -> BinaryIO:
    """A regular file opened for reading; a FIFO, device, socket or folder is an :class:`InputError`."""
    return os.fdopen(_descriptor(path, kind)[0], "rb")


def _read(fd: int, count: int) -> bytes:
    """Up to ``count`` bytes, fewer only at the end of the file (a read may return less than asked)."""
    raw = os.read(fd, count)
    while 0 < len(raw) < count and (more := os.read(fd, count - len(raw))):
        raw += more
    return raw


def read_bytes(path: str | Path, *, kind: str = "strategy", max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else is an :class:`InputError`.

    Read on the descriptor: a buffered file object cost two more system calls and a tenth of the time.
    """
    fd, size = _descriptor(path, kind)
    try:  # sized by the file: reading max_bytes + 1 allocates that much for every file, however small
        raw = _read(fd, min(size, max_bytes) + 1)
        if len(raw) == size + 1 and len(raw) <= max_bytes:  # it grew since: the rest, up to the bound
            raw += _read(fd, max_bytes + 1 - len(raw))
    except OSError as exc:
        raise InputError(str(path), [Problem(f"cannot read the file: {exc.strerror}")], kind=kind) from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise InputError(str(path), [Problem(f"the file is larger than {max_bytes:,} bytes; refusing to load it")],
                         kind=kind)
    return raw


def utf8_as_is(raw: bytes) -> bool:
    """Whether :func:`decode` reads ``raw`` as UTF-8 with no byte-order mark: its text encodes back to ``raw``."""
    return not raw.startswith(tuple(bom for bom, _, _ in _BOMS))


def decode(raw: bytes, name: str, *, kind: str = "strategy") -> str:
    """Text from bytes: UTF-8 unless a byte-order mark says UTF-16 or UTF-32."""
    encoding, label = "utf-8", "UTF-8"
    for bom, codec, what in _BOMS:
        if raw.startswith(bom):
            raw, encoding, label = raw[len(bom):], codec, what
            break
    else:
        if b"\x00" in raw:  # before decoding, so a binary file is named as such, not as bad UTF-8
            raise InputError(name, [Problem("this is a binary file, not text")], kind=kind)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, [Problem(f"the file is not {label} text (invalid byte at offset {exc.start})")],
                         kind=kind) from None
    if "\x00" in text:
        raise InputError(name, [Problem("this is a binary file, not text")], kind=kind)
    return text


def read_text(path: str | Path, *, kind: str = "strategy", max_bytes: int = MAX_BYTES) -> str:
    """The text of a regular file, bounded in size (see :func:`read_bytes` and :func:`decode`)."""
    return decode(read_bytes(path, kind=kind, max_bytes=max_bytes), str(path), kind=kind)

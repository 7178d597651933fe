"""Open a Word file only after checking it is safe and is a Word document.

A .docx is a zip of XML parts. Before python-docx parses anything, the archive's
directory is read and bounded (file size, number of parts, uncompressed size), so a
zip bomb is refused without inflating it; any part carrying a DTD is refused, so no
entity (external or internal) is ever resolved or silently dropped; and the main
part's content type must be a Word document, so macro-enabled files and templates are
named for what they are. Nothing in a file is ever run. Every refusal is one
:class:`InputError` paragraph saying what was read and what to do.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from ..errors import InputError, Problem
from .files import open_regular

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest .docx on disk. A 20-page strategy with maps is 0.1-5 MB."""

MAX_PARTS = 1_000
"""Most parts in the package. A strategy has 15-60 (one more per picture)."""

MAX_XML_BYTES = 32 * 1024 * 1024
"""Most uncompressed XML, all parts together. 1,000 pages of prose and tables are 6-20 MB;
python-docx parses 6 MB in 0.15 s and 70 MB of memory, 59 MB in 3 s and 410 MB (measured)."""

MAX_UNCOMPRESSED_BYTES = 160 * 1024 * 1024
"""Most uncompressed bytes, pictures included (pictures are stored, barely compressed)."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_DTD_MARKS = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for codec in ("utf-8", "utf-16-le", "utf-16-be"))

_REPAIR = "Open it in Word, which can often repair it, save it as 'Word Document (*.docx)' and check it again"
_WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_KINDS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "a macro-enabled Word document (.docm). pocrules does not check macro-enabled files: it read only the "
        "package's list of parts and its content types, and ran nothing. In Word, use File > Save As > "
        "'Word Document (*.docx)' and check that copy"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "a Word template (.dotx), not a strategy document. pocrules read only the package's list of parts and its "
        "content types. Open the template in Word to create a document from it, save that as 'Word Document "
        "(*.docx)' and check it"),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "a macro-enabled Word template (.dotm), not a strategy document. pocrules read only the package's list of "
        "parts and its content types, and ran nothing. Create a document from it in Word, save that as 'Word "
        "Document (*.docx)' and check it"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "an Excel workbook, not a Word document. Check the strategy's .docx (or its YAML) instead"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "a PowerPoint presentation, not a Word document. Check the strategy's .docx (or its YAML) instead"),
}


def looks_like_word(path: str | Path, head: bytes) -> bool:
    """Whether a file should go to the Word reader: a Word-like name, or a zip or OLE file by its first bytes."""
    return _word_name(path) or head.startswith((ZIP_MAGIC, OLE_MAGIC))


@lru_cache(maxsize=1024)
def _word_name(path: str | Path) -> bool:
    """Asked of every finding's path when reports are written, so remembered for the files of a run."""
    return Path(path).suffix.lower() in (".docx", ".docm", ".dotx", ".dotm", ".doc")


def open_docx(path: str | Path):  # noqa: ANN201 - a docx.document.Document, imported lazily
    """The parsed Word document at ``path``; :class:`InputError` if it is unsafe or not a Word document."""
    name = str(path)

    def refuse(message: str) -> InputError:
        return InputError(name, [Problem(message)])

    try:
        with open_regular(path) as handle:  # a FIFO or device named .docx is refused, never opened blocking
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(len(OLE_MAGIC))
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise refuse(f"the Word file is {_mb(size)}, more than the {_mb(MAX_FILE_BYTES)} accepted; refusing to open "
                     "it. Remove large pictures or split the annexes into a separate document")
    if head.startswith(OLE_MAGIC):
        raise refuse(_ole_kind(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse("this is not a Word document: a .docx is a zip package and this file is not one (or it is "
                     "damaged). Open it in Word and save it as 'Word Document (*.docx)'") from None
    with archive:
        _check_archive(archive, refuse)
    return _parse(name, refuse)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def _ole_kind(path: str | Path) -> str:
    """Name an OLE compound file: an encrypted (password-protected) .docx, or a legacy binary Office file."""
    with open(path, "rb") as handle:
        head = handle.read(1024 * 1024)
    if "EncryptedPackage".encode("utf-16-le") in head:
        return ("this Word document is password-protected (encrypted), so its text cannot be read. Open it in "
                "Word, remove the password (File > Info > Protect Document > Encrypt with Password, clear it), "
                "save, and check it again")
    return ("this is a Word 97-2003 (.doc) or other legacy Office file, not a .docx. Open it in Word and save "
            "it as 'Word Document (*.docx)'")


def _check_archive(archive: zipfile.ZipFile, refuse) -> None:  # noqa: ANN001
    """Bound the package from its directory alone, before anything is inflated or parsed."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise refuse(f"the Word package has {len(infos):,} parts, more than the {MAX_PARTS:,} accepted (a "
                     "strategy has a few dozen); refusing to open it as a possible zip bomb")
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if total > MAX_UNCOMPRESSED_BYTES or xml > MAX_XML_BYTES:
        raise refuse(f"the Word package expands to {_mb(total)} ({_mb(xml)} of it XML); at most "
                     f"{_mb(MAX_UNCOMPRESSED_BYTES)} ({_mb(MAX_XML_BYTES)} of XML) is accepted, so it is refused "
                     "as a possible zip bomb")
    if any(i.flag_bits & 0x1 for i in infos):
        raise refuse("the Word package's parts are encrypted (a password-protected zip); remove the password "
                     "and check it again")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise refuse("this is a zip archive but not a Word document (it has no Office package contents). Check "
                     "the strategy's .docx (or its YAML) instead")
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")) and _has_dtd(archive, info, refuse):
            raise refuse(f"the part '{info.filename}' declares a DTD (<!DOCTYPE> or <!ENTITY>), which Word never "
                         "writes; refusing to read it so that no entity is ever resolved. Open the document in "
                         "Word and save it again")


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refuse) -> bool:  # noqa: ANN001
    """Whether a part carries DTD markup: XML text can hold '<' only as markup, so a byte search is exact."""
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        raise refuse(f"the part '{info.filename}' of the Word package is damaged. " + _REPAIR) from None
    return any(mark in data for mark in _DTD_MARKS)


def _parse(name: str, refuse):  # noqa: ANN001, ANN202
    from docx.package import Package

    try:
        part = Package.open(name).main_document_part
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted bytes: any failure is "damaged"
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise refuse(f"the Word document is damaged and cannot be read ({detail}). " + _REPAIR) from None
    kind = part.content_type
    if kind != _WORD_DOCUMENT:
        raise refuse("this is " + _OTHER_KINDS.get(kind, f"an Office package of type '{kind}', not a Word "
                                                         "document"))
    return part.document

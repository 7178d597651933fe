"""Unsafe or non-Word .docx input: exit 2, one clear paragraph, no traceback, nothing written, nothing run."""

from __future__ import annotations

import zipfile

import docx
import pytest
from typer.testing import CliRunner

from pocrules.cli import app
from pocrules.errors import InputError
from pocrules.sources import docx_safety
from pocrules.sources.docx_safety import MAX_PARTS, MAX_XML_BYTES, OLE_MAGIC, open_docx

runner = CliRunner()
MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """A small, valid .docx written by python-docx."""
    path = tmp_path_factory.mktemp("plain") / "plain.docx"
    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    document.save(path)
    return path


def repack(src, dst, **parts):
    """Copy a package, replacing parts by name (bytes) and adding new ones."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, parts.pop(info.filename, None) or old.read(info))
        for name, data in parts.items():
            new.writestr(name, data)
    return dst


def part(path, name):
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def refused(path, *expected):
    """`pocrules check` refuses the file: exit 2, the reason on one line, no traceback, the folder unchanged."""
    before = {p: p.read_bytes() for p in path.parent.iterdir()}
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    reasons = [line for line in result.output.splitlines() if line.startswith(f"  {path}: ")]
    assert len(reasons) == 1, result.output
    for text in expected:
        assert text in reasons[0]
    assert {p: p.read_bytes() for p in path.parent.iterdir()} == before
    return reasons[0]


def test_a_file_that_is_not_a_zip(tmp_path):
    path = tmp_path / "strategy.docx"
    path.write_text("Comprehensive POC strategy, typed in a text editor\n", encoding="utf-8")
    refused(path, "this is not a Word document", "not one", "save it as")


def test_a_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "strategy.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "risks")
    refused(path, "a zip archive but not a Word document")


def test_a_word_document_under_another_name_is_recognised_by_its_bytes(tmp_path):
    path = tmp_path / "strategy.yaml"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    refused(path, "this is not a Word document")


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("strategy.docm", MACRO, "macro-enabled Word document (.docm)"),
    ("strategy.docx", MACRO, "macro-enabled Word document (.docm)"),
    ("template.dotx", TEMPLATE, "a Word template (.dotx)"),
])
def test_macro_enabled_documents_and_templates_are_named_and_nothing_runs(plain, tmp_path, name, kind, expected):
    types = part(plain, "[Content_Types].xml").replace(DOCUMENT, kind)
    path = repack(plain, tmp_path / name, **{"[Content_Types].xml": types.encode(),
                                             "word/vbaProject.bin": b"Attribute VB_Name = \"AutoOpen\""})
    reason = refused(path, expected, "read only the package's list of parts and its content types")
    assert kind != MACRO or "ran nothing" in reason


def test_a_password_protected_document(tmp_path):
    """Word encrypts a .docx into an OLE compound file with an 'EncryptedPackage' stream."""
    path = tmp_path / "strategy.docx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 1016 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 2048)
    refused(path, "password-protected", "remove the password")


def test_a_legacy_word_97_document(tmp_path):
    path = tmp_path / "strategy.doc"
    path.write_bytes(OLE_MAGIC + b"\x00" * 1016 + "WordDocument".encode("utf-16-le") + b"\x00" * 2048)
    refused(path, "Word 97-2003 (.doc)", "save it as 'Word Document (*.docx)'")


def test_a_zip_bomb_is_refused_from_the_directory_without_inflating_anything(plain, tmp_path, monkeypatch):
    """40 MB of zeros deflate to about 40 KB; the declared sizes alone condemn it."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", part(plain, "[Content_Types].xml"))
        bomb.writestr("word/document.xml", b"\x00" * (MAX_XML_BYTES + 8 * 1024 * 1024))
    assert path.stat().st_size < 200_000

    def inflate(*args, **kwargs):
        raise AssertionError("a part was inflated before the package was bounded")

    monkeypatch.setattr(zipfile.ZipFile, "open", inflate)
    refused(path, "expands to 40.0 MB (40.0 MB of it XML); at most 160.0 MB (32.0 MB of XML)",
            "possible zip bomb")


def test_too_many_parts(plain, tmp_path):
    path = repack(plain, tmp_path / "parts.docx", **{f"word/media/image{i}.png": b"x" for i in range(MAX_PARTS)})
    refused(path, f"more than the {MAX_PARTS:,} accepted", "possible zip bomb")


def test_an_encrypted_zip(tmp_path):
    path = tmp_path / "strategy.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with open(path, "r+b") as handle:  # set the 'encrypted' flag in the local and central headers
        data = bytearray(handle.read())
        for offset in (6, data.index(b"PK\x01\x02") + 8):
            data[offset] |= 0x1
        handle.seek(0)
        handle.write(data)
    refused(path, "encrypted (a password-protected zip)")


SECRET = "TOP-SECRET-HOST-FILE"


@pytest.fixture
def external_entity(plain, tmp_path):
    """A document whose text references a file on this machine through an external entity."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    xml = part(plain, "word/document.xml")
    head = xml.index("?>") + 2
    evil = (xml[:head] + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>' + xml[head:]) \
        .replace("PLACEHOLDER", "before &xxe; after")
    return repack(plain, tmp_path / "xxe.docx", **{"word/document.xml": evil.encode()})


def test_python_docx_never_resolves_an_external_entity_but_drops_the_text_after_it(external_entity):
    """Why the DTD is refused rather than parsed: lxml leaves the entity unresolved, and the text silently stops."""
    texts = [p.text for p in docx.Document(str(external_entity)).paragraphs]
    assert SECRET not in "".join(texts)
    assert texts == ["before "]


def test_external_entities_are_refused(external_entity):
    refused(external_entity, "the part 'word/document.xml' declares a DTD", "no entity is ever resolved")


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_internal_entity_expansion_is_refused_in_any_part(plain, tmp_path, codec):
    laughs = ('<?xml version="1.0" encoding="%s"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Relationships>&lol2;</Relationships>')
    path = repack(plain, tmp_path / "laughs.docx", **{"_rels/.rels": (laughs % codec).encode(codec)})
    refused(path, "the part '_rels/.rels' declares a DTD")


def test_a_damaged_package(plain, tmp_path):
    path = repack(plain, tmp_path / "damaged.docx", **{"word/document.xml": b"<w:document><w:body>"})
    refused(path, "the Word document is damaged", "Word, which can often repair it")


def test_a_thousand_page_document_opens_within_the_bounds(plain, tmp_path):
    """1,000 pages of prose and tables stay well under the caps (the time is measured in benchmarks/)."""
    xml = part(plain, "word/document.xml")
    para = "<w:p><w:r><w:t>" + "civilians under threat of physical violence " * 12 + "</w:t></w:r></w:p>"
    cell = "<w:tc><w:p><w:r><w:t>Force</w:t></w:r></w:p></w:tc>"
    table = "<w:tbl>" + ("<w:tr>" + cell * 4 + "</w:tr>") * 3 + "</w:tbl>"
    start = xml.index("<w:body>") + len("<w:body>")
    body = (para * 8 + table) * 1000
    path = repack(plain, tmp_path / "long.docx", **{"word/document.xml": (xml[:start] + body + xml[start:]).encode()})
    assert len(body) < MAX_XML_BYTES / 2
    document = open_docx(path)
    assert len(document.paragraphs) == 8001 and len(document.tables) == 1000


def test_open_docx_returns_the_parsed_document(plain):
    assert [p.text for p in open_docx(plain).paragraphs] == ["PLACEHOLDER"]


def test_a_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        docx_safety.open_docx(tmp_path / "absent.docx")

"""The Word documents open in a real client: LibreOffice Writer converts them to PDF, headless.

A rendered strategy, the fixture written the way a drafter writes it (bold Normal headings,
hand-typed numbers, a reworded Annex I header continued after a page break) and a review copy with comments are converted
in one LibreOffice run; the PDF text (pdftotext) must show the section headings and the
Annex I rows, and the review copy's comments must come out as PDF comments (LibreOffice
exports Word comments as PDF text annotations, which pdftotext does not print), as many
as `word/comments.xml` holds. `.ci/run` installs `libreoffice-writer-nogui` and
`poppler-utils` from Debian; without them this module is skipped, saying why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pytest
from typer.testing import CliRunner

from pocrules.cli import app
from pocrules.sources import read
from pocrules.word.render import write as write_word
from pocrules.word.template import SECTIONS

from .conftest import AS_OF, COMPLIANT, FIXTURES

MISSING = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"{' and '.join(MISSING)} not installed (Debian packages "
                                "libreoffice-writer-nogui and poppler-utils; .ci/run installs them): the real-client "
                                "test of the Word documents is skipped")

MATRIX = FIXTURES / "minuska-2026-matrix-gaps.yaml"
EXPORT = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
ANNEX_HEADERS = ("POC risks to be addressed", "Activities/Mitigating measures", "Lead", "Supporting Actors")
HAND = FIXTURES / "word" / "minuska-2026-hand-written.docx"
"""Typed through python-docx the way a drafter writes (tests/make_word_fixtures.py), not rendered."""
HAND_TEXTS = ("B. POC risk analysis", "Section H – POC coordination mechanisms", "ANNEX I: IMPLEMENTATION MATRIX",
              "Activities / mitigating measures", "Lead actor", "R4 (cont.)", "5 December 2025")


def squeeze(text: str) -> str:
    """Text without whitespace or hyphens: the PDF wraps narrow cells anywhere, and a hyphen at a break is lost."""
    return re.sub(r"[\s\-]+", "", text)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Each document and the text of its PDF, from one headless LibreOffice run."""
    folder = tmp_path_factory.mktemp("client")
    rendered, hand, reviewed = folder / "rendered.docx", folder / "hand-written.docx", folder / "reviewed.docx"
    write_word(read(MATRIX).data, rendered)
    shutil.copy(HAND, hand)
    result = CliRunner().invoke(app, ["check", str(rendered), "-f", f"docx:{reviewed}", "--as-of", AS_OF.isoformat(),
                                      "--engine", "python"])
    assert result.exit_code == 1, result.output
    profile = (folder / f"lo-profile-{os.getpid()}").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", EXPORT,
                    "--outdir", str(folder / "pdf"), str(rendered), str(hand), str(reviewed)],
                   check=True, capture_output=True, timeout=600)
    out = {}
    for path in (rendered, hand, reviewed):
        pdf = folder / "pdf" / f"{path.stem}.pdf"
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                              timeout=120).stdout.decode("utf-8")
        out[path.stem] = (path, pdf.read_bytes(), text)
    return out


def annotations(pdf: bytes) -> list[str]:
    """The texts of the PDF's comment (text) annotations; LibreOffice writes them as UTF-16 hex strings."""
    found = re.findall(rb"/Subtype\s*/Text\b[^>]*?/Contents\s*<FEFF([0-9A-Fa-f]*)>", pdf)
    return [bytes.fromhex(h.decode()).decode("utf-16-be") for h in found]


def test_the_rendered_strategy_prints_its_sections_and_annex_rows(pdfs):
    _, _, text = pdfs["rendered"]
    printed = squeeze(text)
    for section in SECTIONS:
        if section.key not in ("title", "record"):
            assert squeeze(section.heading) in printed, section.heading
    for header in ANNEX_HEADERS:
        assert squeeze(header) in printed
    data = read(MATRIX).data
    rows = data["implementation_matrix"]
    for risk in {row["risk"] for row in rows}:
        assert squeeze(f"{risk}:") in printed
    # Narrow cells wrap word by word and rows run over page breaks, where pdftotext may interleave the
    # lines of neighbouring cells: most activities (not necessarily all) read as written from their start.
    found = [row["activity"] for row in rows if squeeze(" ".join(row["activity"].split()[:3])) in printed]
    assert len(found) >= 0.8 * len(rows), set(r["activity"] for r in rows) - set(found)


def test_the_hand_written_document_prints_its_headings_and_rows(pdfs):
    _, _, text = pdfs["hand-written"]
    printed = squeeze(text)
    for expected in HAND_TEXTS:
        assert squeeze(expected) in printed, expected
    rows = read(COMPLIANT).data["implementation_matrix"]
    found = [row["activity"] for row in rows if squeeze(" ".join(row["activity"].split()[:3])) in printed]
    assert len(found) >= 0.8 * len(rows), set(r["activity"] for r in rows) - set(found)


def test_the_review_copy_carries_every_comment(pdfs):
    path, pdf, text = pdfs["reviewed"]
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/comments.xml").decode("utf-8")
    count = xml.count("<w:comment ")
    exported = annotations(pdf)
    assert count == 4 and len(exported) == count
    assert sorted(t.split(":")[0] for t in exported) == ["ERROR (POC-B-003)", "ERROR (POC-C-001)",
                                                         "ERROR (POC-C-002)", "ERROR (POC-C-003)"]  # C-003: T5 "shall"
    assert all("What to do:" in t and "Framework:" in t for t in exported)
    assert squeeze("Annex I: Implementation matrix") in squeeze(text)  # the document itself still prints

"""Helpers for the Word tests: save a python-docx document and read it back as the tool does."""

from __future__ import annotations

import io

import docx

from pocrules.word import importer


def reopen(document):
    """The document as Word would hand it back: saved to bytes and parsed again."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def imported(document):
    return importer.read(reopen(document))

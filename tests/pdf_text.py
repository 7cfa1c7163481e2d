"""Read a PDF back as text, for tests that check what a document says."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The text of every page, white space folded to single spaces."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

"""shop.pdf renders from local files only, and keeps WeasyPrint out of web workers."""

import subprocess
import sys
from pathlib import Path

import pytest

from shop.pdf import _local_fetcher, render_pdf
from tests.pdf_text import pdf_text


@pytest.fixture()
def static(app) -> Path:
    return Path(app.static_folder).resolve()


@pytest.mark.parametrize(
    "url", ["https://example.com/font.woff2", "http://127.0.0.1/x.css", "file:///etc/passwd"]
)
def test_fetcher_refuses_network_and_files_outside_static(static, url):
    with pytest.raises(ValueError):
        _local_fetcher(static)(url)


def test_fetcher_serves_the_static_folder(static):
    response = _local_fetcher(static)((static / "css" / "pdf.css").as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_render_pdf_gives_a_pdf_with_french_text(db):
    pdf = render_pdf(
        "withdrawal_form.html", order={}, prefilled=False, return_cost_paid_by="customer"
    )
    assert "Formulaire de rétractation" in pdf_text(pdf)


def test_importing_the_app_does_not_import_weasyprint():
    code = (
        "import sys, shop.pdf, shop.legal.views; from shop import create_app; "
        "print('weasyprint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

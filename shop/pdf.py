"""PDF documents: a Jinja template from templates/pdf/ turned into bytes by WeasyPrint.

The one place the shop makes PDFs (CGV, withdrawal form, later order recaps and invoices).
WeasyPrint is imported inside the function: it weighs tens of MiB, and a web worker that
never renders a PDF must not pay for it. Rendering reads only local files: fonts come from
the system (DejaVu), stylesheets and images from static/, and every other URL is refused.
"""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from flask import current_app, render_template

PDF_TEMPLATE_DIR = "pdf/"
ALLOWED_SCHEMES = ("file", "data")


class PdfError(Exception):
    """A PDF could not be made from its template."""


def _local_fetcher(static_root: Path):
    """A WeasyPrint URL fetcher that serves files under `static_root` and nothing else."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not path.is_relative_to(static_root):
                    raise ValueError(f"refused, outside static/: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=ALLOWED_SCHEMES, timeout=2)


def render_pdf(template_name: str, **context) -> bytes:
    """Render templates/pdf/<template_name> with `context` and return the PDF bytes."""
    if not template_name.startswith(PDF_TEMPLATE_DIR):
        template_name = PDF_TEMPLATE_DIR + template_name
    html = render_template(template_name, **context)

    from weasyprint import HTML

    static_root = Path(current_app.static_folder).resolve()
    document = HTML(
        string=html,
        base_url=static_root.as_uri() + "/",
        url_fetcher=_local_fetcher(static_root),
    )
    pdf = document.write_pdf()
    if not pdf:
        raise PdfError(f"WeasyPrint returned nothing for {template_name}")
    return pdf

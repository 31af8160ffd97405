"""The portal's PDFs (progress reports, certificates): HTML templates drawn by WeasyPrint as tagged PDFs (PDF/UA-1:
a structure tree of headings, paragraphs, tables and figures with their text alternatives, the document's language
and title). A PDF loads nothing from any host: WeasyPrint's fetcher is allowed `data:` addresses only, which the
template itself carries (a certificate's QR code)."""

from __future__ import annotations

from django.template.loader import render_to_string


def tagged_pdf(template_name: str, context: dict) -> bytes:
    """`template_name` rendered with `context`, as a tagged PDF (PDF/UA-1)."""
    import weasyprint  # noqa: PLC0415 -- WeasyPrint loads only when a PDF is made

    html = render_to_string(template_name, context)
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")

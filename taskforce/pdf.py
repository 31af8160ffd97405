"""The portal's PDFs (progress reports, certificates): HTML templates drawn by WeasyPrint as tagged PDFs (PDF/UA-1:
a structure tree of headings, paragraphs, tables and figures with their text alternatives, the document's language
and title). A PDF loads nothing from any host: WeasyPrint's fetcher is allowed `data:` addresses only, which the
template itself carries (a certificate's QR code)."""

from __future__ import annotations

import base64
import mimetypes

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .context_processors import site_government


def _crest_data_uri(path: str) -> str:
    """The government's crest (settings.PROVINCE_CREST, a static file) as a `data:` address the PDF carries."""
    found = finders.find(path)
    if not found:
        return ""
    kind = mimetypes.guess_type(found)[0] or "image/svg+xml"
    with open(found, "rb") as crest:
        return f"data:{kind};base64,{base64.b64encode(crest.read()).decode()}"


def tagged_pdf(template_name: str, context: dict) -> bytes:
    """`template_name` rendered with `context`, as a tagged PDF (PDF/UA-1). Every PDF opens with the portal's
    identity (templates/_pdf_identity.html): the government's crest and name, as its pages have them."""
    import weasyprint  # noqa: PLC0415 -- WeasyPrint loads only when a PDF is made

    government = site_government()
    context = {**context, "site_government": {**government, "crest_uri": _crest_data_uri(government["crest"])}}
    html = render_to_string(template_name, context)
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")

"""The portal's PDFs load nothing from elsewhere: an image on another server is never asked for, an image the
template carries (`data:`) is drawn."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.template import engines
from pypdf import PdfReader

from taskforce import pdf
from taskforce.qr import qr_data_uri


@pytest.fixture
def template_of(settings, tmp_path):
    def make(body: str) -> str:
        page = f'<!doctype html><html lang="en"><head><title>T</title></head><body>{body}</body></html>'
        (tmp_path / "t.html").write_text(page)
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
        engines.__dict__.pop("templates", None)
        engines._engines = {}
        return "t.html"

    yield make
    engines.__dict__.pop("templates", None)
    engines._engines = {}


@pytest.fixture
def image_server():
    """A server on this machine with an image, which notes every request it gets."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- http.server's name
            asked.append(self.path)
            body = (
                b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
            )
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()


def drawn(content: bytes) -> int:
    """How much the first page draws (its content stream, decoded)."""
    return len(PdfReader(io.BytesIO(content)).pages[0].get_contents().get_data())


def test_an_image_on_another_server_is_never_asked_for(template_of, image_server):
    address, asked = image_server
    pdf.tagged_pdf(template_of(f'<p>Text</p><img src="{address}/logo.svg" alt="logo">'), {})
    pdf.tagged_pdf(template_of(f'<link rel="stylesheet" href="{address}/style.css"><p>Text</p>'), {})
    assert asked == []


def test_an_image_the_template_carries_is_drawn(template_of):
    carried = pdf.tagged_pdf(template_of(f'<p>Text</p><img src="{qr_data_uri("https://x.example/")}" alt="QR">'), {})
    without = pdf.tagged_pdf(template_of("<p>Text</p>"), {})
    assert drawn(carried) > drawn(without) + 1000  # the QR code's hundreds of squares


def test_every_pdf_opens_with_the_governments_crest_and_name(template_of, settings):
    """The portal's identity, as its pages' header has it (templates/_pdf_identity.html): the crest is drawn from
    the static file the setting names, carried in the PDF; the name is text a reader can find."""
    with_crest = pdf.tagged_pdf(template_of('{% include "_pdf_identity.html" %}<p>Text</p>'), {})
    text = PdfReader(io.BytesIO(with_crest)).pages[0].extract_text()
    assert "Government of Alberta" in text and "Human Trafficking Task Force" in text
    settings.PROVINCE_CREST = "img/no-such-crest.svg"  # a crest that is not there: the name alone, no failure
    without_crest = pdf.tagged_pdf(template_of('{% include "_pdf_identity.html" %}<p>Text</p>'), {})
    assert drawn(with_crest) > drawn(without_crest)
    settings.PROVINCE_NAME = {"en": "Government of Manitoba"}
    other = pdf.tagged_pdf(template_of('{% include "_pdf_identity.html" %}<p>Text</p>'), {})
    assert "Government of Manitoba" in PdfReader(io.BytesIO(other)).pages[0].extract_text()

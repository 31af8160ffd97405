"""QR codes drawn on our own server (the qrcode package), never by a third-party service: an authenticator app's
enrolment, a certificate's verification address."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg


def _svg(data: str) -> bytes:
    """The SVG document (XML declaration included) of the QR code of `data`."""
    return qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).to_string()


def qr_svg(data: str, *, label: str) -> str:
    """An inline SVG of the QR code of `data`, announced as an image named `label`."""
    svg = _svg(data).decode("utf-8")
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg", '<svg role="img" aria-label="{}"'.format(label.replace('"', "&quot;")), 1)


def qr_data_uri(data: str) -> str:
    """The QR code of `data` as a `data:` address of an SVG image, for an `<img>` with its own `alt` (a PDF)."""
    return "data:image/svg+xml;base64," + base64.b64encode(_svg(data)).decode("ascii")

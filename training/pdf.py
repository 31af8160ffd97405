"""The certificate as a one-page tagged PDF (taskforce.pdf): who, which course and version, when, until when, its
number, and a QR code of its public verification page (drawn on our server), in the learner's language."""

from django.conf import settings
from django.utils import translation

from taskforce.language import localized
from taskforce.pdf import tagged_pdf
from taskforce.qr import qr_data_uri

from .models import Certificate

TEMPLATE = "training/certificate_pdf.html"


def certificate_context(*, certificate: Certificate, verify_url: str, language: str) -> dict:
    return {
        "certificate": certificate,
        "course_title": localized(certificate.course_title, language),
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
        "LANGUAGE_CODE": language,
    }


def certificate_pdf(*, certificate: Certificate, verify_url: str, language: str | None = None) -> bytes:
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = certificate_context(certificate=certificate, verify_url=verify_url, language=language)
        return tagged_pdf(TEMPLATE, context)

"""The certificate as a one-page PDF, drawn with reportlab."""

from io import BytesIO

from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from .models import Certificate


def certificate_pdf(*, certificate: Certificate, verify_url: str, language: str = "en") -> bytes:
    buffer = BytesIO()
    width, height = landscape(A4)
    with translation.override(language):
        pdf = canvas.Canvas(buffer, pagesize=(width, height))
        pdf.setTitle(_("Certificate of completion"))
        pdf.setAuthor(_("Provincial Human Trafficking Task Force"))
        pdf.setLineWidth(3)
        pdf.rect(1.5 * cm, 1.5 * cm, width - 3 * cm, height - 3 * cm)
        lines = [
            ("Helvetica", 14, _("Provincial Human Trafficking Task Force")),
            ("Helvetica-Bold", 30, _("Certificate of completion")),
            ("Helvetica", 14, _("This certifies that")),
            ("Helvetica-Bold", 24, certificate.learner_name),
            ("Helvetica", 14, _("completed the course")),
            ("Helvetica-Bold", 18, certificate.course_title),
            (
                "Helvetica",
                12,
                _("Version %(number)s — score %(score)s%%")
                % {"number": certificate.version_number, "score": certificate.score},
            ),
            ("Helvetica", 12, _("Completed on %(date)s") % {"date": formats.date_format(certificate.issued_on)}),
        ]
        if certificate.expires_on:
            lines.append(
                ("Helvetica", 12, _("Valid until %(date)s") % {"date": formats.date_format(certificate.expires_on)})
            )
        y = height - 4 * cm
        for font, size, text in lines:
            pdf.setFont(font, size)
            pdf.drawCentredString(width / 2, y, text)
            y -= size + 16
        pdf.setFont("Helvetica", 10)
        pdf.drawCentredString(width / 2, 3 * cm, _("Check this certificate at:"))
        pdf.drawCentredString(width / 2, 2.4 * cm, verify_url)
        pdf.linkURL(verify_url, (2 * cm, 2.2 * cm, width - 2 * cm, 2.9 * cm))
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()

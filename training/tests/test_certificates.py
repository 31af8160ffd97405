"""Certificates: PDF for the owner, public verification, revocation by the right manager, recertification."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from training.models import Certificate, CertificateEvent, Enrolment

from .factories import make_course, take_final, walk_to_final

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(login_as, learner, course):
    client = login_as(learner)
    walk_to_final(client, course)
    take_final(client, course)
    client.logout()
    return Certificate.objects.get(user=learner)


def verify_url(certificate):
    return reverse("training:certificate_verify", kwargs={"token": certificate.token})


def test_token_has_at_least_128_random_bits(certificate):
    assert len(certificate.token) >= 22  # url-safe base64: 6 bits per character
    assert len(certificate.token) * 6 >= 192


def test_verification_is_public_and_not_indexed(client, certificate):
    response = client.get(verify_url(certificate))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "This certificate is valid." in page and "Léa Apprenante" in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "score" not in page.lower()


def test_unknown_token_is_404_and_not_indexed(client, db):
    response = client.get(reverse("training:certificate_verify", kwargs={"token": "x" * 43}))
    assert response.status_code == 404 and response["X-Robots-Tag"].startswith("noindex")


def test_expired_certificate_says_so(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert "This certificate has expired." in client.get(verify_url(certificate)).content.decode()


def test_pdf_for_the_owner_only(login_as, client, learner, learner_b, certificate):
    url = reverse("training:certificate_pdf", kwargs={"certificate_id": certificate.id})
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    assert login_as(learner_b).get(url).status_code == 404
    response = login_as(learner).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert certificate.token in text.replace("\n", "") and certificate.number in text and "Léa Apprenante" in text


def test_the_pdf_is_tagged_with_its_language_and_a_described_qr_code_of_the_verification_page(
    login_as, learner, certificate
):
    """PDF/UA: a structure tree with the QR code as a figure with its text, the document's language and title; the
    QR code is the one of this certificate's own verification address, drawn here (no image from elsewhere)."""
    from django.template.loader import render_to_string  # noqa: PLC0415 -- used by this test only

    from taskforce.links import absolute_url  # noqa: PLC0415 -- used by this test only
    from taskforce.qr import qr_data_uri  # noqa: PLC0415 -- used by this test only
    from training import pdf  # noqa: PLC0415 -- used by this test only

    for language, title in (("en", "Certificate of completion"), ("fr", "Certificat de réussite")):
        response = login_as(learner).get(f"/{language}/training/my-learning/certificates/{certificate.id}/pdf/")
        catalog = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
        assert str(catalog["/Lang"]).startswith(language)
        assert title in str(PdfReader(io.BytesIO(response.content)).metadata.title)
        kinds, alts = set(), []
        structure(catalog["/StructTreeRoot"], kinds, alts)
        assert {"/H1", "/P", "/Figure"} <= kinds
        assert any("QR" in alt for alt in alts)
    verify = absolute_url("training:certificate_verify", token=certificate.token)
    html = render_to_string(
        pdf.TEMPLATE, pdf.certificate_context(certificate=certificate, verify_url=verify, language="en")
    )
    assert f'src="{qr_data_uri(verify)}"' in html and certificate.token in verify


def structure(node, kinds: set, alts: list) -> None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if not isinstance(node, dict):
        return
    if "/S" in node:
        kinds.add(str(node["/S"]))
    if "/Alt" in node:
        alts.append(str(node["/Alt"]))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        structure(kid, kinds, alts)


def test_the_verification_page_says_number_version_dates_and_state(client, certificate, manager_a, login_as):
    page = client.get(verify_url(certificate)).content.decode()
    assert certificate.number in page and certificate.number.startswith(f"TF-{certificate.issued_on:%Y}-")
    assert "Course version" in page and "Does not expire" in page
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + timedelta(days=30))
    page = client.get(verify_url(certificate)).content.decode()
    valid_until = page.split('id="certificate-valid-until">')[1].split("<")[0]
    assert valid_until == date_format(timezone.localdate() + timedelta(days=30), "DATE_FORMAT")
    login_as(manager_a).post(
        reverse("training:certificate_revoke", kwargs={"certificate_id": certificate.id}), {"reason": "Error"}
    )
    client.logout()
    page = client.get(verify_url(certificate)).content.decode()
    assert "revoked on" in page and "Revoked" in page


def test_manager_of_the_learners_organization_revokes_with_a_reason(login_as, client, manager_a, certificate):
    url = reverse("training:certificate_revoke", kwargs={"certificate_id": certificate.id})
    manager = login_as(manager_a)
    response = manager.post(url, {"reason": "  "})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    response = manager.post(url, {"reason": "Completed on behalf of someone else"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.revoked_by == manager_a
    assert CertificateEvent.objects.filter(certificate=certificate, action="revoked").exists()
    manager.logout()
    page = client.get(verify_url(certificate)).content.decode()
    assert "revoked" in page and "on behalf" not in page  # the reason stays private


def test_manager_of_another_organization_cannot_revoke(login_as, manager_b, certificate):
    url = reverse("training:certificate_revoke", kwargs={"certificate_id": certificate.id})
    assert login_as(manager_b).post(url, {"reason": "no"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_learner_cannot_revoke(login_as, learner, certificate):
    url = reverse("training:certificate_revoke", kwargs={"certificate_id": certificate.id})
    assert login_as(learner).post(url, {"reason": "no"}).status_code == 403


def test_retaking_after_expiry_issues_a_new_certificate_and_keeps_the_old(login_as, learner):
    course = make_course("annual", validity_months=12)
    client = login_as(learner)
    walk_to_final(client, course)
    take_final(client, course)
    old = Certificate.objects.get(user=learner)
    assert old.expires_on == old.issued_on.replace(year=old.issued_on.year + 1)
    # While valid, starting again only brings the learner back to their completed run.
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    assert Enrolment.objects.filter(user=learner).count() == 1

    Certificate.objects.filter(pk=old.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    walk_to_final(client, course)
    take_final(client, course)
    assert Enrolment.objects.filter(user=learner).count() == 2
    certificates = list(Certificate.objects.filter(user=learner).order_by("id"))
    assert len(certificates) == 2 and certificates[0].token == old.token
    page = client.get(reverse("training:my_learning")).content.decode()
    assert "Expired" in page and "Valid" in page

"""Certificates: PDF for the owner, public verification, revocation by the right manager, recertification."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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
    assert certificate.token.encode() in response.content


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

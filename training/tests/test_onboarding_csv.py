"""Invitations from a CSV file: every bad row reported by its number, and nobody invited unless the whole file is
good (issue 20)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taskforce.models import Notification
from training.models import Invitation

pytestmark = pytest.mark.django_db

IMPORT = reverse("training:invitations_import")


def upload(client, organization, content: bytes, name="people.csv"):
    return client.post(
        IMPORT, {"csv-organization": organization.id, "csv-file": SimpleUploadedFile(name, content, "text/csv")}
    )


GOOD = "name,email,audience\nAda One,ada@gov.example,justice\nBé Two,be@gov.example,Police officers\n"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_good_file_invites_everyone_on_it(login_as, manager_a, org_a, bom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(login_as(manager_a), org_a, bom + GOOD.encode())
    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("email", "audience", "organization_id")) == [
        ("ada@gov.example", "justice", org_a.id),
        ("be@gov.example", "police", org_a.id),
    ]
    assert {m.to[0] for m in mail.outbox} == {"ada@gov.example", "be@gov.example"}


def test_each_bad_row_is_reported_by_its_number_and_nobody_is_invited(login_as, manager_a, org_a, learner):
    client = login_as(manager_a)
    assert upload(client, org_a, b"name,email,audience\nOld Invite,old@gov.example,justice\n").status_code == 302
    content = (
        "Name,Email,Audience\n"
        "Good Person,good@gov.example,justice\n"  # row 2: fine alone
        "Bad Mail,not-an-address,justice\n"  # row 3
        "No Such,nosuch@gov.example,astronauts\n"  # row 4
        "Twice,TWICE@gov.example,police\n"  # row 5
        "Twice Again,twice@GOV.example,police\n"  # row 6: the same person as row 5
        f"Member,{learner.email.upper()},justice\n"  # row 7
        "Old Invite,OLD@gov.example,justice\n"  # row 8
        ",noname@gov.example,justice\n"  # row 9
    )
    response = upload(client, org_a, content.encode())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nobody was invited" in page
    assert "Row 3: “not-an-address” is not an email address." in page
    assert "Row 4: unknown audience “astronauts”." in page
    assert "Row 6: this address is already on row 5." in page
    assert "Row 7: this person is already a member of the organization." in page
    assert "Row 8: this person is already invited." in page
    assert "Row 9: the name is missing." in page
    assert "Row 2" not in page and "Row 5" not in page
    assert list(Invitation.objects.values_list("email", flat=True)) == ["old@gov.example"]
    assert Notification.objects.filter(recipient="good@gov.example").count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,email,audience\nA,a@gov.example,justice\x00\n", "NUL byte"),
        ("name,email,audience\nAndré,a@gov.example,justice\n".encode("latin-1"), "not UTF-8"),
        (b"name,mail\nA,a@gov.example\n", "Missing: email, audience"),
        (b"name,email,audience\n", "no rows"),
        (b"name,email,audience\n" + b"A,a@gov.example,justice\n" * 20_000, "too large"),
    ],
)
def test_a_file_that_is_not_a_usable_csv_gets_a_clear_400(login_as, manager_a, org_a, content, message):
    response = upload(login_as(manager_a), org_a, content)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Invitation.objects.exists()


def test_too_many_rows_are_refused_whole(settings, login_as, manager_a, org_a):
    settings.TRAINING_INVITE_CSV_MAX_ROWS = 2
    rows = "".join(f"P{n},p{n}@gov.example,justice\n" for n in range(3))
    response = upload(login_as(manager_a), org_a, f"name,email,audience\n{rows}".encode())
    assert response.status_code == 400 and "more than 2 rows" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_file_for_another_organization_is_refused(login_as, manager_a, org_b):
    response = upload(login_as(manager_a), org_b, GOOD.encode())
    assert response.status_code == 400 and not Invitation.objects.exists()


def test_people_who_are_not_training_managers_cannot_import(login_as, learner, org_a):
    assert upload(login_as(learner), org_a, GOOD.encode()).status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (  # which address would count? neither is guessed (outside review: the last one won)
            "name,email,audience,email\nZed,z1@gov.example,justice,z2@gov.example\n",
            "The first row names a column twice: email.",
        ),
        ('name,email,audience\n"Multi\nLine",ml@gov.example,justice\n', "Row 2: the name has a line break"),
        ("name,email,audience\nShort Row,short@gov.example\n", "Row 2: the audience is missing."),
    ],
)
def test_ambiguous_or_broken_rows_are_named_and_nobody_is_invited(login_as, manager_a, org_a, content, said):
    response = upload(login_as(manager_a), org_a, content.encode())
    assert response.status_code == 400 and said in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox

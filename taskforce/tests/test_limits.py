"""Oversized request bodies are refused before anything reads them (taskforce/limits.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

MB = 2**20
BOUNDARY = "----attack"


class StreamedBody:
    """A request body produced as the server reads it, as from a socket: `size` bytes of file content in a
    multipart form. It records how much was read and the most bytes ever seen in the upload temp directory
    while it was read (Django deletes its temporary files at the end of the request)."""

    def __init__(self, size: int, temp_dir=None, *, fields: dict | None = None):
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in (fields or {"email": "someone@example.org"}).items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        self.head, self.tail = head.encode(), f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0
        self.temp_dir = temp_dir
        self.most_on_disk = 0

    def read(self, size: int = -1) -> bytes:
        size = self.length - self.read_bytes if size is None or size < 0 else size
        start, end = self.read_bytes, min(self.length, self.read_bytes + size)
        self.read_bytes = end
        if self.temp_dir is not None:
            on_disk = sum(p.stat().st_size for p in self.temp_dir.iterdir() if p.is_file())
            self.most_on_disk = max(self.most_on_disk, on_disk)
        tail_start = self.length - len(self.tail)
        filler = b"0" * max(0, min(end, tail_start) - max(start, len(self.head)))
        return self.head[start:end] + filler + self.tail[max(0, start - tail_start) : max(0, end - tail_start)]

    def readline(self, size: int = -1) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


def _post(client, path: str, body: StreamedBody, *, chunked: bool = False, **extra):
    environ = {
        "wsgi.input": body,
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": "" if chunked else str(body.length),
    }
    if chunked:  # as gunicorn passes it on: the framing removed, no length, and the end of the body marked
        environ.update({"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True})
    return client.generic("POST", path, **{**environ, **extra})


@pytest.fixture
def temp_dir(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def test_a_300_mb_body_to_a_public_form_is_refused_unread_and_nothing_reaches_the_disk(client, temp_dir):
    body = StreamedBody(300 * MB, temp_dir)
    response = _post(client, "/en/registry/subscribe/", body)
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent is too large" in page and "at most 3 MB" in page and "1-833-900-1010" in page
    assert body.read_bytes == 0 and body.most_on_disk == 0
    assert not list(temp_dir.iterdir())


def test_the_refusal_on_the_tip_form_sets_no_cookie_and_is_never_stored(client, temp_dir):
    body = StreamedBody(300 * MB, temp_dir, fields={"what_happened": "typed text"})
    response = _post(client, "/fr/tips/report/", body)
    assert response.status_code == 413 and body.read_bytes == 0
    assert "no-store" in response["Cache-Control"] and not response.cookies
    assert "au plus 20" in response.content.decode()  # in the reader's language, with the tip form's own limit
    assert response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"


def test_a_body_sent_in_chunks_without_a_length_is_stopped_at_the_limit(client, temp_dir):
    body = StreamedBody(300 * MB, temp_dir)
    response = _post(client, "/en/registry/subscribe/", body, chunked=True)
    assert response.status_code == 413
    assert body.read_bytes <= 3 * MB + 64 * 1024 and body.most_on_disk == 0


def test_a_small_body_sent_in_chunks_reaches_the_form(client):
    from publications.models import Subscription  # noqa: PLC0415 -- used by this test only

    body = StreamedBody(10, fields={"email": "reader@example.org"})
    response = _post(client, "/en/registry/subscribe/", body, chunked=True)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert Subscription.objects.filter(email="reader@example.org").exists()


def test_the_api_answers_413_in_json(client):
    body = StreamedBody(300 * MB)
    response = _post(client, "/api/registry/", body)
    assert response.status_code == 413 and body.read_bytes == 0
    assert response.json() == {"detail": "The request body is too large: at most 3 MB is accepted here."}


def test_a_length_that_is_not_a_number_is_a_bad_request(client):
    response = client.generic("POST", "/en/registry/subscribe/", b"", CONTENT_LENGTH="12abc")
    assert response.status_code == 400


def test_the_larger_evidence_limit_is_only_for_signed_in_people(client, login_as, member_a, settings):
    path = "/en/action-plan/staff/no-such-item/update/"
    anonymous = StreamedBody(5 * MB)
    assert _post(client, path, anonymous).status_code == 413 and anonymous.read_bytes == anonymous.length
    login_as(member_a)
    signed_in = StreamedBody(5 * MB)
    assert _post(client, path, signed_in).status_code == 404  # past the limit: the view says the item is unknown
    settings.REQUEST_BODY_LIMITS = []
    assert _post(client, path, StreamedBody(5 * MB)).status_code == 413  # the limits are settings


def test_a_chunked_body_a_server_cannot_end_is_refused_rather_than_read_forever(client):
    """A server that does not remove the chunk framing (the development server) cannot say where the body ends."""
    body = StreamedBody(10)
    response = _post(client, "/en/registry/subscribe/", body, chunked=True, **{"wsgi.input_terminated": False})
    assert response.status_code == 411 and body.read_bytes == 0


def test_a_body_over_the_limit_within_the_drain_bound_is_read_and_thrown_away(client, temp_dir, settings):
    """A proxy has buffered it already: reading it keeps the connection sound (else nginx may answer 502)."""
    settings.REQUEST_BODY_DRAIN_MAX_BYTES = 32 * MB
    body = StreamedBody(24 * MB, temp_dir)
    response = _post(client, "/en/registry/subscribe/", body)
    assert response.status_code == 413 and "at most 3 MB" in response.content.decode()
    assert body.read_bytes == body.length and body.most_on_disk == 0
    assert not list(temp_dir.iterdir())
    beyond = StreamedBody(33 * MB, temp_dir)
    assert _post(client, "/en/registry/subscribe/", beyond).status_code == 413 and beyond.read_bytes == 0

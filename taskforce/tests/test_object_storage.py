"""Media from our own origin, wherever the files live (issue 22): /media/<public folder>/... streams a public file
from the storage (the shared bucket, or the local disk under `make run`) with the headers deploy/nginx/media.conf
sets, answers a byte range, and refuses every private folder with 404; pages link /media/ of our host, never the
bucket's."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from publications.tests.factories import make_publication

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"0123456789" * 100 + b"\n%%EOF\n"
PRIVATE = [
    "tips/0f3c2a.bin",
    "actionplan/evidence/2026/minutes.pdf",
    "registry/sources/2026/judgment.pdf",
    "registry-snapshots/business-registry-2026.csv",
    "scorm-packages/abc/index.html",
    "opendata/snapshots/2026-01-01/hotlines.csv",
]


def _assert_media_headers(response, content_type: str):
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'; sandbox"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.fixture(params=["s3", "local"])
def media_storage(request, settings, tmp_path):
    if request.param == "s3":
        return request.getfixturevalue("s3_media")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return None


def test_a_public_file_is_streamed_from_our_origin_with_the_download_headers(client, media_storage):
    name = default_storage.save("publications/2026/annual-report.pdf", ContentFile(PDF))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    _assert_media_headers(response, "application/pdf")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Length"] == str(len(PDF))


def test_a_video_is_answered_by_byte_range(client, media_storage):
    video = bytes(range(256)) * 40
    name = default_storage.save("training/videos/2026/talk.mp4", ContentFile(video))
    response = client.get(f"/media/{name}", headers={"Range": "bytes=100-299"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-299/{len(video)}"
    assert b"".join(response.streaming_content) == video[100:300]
    _assert_media_headers(response, "video/mp4")
    tail = client.get(f"/media/{name}", headers={"Range": f"bytes={len(video) - 10}-"})
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == video[-10:]
    assert client.get(f"/media/{name}", headers={"Range": f"bytes={len(video)}-"}).status_code == 416


@pytest.mark.parametrize("name", PRIVATE)
def test_private_folders_are_never_served_as_media(client, media_storage, name):
    public = default_storage.save("training/images/2026/map.png", ContentFile(b"public"))
    default_storage.save(name, ContentFile(b"private"))
    assert client.get(f"/media/{public}").status_code == 200  # the same storage, a public folder
    response = client.get(f"/media/{name}")
    assert response.status_code == 404
    assert b"private" not in response.content


@pytest.mark.parametrize(
    "path",
    ["training/../tips/0f3c2a.bin", "training//../tips/0f3c2a.bin", "training/./x.png", "training", "training/images"],
)
def test_a_path_that_leaves_a_public_folder_is_refused(client, media_storage, path):
    default_storage.save("tips/0f3c2a.bin", ContentFile(b"private"))
    default_storage.save("training/x.png", ContentFile(b"public"))
    default_storage.save("training/images/y.png", ContentFile(b"public"))
    assert client.get("/media/training/x.png").status_code == 200
    assert client.get(f"/media/{path}").status_code == 404
    assert client.get("/media/training/none.png").status_code == 404  # a missing public file


def test_a_publication_links_its_pdf_on_our_origin_never_the_bucket(client, s3_media):
    publication = make_publication(pdf=ContentFile(PDF, name="annual-report.pdf"))
    assert s3_media.objects("publications/") == [publication.pdf.name]
    page = client.get(f"/en/publications/{publication.slug}/").content.decode()
    assert f'href="/media/{publication.pdf.name}"' in page
    assert s3_media.endpoint.split("//")[1] not in page and "X-Amz" not in page
    assert b"".join(client.get(f"/media/{publication.pdf.name}").streaming_content) == PDF


def test_a_name_longer_than_any_stored_is_not_found_not_an_error(client, media_storage):
    default_storage.save("training/x.png", ContentFile(b"public"))
    assert client.get("/media/training/x.png" + "A" * 4000).status_code == 404
    assert client.get("/media/training/" + "/".join(["d" * 200] * 6) + "/x.png").status_code == 404


def test_a_public_file_while_the_storage_does_not_answer_is_a_503_to_retry(client, s3_down):
    response = client.get("/media/training/images/2026/map.png")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "try again in a few minutes" in response.content.decode()

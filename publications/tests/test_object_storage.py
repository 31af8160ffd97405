"""The whole registry's download files on shared object storage (issue 22): written to the bucket under a private
prefix, served by any machine from it, pruned there, and never reachable through the public media view."""

import hashlib

import pytest
from django.urls import reverse

from .factories import build_downloads, make_entry

pytestmark = pytest.mark.django_db
STORAGE_PREFIX = "registry-snapshots"  # publications/snapshot_files.py, written out: the bucket's layout


def test_built_files_live_in_the_bucket_and_every_machine_serves_them(
    client, editor, s3_media, snapshot_dir, django_capture_on_commit_callbacks
):
    for _ in range(3):
        make_entry(created_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        first = build_downloads()
    files = {s.format: s for s in first}
    assert s3_media.objects(f"{STORAGE_PREFIX}/") == sorted(f"{STORAGE_PREFIX}/{s.file_name}" for s in first)
    assert not snapshot_dir.exists() or not any(snapshot_dir.iterdir()), "nothing on this machine's disk"
    for file_format, snapshot in files.items():
        data = s3_media.read(f"{STORAGE_PREFIX}/{snapshot.file_name}")
        assert snapshot.rows == 3 and snapshot.bytes == len(data)
        assert snapshot.sha256 == hashlib.sha256(data).hexdigest()
        name = "registry_ftm_delta" if file_format == "delta" else f"registry_{file_format}"
        response = client.get(reverse(f"publications:{name}"))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
        assert response["X-Row-Count"] == "3" and response["Content-Length"] == str(len(data))
        assert response["Accept-Ranges"] == "none"
        assert "attachment" in response["Content-Disposition"]
    # Private: the public media view does not serve them.
    assert client.get(f"/media/{STORAGE_PREFIX}/{first[0].file_name}").status_code == 404

    make_entry(created_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        second = build_downloads()
    assert s3_media.objects(f"{STORAGE_PREFIX}/") == sorted(f"{STORAGE_PREFIX}/{s.file_name}" for s in second)


def test_a_file_missing_from_the_bucket_is_built_again(client, editor, s3_media):
    make_entry(created_by=editor)
    snapshot = next(s for s in build_downloads() if s.format == "csv")
    s3_media.client.delete_object(Bucket=s3_media.bucket, Key=f"{STORAGE_PREFIX}/{snapshot.file_name}")
    response = client.get(reverse("publications:registry_csv"))
    assert response.status_code == 503 and "Retry-After" in response

"""Tip attachments: JPEG, PNG and PDF, cleaned by the shared `taskforce.uploads` (type from the content, pixel
budget, metadata removed); kept in memory only while the request is read."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from taskforce.uploads import CleanFile
from taskforce.uploads import clean_upload as _clean_upload

from . import conf

__all__ = ["CleanFile", "TipMemoryUploadHandler", "clean_upload"]


def clean_upload(uploaded) -> CleanFile:
    """Check one uploaded file and return it ready to be encrypted, or raise ValidationError."""
    return _clean_upload(uploaded, max_bytes=conf.max_file_bytes())


class TipMemoryUploadHandler(FileUploadHandler):
    """Keep tip uploads in memory only (never a plain-text temporary file on disk); skip oversized ones
    and say so on the request so the form can tell the person. The files are dropped, the text is kept: the form
    comes back filled in, with the reason (the body limit of the tip form is the proxy's, above this budget)."""

    total = 0  # bytes kept across all the files of this request

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        too_big = self.buffer.tell() + len(raw_data) > conf.max_file_bytes()
        if too_big or self.total > conf.max_file_bytes() * conf.max_files():
            # The form says which: "file" (one file over its limit) or "total" (all the files together).
            self.request.tips_upload_too_large = "file" if too_big else "total"
            self.buffer = io.BytesIO()
            raise SkipFile()
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name="attachment",
            content_type="application/octet-stream",
            size=file_size,
            charset=None,
            content_type_extra=None,
        )

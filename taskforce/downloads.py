"""A file the portal makes on request (a CSV, a PDF, a receipt), answered under its own name."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def file_response(content, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """`content` as a download named `filename`, or shown in the browser when `inline`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    return response

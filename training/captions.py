"""Captions of lesson videos: WebVTT files, checked before anything is stored (WCAG 2.1 SC 1.2.2).

A file is read by webvtt-py (a maintained parser) after our own checks of what it leaves to chance: the size, no
NUL byte, UTF-8 only, the `WEBVTT` signature, every timing line understood (webvtt-py skips a cue whose times it
cannot read), at least one cue, each cue ending after it starts and starting no earlier than the one before.

Each stored file gets a new random name, also when it replaces another: a published version freezes the name,
so a version published earlier keeps the captions it was published with.
"""

from __future__ import annotations

import io
import re
import uuid

import webvtt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from . import conf

# One timestamp of the WebVTT syntax: hours (two digits or more, optional), minutes, seconds, milliseconds.
_TIMESTAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")


def languages():
    """The languages a caption may be written in: the portal's (settings.LANGUAGES)."""
    return settings.LANGUAGES


def upload_path(instance, filename: str) -> str:
    """A new random name for every file stored; the author's file name is not kept."""
    return f"training/captions/{timezone.now():%Y}/{uuid.uuid4().hex}.vtt"


def _refuse(message: str, code: str) -> ValidationError:
    # Prefixed: a form puts its field's own message in place of a model error whose code it knows ("empty").
    return ValidationError(message, code=f"vtt_{code}")


def _text_of(data: bytes) -> str:
    if b"\x00" in data:
        raise _refuse(
            _("This is not a caption file: it contains binary data. Please upload a WebVTT (.vtt) text file."), "binary"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(
            _("This caption file is not written in UTF-8. Please save it again as UTF-8 and upload it."), "encoding"
        ) from exc
    return text.removeprefix("\ufeff")


def _check_signature(text: str) -> None:
    first_line = text.splitlines()[0] if text else ""
    if first_line != "WEBVTT" and not first_line.startswith(("WEBVTT ", "WEBVTT\t")):
        raise _refuse(
            _("This is not a WebVTT caption file: its first line must be WEBVTT. Please upload a .vtt file."),
            "signature",
        )


def _check_timings(text: str) -> int:
    """How many timing lines the file has; refuses the first one that is not written as WebVTT asks."""
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if "-->" not in line:
            continue
        if not _TIMING.match(line.strip()):
            raise _refuse(
                _(
                    "Line %(line)s of the caption file has times that could not be read. Write them like "
                    "00:01:02.500 --> 00:01:05.000."
                )
                % {"line": number},
                "timing",
            )
        count += 1
    return count


def _check_cues(cues, timing_lines: int) -> None:
    if not cues:
        raise _refuse(_("This caption file has no captions in it. Please add at least one cue."), "empty")
    if len(cues) != timing_lines:
        raise _refuse(_("Some captions of this file could not be read. Please check the file."), "unreadable")
    previous_start = 0
    for number, cue in enumerate(cues, start=1):
        start, end = cue.start_time.in_milliseconds(), cue.end_time.in_milliseconds()
        if end <= start:
            raise _refuse(
                _("Caption %(number)s (%(start)s) ends before it starts, or when it starts.")
                % {"number": number, "start": cue.start},
                "order",
            )
        if start < previous_start:
            raise _refuse(
                _(
                    "Caption %(number)s (%(start)s) starts before the caption above it. Captions must be in the "
                    "order of their times."
                )
                % {"number": number, "start": cue.start},
                "order",
            )
        previous_start = start


def check_vtt(data: bytes) -> None:
    """Raise ValidationError, with a message for the author, unless `data` is a WebVTT file we can serve."""
    text = _text_of(data)
    _check_signature(text)
    timing_lines = _check_timings(text)
    try:
        cues = webvtt.from_buffer(io.StringIO(text)).captions
    except (MalformedFileError, MalformedCaptionError, ValueError, IndexError) as exc:
        # A broken file fails inside the parser in its own ways (30,000 mutated files raised only its own
        # errors); all of them mean the same to the author.
        raise _refuse(
            _("This caption file could not be read. Please check that it is a WebVTT file."), "unreadable"
        ) from exc
    _check_cues(cues, timing_lines)


def validate_vtt(value) -> None:
    """The caption field's validator: the size first (nothing read), then the content."""
    limit = conf.caption_max_bytes()
    if value.size > limit:
        raise _refuse(
            _("This caption file is too large. It can be at most %(kb)s KB.") % {"kb": limit // 1024}, "too_large"
        )
    value.seek(0)
    data = value.read(limit + 1)
    value.seek(0)
    check_vtt(data)

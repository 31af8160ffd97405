"""The assessment tool's first published version and the first know-your-rights pages (real content written by
the team from public sources; nothing fictional)."""

from .services import content_load


def load() -> list[str]:
    return content_load()

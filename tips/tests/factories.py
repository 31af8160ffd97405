"""Factories and helpers for the tips app's tests."""

import re

from taskforce.testing.factories import OrganizationFactory

HOTLINE_ORGS = [
    ("cceht", "Canadian Centre to End Human Trafficking"),
    ("klinic", "Klinic Community Health Centre"),
    ("hamilton-police", "Hamilton Police Service"),
    ("chrysalis", "Chrysalis Anti-Human Trafficking Network"),
]


def hotline_organizations() -> dict:
    return {slug: OrganizationFactory(slug=slug, name=name, kind="hotline") for slug, name in HOTLINE_ORGS}


def tip_data(**overrides) -> dict:
    data = {
        "what_happened": "Workers at a farm cannot leave and their passports were taken.",
        "province": "AB",
        "city": "Brooks",
        "place": "A farm east of town",
        "when": "Last week",
        "kind": "labour",
        "danger_now": False,
        "people_description": "",
        "contact_preference": "",
    }
    data.update(overrides)
    return data


REPORT_URL = "/en/tips/report/"
FOLLOW_UP_URL = "/en/tips/follow-up/"
CODE_RE = re.compile(r'id="receipt-code">([A-Z0-9-]+)<')


def form_token(response) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
    assert match, "the page carries no form token"
    return match.group(1)


def report_post(client, *, files=(), url: str = REPORT_URL, **overrides):
    """Open the form, then send it, as a browser would. Returns the POST response."""
    data = tip_data(**overrides)
    data["danger_now"] = "yes" if data["danger_now"] else "no"
    data["form_token"] = form_token(client.get(url))
    if files:
        data["files"] = list(files)
    return client.post(url, data)


def receipt_code(response) -> str:
    match = CODE_RE.search(response.content.decode())
    assert match, "no receipt code on the page"
    return match.group(1)


def follow_up(client, code: str, body: str | None = None):
    token = form_token(client.get(FOLLOW_UP_URL))
    data = {"code": code, "form_token": token}
    if body is not None:
        data["body"] = body
    return client.post(FOLLOW_UP_URL, data)


def pdf_bytes(*, author: str = "Jane Doe", text: str = "What I saw at the farm", pages: int = 1) -> bytes:
    """A real PDF, as a word processor would save it: the author and title in its metadata, XMP included."""
    import io  # noqa: PLC0415 -- used by this test only

    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 -- used by this test only
    from reportlab.pdfgen import canvas  # noqa: PLC0415 -- used by this test only

    out = io.BytesIO()
    doc = canvas.Canvas(out)
    doc.setAuthor(author)
    doc.setTitle(f"Notes by {author}")
    for number in range(pages):
        doc.drawString(72, 720, f"{text} (page {number + 1})")
        doc.showPage()
    doc.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{author}</dc:creator></x:xmpmeta>'
    writer.xmp_metadata = xmp.encode()
    with_xmp = io.BytesIO()
    writer.write(with_xmp)
    return with_xmp.getvalue()


def opened_by(user, tip):
    """The tip as this handler opens it with their own key (issue 23), unlocked with the factories' password."""
    from taskforce.testing.factories import PASSWORD  # noqa: PLC0415 -- the factories load Django models
    from tips import keyring, sealing  # noqa: PLC0415 -- the factories load Django models

    tip.refresh_from_db()
    return sealing.tip_open_for_handler(tip, user, keyring.key_open_with_password(user, PASSWORD))


def messages_read_by(user, tip) -> list[tuple[str, str]]:
    """(kind, text) of each message and note of the tip, as this handler reads them."""
    return [(m.kind, m.body) for m in opened_by(user, tip).thread(tip.messages.all())]


def opened_with_escrow(tip, escrow_keys):
    """The tip opened with the escrow key of a hotline it was sealed to (the `escrow_keys` fixture's private half)."""
    from tips import keys, sealing  # noqa: PLC0415 -- the factories load Django models

    tip.refresh_from_db()
    grant = tip.key_grants.filter(user__isnull=True).select_related("hotline__organization").first()
    assert grant is not None, "the tip is sealed to no escrow key"
    pair = escrow_keys[grant.hotline.organization.slug]
    return sealing.opened_with(tip, keys.unseal(pair.private, bytes(grant.sealed_key)))


def tip_private_of(user, tip) -> bytes:
    """The tip's private key as the handler's request opens it (what re-routing seals to the new hotline)."""
    return opened_by(user, tip).private


def grant_to(colleague, *, by, hotline) -> int:
    """`by` gives a colleague who joined later access to the hotline's open tips, as the key access page does."""
    from taskforce.testing.factories import PASSWORD  # noqa: PLC0415 -- the factories load Django models
    from tips import keyring, sealing  # noqa: PLC0415 -- the factories load Django models

    private = keyring.key_open_with_password(by, PASSWORD)
    return sealing.grant_by_colleague(granter=by, granter_private=private, hotline=hotline, user=colleague)

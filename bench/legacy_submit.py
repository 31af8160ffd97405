"""The tip form's same-run baseline (issue 23): a tip stored as before issue 23, for `make bench` only.

Issue 23 asks that the tip form's POST stay within 1.3x the p95 it had. "Had" is measured in the same run, by the
same public view (tips.views.report: its token, trap, limits, receipt page) under another URL,
`/_bench/tips/report/legacy/` (bench/urls.py), whose tip is stored the pre-issue-23 way: the reporter's text in
the Tip's Fernet columns (EncryptedTextField), files encrypted with tips.crypto.encrypt_bytes, one Delivery per
receiving hotline with its handlers' notices, as `_tip_submit` did at the commit before issue 23. No key pair, no
sealing, no receipt-code key derivation, no reader check.

`install()` makes tips.services.tip_submit call `legacy_tip_submit` instead of the portal's `_tip_submit` while
the `LEGACY` context variable is set, which only that URL's view does. Production code is not changed: bench/urls.py
installs it, and only the benchmark's settings (ROOT_URLCONF) load bench/urls.py.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone

from tips import selectors, services, views
from tips.crypto import encrypt_bytes
from tips.models import Tip, TipFile
from tips.uploads import CleanFile, clean_upload

LEGACY: ContextVar[bool] = ContextVar("bench_legacy_tip_submit", default=False)


def _file_store(tip: Tip, clean: CleanFile, *, stored: list[str]) -> TipFile:
    # services.file_put stores exactly as the old _file_store did (a random name, FilesUnavailable on failure).
    name = services.file_put(encrypt_bytes(clean.data), stored=stored)
    return TipFile.objects.create(tip=tip, storage_name=name, content_type=clean.content_type, size=len(clean.data))


@transaction.atomic
def legacy_tip_submit(*, form_data: dict, files, source: str, language: str, stored: list[str]) -> services.TipReceipt:
    """`_tip_submit` as it was before issue 23 (`git show <issue 22's commit>:tips/services.py`)."""
    province, kind, city = form_data["province"], form_data["kind"], (form_data.get("city") or "").strip()
    receivers = selectors.receivers_for(province=province, kind=kind, city=city)
    if not receivers:
        raise services.TipError("No hotline receives tips for this region and kind.")
    code = services.receipt_code_new()
    now = timezone.now()
    tip = Tip.objects.create(
        reference=services._reference_new(),
        receipt_hash=services.receipt_hash(code),
        source=source,
        language=language,
        kind=kind,
        province=province,
        city=city,
        place=(form_data.get("place") or "").strip(),
        when=(form_data.get("when") or "").strip(),
        what_happened=form_data["what_happened"].strip(),
        danger_now=bool(form_data.get("danger_now")),
        urgent_waiting=bool(form_data.get("danger_now")),
        people_description=(form_data.get("people_description") or "").strip(),
        contact_preference=(form_data.get("contact_preference") or "").strip(),
        created_at=now,
        last_activity_at=now,
    )
    for upload in files:
        clean = upload if isinstance(upload, CleanFile) else clean_upload(upload)
        _file_store(tip, clean, stored=stored)
    services._log(tip, services.Action.RECEIVED, detail=", ".join(h.slug for h in receivers))
    services._deliveries_create(tip, receivers)
    return services.TipReceipt(tip=tip, receipt_code=code)


def install() -> None:
    """Wrap tips.services._tip_submit (once): the legacy way while LEGACY is set, the portal's otherwise.
    tip_submit looks `_tip_submit` up in its module at each call, so everything around it (the form checks, the
    stored files forgotten on failure) stays the portal's."""
    current = services._tip_submit
    if getattr(current, "bench_legacy_wrapped", False):
        return

    @functools.wraps(current)
    def dispatch(**kwargs):
        return legacy_tip_submit(**kwargs) if LEGACY.get() else current(**kwargs)

    dispatch.bench_legacy_wrapped = True
    services._tip_submit = dispatch


@functools.wraps(views.report)  # keeps its csrf_exempt mark: the form carries its own token
def report_legacy(request, *args, **kwargs):
    """The public tip form (tips.views.report, unchanged), its tip stored the pre-issue-23 way."""
    token = LEGACY.set(True)
    try:
        return views.report(request, *args, **kwargs)
    finally:
        LEGACY.reset(token)

"""Sample values for URL parameters, read from the seeded demo data.

`SAMPLES` maps each parameterized URL name to a function that returns the keyword arguments to try (one dict
per concrete page). The Django admin's patterns get theirs automatically, model by model. A parameterized
pattern with no entry here, or whose entry finds nothing in the demo data, fails
`quality/tests/test_urlmap.py`: a new page cannot be missed.

`fill_demo_gaps()` adds, through each app's own services, the few objects the demo seed does not create but
that pages need (a tip with a file, a progress report, a certificate, a saved assessment, a subscription).
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Callable
from operator import attrgetter

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .urlmap import Route

PASSWORD = "quality-demo-password-2026"

# One demo account per role (taskforce/demo.py), and the anonymous visitor (None).
PERSONAS: dict[str, str | None] = {
    "anonymous": None,
    "coordinator": "coordinator@demo.example",
    "member": "member@demo.example",
    "handler": "handler@demo.example",
    "editor": "editor@demo.example",
    "approver": "approver@demo.example",
    "trainer": "trainer@demo.example",
    "learner": "learner@demo.example",
    "admin": "admin@demo.example",
}

# The persona whose API token the API checks use: tokens are refused to accounts with a one-time password.
API_TOKEN_PERSONA = "coordinator"


def model(label: str):
    return apps.get_model(label)


def user(email: str):
    return model("taskforce.User").objects.get(email=email)


def _first(label: str, **filters):
    return model(label).objects.filter(**filters).order_by("pk").first()


def _row(label: str, **params: str) -> Callable[[], list[dict]]:
    """The parameters of the first row of `label`, each read from the attribute named (dotted for a related row's);
    none when there is no such row."""

    def provide():
        row = _first(label)
        return [{param: attrgetter(attr)(row) for param, attr in params.items()}] if row else []

    return provide


_api_item = _row("actionplan.ActionItem", slug="slug")
_milestone = _row("actionplan.Milestone", milestone_id="pk")
_indicator = _row("actionplan.Indicator", indicator_id="pk")
_indicator_value = _row("actionplan.IndicatorValue", value_id="pk")
_hotline = _row("tips.Hotline", slug="slug")
_hotline_label = _row("tips.HotlineLabel", slug="hotline.slug", label_id="pk")
_tip_file = _row("tips.TipFile", tip_id="tip_id", file_id="pk")
_certificate_token = _row("training.Certificate", token="token")
_certificate_id = _row("training.Certificate", certificate_id="pk")
_assignment = _row("training.Assignment", assignment_id="pk")
_assessment = _row("firstcontact.Assessment", pk="pk")


def _each(values) -> list[dict]:
    return [v for v in values if v]


# ----- providers, one per parameterized URL name ----------------------------------------------------------------


def _password_reset():
    someone = user("learner@demo.example")
    return [
        {"uidb64": urlsafe_base64_encode(force_bytes(someone.pk)), "token": default_token_generator.make_token(someone)}
    ]


def _otp_enrolment_link():
    from taskforce.accounts.services import otp_enrolment_token_make  # noqa: PLC0415 -- loaded when used, after Django is set up

    invite = model("taskforce.OTPEnrolment").objects.filter(used_at=None).order_by("pk").first()
    return [{"pk": invite.pk, "token": otp_enrolment_token_make(invite.pk)}] if invite else []


# The onboarding links' tokens made by the samples, by row: a token is random and only its hash is stored, so making
# a new one for each persona's walk would void the links the earlier walks saw (HEAD then answered 404 where GET had
# answered 200). They are made once with the demo data (fill_demo_gaps, committed) and given again while the row
# still stores their hash.
_ONBOARDING_TOKENS: dict[tuple[str, int], str] = {}


def _onboarding_token(kind: str, row, make) -> str | None:
    from training import onboarding  # noqa: PLC0415 -- loaded when used, after Django is set up

    kept = _ONBOARDING_TOKENS.get((kind, row.pk))
    if kept and row.token_hash == onboarding._token_hash(kept):
        return kept
    _ONBOARDING_TOKENS[(kind, row.pk)] = token = make(row.pk)
    return token


def _onboarding_link(kind: str):
    """A working link of the demo's open invitation or, made here if the seed has none, of a registration waiting
    for its address to be confirmed (the same token for every walk while the row keeps it)."""

    def provide():
        from training import onboarding  # noqa: PLC0415 -- loaded when used, after Django is set up

        if kind == "invitation":
            invitation = _first("training.Invitation", accepted_at=None, revoked_at=None)
            if invitation is None:
                return []
            return [{"token": _onboarding_token(kind, invitation, onboarding.invitation_token_make)}]
        signup = _first("training.SignupRequest", state="confirming")
        if signup is None:
            organization = onboarding.organizations_open_to_signup().first()
            if organization is None:
                return []
            signup = onboarding.signup_request(
                organization=organization,
                email="confirming.learner@demo.example",
                name="Casey Confirming (demo)",
                audience="justice",
                password=PASSWORD,
            )
        return [{"token": _onboarding_token(kind, signup, onboarding.signup_token_make)}] if signup else []

    return provide


def _report():
    report = _first("actionplan.ProgressReport")
    return [{"plan_slug": report.plan.slug, "as_of": report.as_of.isoformat()}] if report else []


def _items():
    items = model("actionplan.ActionItem").objects.order_by("parent_id", "pk")
    top = items.filter(parent=None).first()
    sub = items.exclude(parent=None).first()
    return _each([{"key": top.url_key} if top else None, {"key": sub.url_key} if sub else None])


def _item():
    return _items()[:1]


def _tip():
    tip_file = _first("tips.TipFile")
    tip = tip_file.tip if tip_file else _first("tips.Tip")
    return [{"tip_id": tip.pk}] if tip else []


def _courses():
    return [{"slug": c.slug} for c in model("training.Course").objects.exclude(current_version=None).order_by("pk")]


def _steps(*, is_open: bool, kind: str | None = None):
    from training.reader import VersionContent  # noqa: PLC0415 -- loaded when used, after Django is set up

    found = []
    for course in model("training.Course").objects.filter(is_open=is_open).exclude(current_version=None):
        steps = VersionContent(course.current_version.content).steps
        # One lesson and one quiz of each course: each kind of step has its own template.
        for step_kind in ("lesson", "quiz") if kind is None else (kind,):
            step = next((s for s in steps if s.kind == step_kind), None)
            if step:
                found.append({"slug": course.slug, "key": step.key})
    return found


def _attempt():
    attempt = _first("training.Attempt", submitted_at__isnull=False) or _first("training.Attempt")
    return [{"attempt_id": attempt.pk}] if attempt else []


def _scorm_package():
    """A file of the demo SCORM package that is not a page: the package's pages are its own (their language is the
    package's, not the path's); the crawl opens its launch page inside the player page, where a learner sees it."""
    package = _first("training.ScormPackage")
    names = [name for name in package.file_names if name.endswith(".css")] if package else []
    return [{"package_id": package.pk, "path": names[0]}] if names else []


def _scorm_enrolment():
    state = _first("training.ScormState")
    return [{"enrolment_id": state.enrolment_id}] if state else []


def _written_course():
    return _first("training.Course", organization__isnull=False)


def _written(row: str, param: str, **fixed: str) -> Callable[[], list[dict]]:
    """`param` set to the id of the demo's course written in the portal (row "course"), or of its first module,
    lesson or question; `fixed` adds the other parameters as they are."""

    def provide():
        course = _written_course()
        if course is None:
            return []
        found = {
            "course": lambda: course,
            "module": lambda: course.modules.order_by("pk").first(),
            "lesson": lambda: model("training.Lesson").objects.filter(module__course=course).order_by("pk").first(),
            "question": lambda: course.questions.order_by("pk").first(),
        }[row]()
        return [{param: found.pk, **fixed}] if found else []

    return provide


def _written_preview():
    from training import services  # noqa: PLC0415 -- loaded when used, after Django is set up
    from training.reader import VersionContent  # noqa: PLC0415 -- loaded when used, after Django is set up

    course = _written_course()
    if course is None:
        return []
    return [
        {"course_id": course.pk, "key": step.key} for step in VersionContent(services.course_snapshot(course)).steps
    ]


def _scorm_courses():
    return [{"slug": c.slug} for c in model("training.Course").objects.filter(kind="scorm").order_by("pk")]


def _subscription(purpose: str):
    def provide():
        from publications.services import subscription_token  # noqa: PLC0415 -- loaded when used, after Django is set up

        subscription = _first("publications.Subscription")
        return [{"token": subscription_token(subscription, purpose=purpose)}] if subscription else []

    return provide


def _entries(*, published_only: bool = False):
    entries = model("publications.RegistryEntry").objects.order_by("pk")
    if published_only:
        entries = entries.filter(status="published")
    # One entry per workflow state: each state shows different buttons.
    seen, found = set(), []
    for entry in entries:
        if entry.status not in seen:
            seen.add(entry.status)
            found.append({"public_id": entry.public_id})
    return found


def _entry_actions():
    actions = getattr(importlib.import_module("publications.staff_views"), "ACTIONS", {})
    entries = _entries()[:1]
    return [{**entries[0], "action": action} for action in actions] if entries else []


def _publications():
    return [{"slug": p.slug} for p in model("publications.Publication").objects.order_by("pk")[:3]]


def _rights_default():
    slugs = model("firstcontact.RightsPage").objects.order_by("slug").values_list("slug", flat=True).distinct()
    return [{"slug": s} for s in slugs]


def _rights_pages():
    pages = model("firstcontact.RightsPage").objects.order_by("slug")
    return [{"slug": p.slug, "language": code} for p in pages for code in p.languages()]


def _documents(label: str, param: str):
    """Every stored document (evidence, registry sources): the draft's and the public entry's alike."""
    return [{param: pk} for pk in model(label).objects.exclude(file="").order_by("pk").values_list("pk", flat=True)]


def _public_media():
    """A public file under /media/ (taskforce/media.py): the demo's lesson picture, a publication's PDF."""
    names = [
        *model("training.Lesson").objects.exclude(image="").order_by("pk").values_list("image", flat=True)[:1],
        *model("publications.Publication").objects.exclude(pdf="").order_by("pk").values_list("pdf", flat=True)[:1],
    ]
    return [{"path": name} for name in names]


def _partner_client():
    client = _first("taskforce.PartnerClient")
    return [{"client_id": client.pk}] if client else []


def _partner_key():
    key = _first("taskforce.PartnerKey")
    return [{"client_id": key.client_id, "key_id": key.pk}] if key else []


def _partner_indicator():
    indicator = _first("actionplan.Indicator", partner_clients__isnull=False)
    return [{"slug": indicator.slug}] if indicator else []


def _statistics_datasets():
    from opendata.api import STATISTICS_THEME  # noqa: PLC0415 -- loaded when used, after Django is set up

    return [{"slug": d["slug"]} for d in _datasets() if _dataset_theme(d["slug"]) == STATISTICS_THEME][:1]


def _dataset_theme(slug: str) -> str:
    from opendata.datasets import dataset  # noqa: PLC0415 -- loaded when used, after Django is set up

    return dataset(slug).theme


def _datasets():
    from opendata.datasets import all_datasets  # noqa: PLC0415 -- loaded when used, after Django is set up

    return [{"slug": ds.slug} for ds in all_datasets()]


def _dataset_snapshots():
    """Today's snapshots (written here if the daily task has not run: it is idempotent), one of each format."""
    from opendata import snapshots  # noqa: PLC0415 -- loaded when used, after Django is set up

    snapshots.snapshots_write()
    days = sorted(snapshots.snapshot_days(limit=1).items())[:1]
    return [{"day": d[0].isoformat(), "slug": slug, "file_format": f} for slug, d in days for f in snapshots.FORMATS]


SAMPLES: dict[str, Callable[[], list[dict]]] = {
    "accounts:password_reset_confirm": _password_reset,
    "accounts:otp_enrol_link": _otp_enrolment_link,
    "actionplan:report": _report,
    "actionplan:report_csv": _report,
    "actionplan:report_pdf": _report,
    "actionplan:milestone_done": _milestone,
    "actionplan:item": _items,
    "actionplan:item_history": _items,
    "actionplan:item_update": _item,
    "actionplan:item_edit": _item,
    "actionplan:item_follow": _item,
    "actionplan:milestone_add": _item,
    "actionplan:indicator_add": _item,
    "actionplan:indicator_value_add": _indicator,
    "actionplan:indicator_value_review": _indicator_value,
    "api-actionplan-item-detail": _api_item,
    "api-actionplan-item-updates": _api_item,
    "tips:tip_detail": _tip,
    "tips:tip_status": _tip,
    "tips:tip_assign": _tip,
    "tips:tip_reply": _tip,
    "tips:tip_note": _tip,
    "tips:tip_reroute": _tip,
    "tips:tip_file": _tip_file,
    "tips:tip_detail_old": _tip,
    "tips:tip_reminder": _tip,
    "tips:tip_labels": _tip,
    "tips:hotline_labels": _hotline,
    "tips:hotline_label_rename": _hotline_label,
    "tips:hotline_label_delete": _hotline_label,
    "actionplan:evidence_file": lambda: _documents("actionplan.Evidence", "evidence_id"),
    "publications:source_file": lambda: _documents("publications.RegistrySource", "source_id"),
    "training:course": _courses,
    "training:course_start": _courses,
    "training:step": lambda: _steps(is_open=False),
    "training:quiz_start": lambda: _steps(is_open=False, kind="quiz"),
    "training:open_step": lambda: _steps(is_open=True),
    "training:attempt": _attempt,
    "training:scorm_player": _scorm_courses,
    "training:scorm_file": _scorm_package,
    "public_media": _public_media,
    "api-training-scorm-commit": _scorm_enrolment,
    "training:certificate_verify": _certificate_token,
    "training:certificate_pdf": _certificate_id,
    "training:certificate_revoke": _certificate_id,
    "training:assignment_delete": _assignment,
    "training:invitation_accept": _onboarding_link("invitation"),
    "training:invitation_resend": _row("training.Invitation", invitation_id="pk"),
    "training:invitation_revoke": _row("training.Invitation", invitation_id="pk"),
    "training:signup_confirm": _onboarding_link("signup"),
    "training:signup_decide": _row("training.SignupRequest", signup_id="pk"),
    "training:authoring_course": _written("course", "course_id"),
    "training:authoring_publish": _written("course", "course_id"),
    "training:authoring_module_new": _written("course", "course_id"),
    "training:authoring_question_new": _written("course", "course_id"),
    "training:authoring_preview": _written_preview,
    "training:authoring_module": _written("module", "module_id"),
    "training:authoring_lesson_new": _written("module", "module_id"),
    "training:authoring_lesson": _written("lesson", "lesson_id"),
    "training:authoring_caption": _written("lesson", "lesson_id"),
    "training:authoring_question": _written("question", "question_id"),
    "training:authoring_row_action": _written("lesson", "row_id", kind="lesson", action="up"),
    "publications:subscription_confirm": _subscription("confirm"),
    "publications:unsubscribe": _subscription("unsubscribe"),
    "publications:entry_staff": _entries,
    "publications:entry_edit": lambda: _entries()[:1],
    "publications:entry_source_add": lambda: _entries()[:1],
    "publications:entry_action": _entry_actions,
    "publications:registry_entry": lambda: _entries(published_only=True),
    "api-publications-registry-detail": lambda: _entries(published_only=True)[:1],
    "api-publications-registry-action": lambda: [{**e, "action": "approve"} for e in _entries()[:1]],
    "publications:publication_detail": _publications,
    "api-publications-publication-detail": lambda: _publications()[:1],
    "firstcontact:assessment_detail": _assessment,
    "firstcontact:referral_make": _assessment,
    "firstcontact:rights_page_default": _rights_default,
    "firstcontact:rights_page": _rights_pages,
    "opendata:data_dictionary": _datasets,
    "opendata:dataset_csv": _datasets,
    "opendata:dataset_json": _datasets,
    "opendata:dataset_other_format": lambda: [{**d, "file_format": "xlsx"} for d in _datasets()[:1]],
    "opendata:snapshot": _dataset_snapshots,
    "staff:partner_client": _partner_client,
    "staff:partner_key_issue": _partner_client,
    "staff:partner_client_scopes": _partner_client,
    "staff:partner_client_revoke": _partner_client,
    "staff:partner_key_revoke": _partner_key,
    "api-taskforce-partner-statistics-dataset": _statistics_datasets,
    "api-taskforce-partner-indicator-values": _partner_indicator,
}


# ----- the Django admin: samples by model --------------------------------------------------------------------------

_ADMIN_MODEL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def _admin_samples(route: Route) -> list[dict]:
    params = set(route.params)
    if params == {"app_label"}:
        return [{"app_label": "taskforce"}]
    if params == {"url"}:
        return [{"url": "no-such-admin-page/"}]
    if params == {"content_type_id", "object_id"}:
        from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415 -- loaded when used, after Django is set up

        publication = _first("publications.Publication")
        if not publication:
            return []
        return [{"content_type_id": ContentType.objects.get_for_model(publication).pk, "object_id": publication.pk}]
    match = _ADMIN_MODEL.match(route.pattern)
    if not match:
        return []
    try:
        admin_model = apps.get_model(match["app"], match["model"])
    except LookupError:
        return []
    obj = admin_model._default_manager.order_by("pk").first()
    if obj is None:
        return []
    (param,) = params
    return [{param: obj.pk}]


def samples_for(route: Route) -> list[dict]:
    """The keyword arguments to try for `route` ([] when there is no sample: a failure for a parameterized one)."""
    if not route.params:
        return [{}]
    if route.is_admin:
        return _admin_samples(route)
    provider = SAMPLES.get(route.name)
    return provider() if provider else []


def build_path(route: Route, kwargs: dict, language: str = "en") -> str:
    """The path of `route` with `kwargs`, reversed by name, or filled into the pattern when it has no name."""
    from .urlmap import path_for  # noqa: PLC0415 -- loaded when used, after Django is set up

    if route.name:
        return path_for(route, kwargs, language)
    path = route.pattern.replace("<lang>", language)
    for key, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{key}>|\(\?P<{key}>[^)]*\)", str(value), path)
    return "/" + path


def all_paths(route: Route, language: str = "en") -> list[str]:
    return [build_path(route, kwargs, language) for kwargs in samples_for(route)]


# ----- what the demo seed leaves out ------------------------------------------------------------------------------


def _gap_tip_with_file():
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- loaded when used, after Django is set up
    from PIL import Image  # noqa: PLC0415 -- loaded when used, after Django is set up

    from tips.services import tip_submit  # noqa: PLC0415 -- loaded when used, after Django is set up
    from tips.uploads import clean_upload  # noqa: PLC0415 -- loaded when used, after Django is set up

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    png = buffer.getvalue()
    tip_submit(
        form_data={
            "what_happened": "Fictional tip made by the quality checks: a worker's passport was taken.",
            "province": "AB",
            "city": "Calgary",
            "place": "",
            "when": "last week",
            "kind": "labour",
            "danger_now": False,
            "people_description": "",
            "contact_preference": "",
        },
        files=[clean_upload(SimpleUploadedFile("photo.png", png, content_type="image/png"))],
    )


def _gap_progress_report():
    from django.utils import timezone  # noqa: PLC0415 -- loaded when used, after Django is set up

    from actionplan.services import report_generate  # noqa: PLC0415 -- loaded when used, after Django is set up

    plan = model("actionplan.Plan").objects.order_by("-pk").first()
    report_generate(plan=plan, as_of=timezone.localdate(), actor=user("coordinator@demo.example"))


def _gap_certificate():
    """The learner takes a course to the end, answering every quiz right: enrolment, attempts, certificate."""
    from training import services  # noqa: PLC0415 -- loaded when used, after Django is set up
    from training.reader import VersionContent  # noqa: PLC0415 -- loaded when used, after Django is set up

    course = model("training.Course").objects.filter(is_open=False).exclude(current_version=None).first()
    enrolment = services.enrolment_start(user=user("learner@demo.example"), course=course)
    course_content = VersionContent(enrolment.version.content)
    for step in course_content.steps:
        if step.kind == "lesson":
            services.lesson_complete(enrolment=enrolment, key=step.key)
            continue
        quiz = course_content.quiz(step.key)
        right = {q["key"]: [c["key"] for c in q["choices"] if c["correct"]] for q in quiz["questions"]}
        attempt = services.attempt_open(enrolment=enrolment, quiz=step.key)
        services.attempt_submit(attempt=attempt, raw_answers=right)
        enrolment.refresh_from_db()


def _gap_scorm_state():
    """The learner starts the demo SCORM course and its package commits once (not passed)."""
    from training import scorm_demo, scorm_services, services  # noqa: PLC0415 -- loaded when used, after Django is set up

    course = scorm_demo.seed()
    enrolment = services.enrolment_start(user=user("learner@demo.example"), course=course)
    scorm_services.scorm_commit(enrolment=enrolment, data={"cmi": {"core": {"lesson_status": "incomplete"}}})


def _fictional_pdf(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- loaded when used, after Django is set up
    from reportlab.pdfgen import canvas  # noqa: PLC0415 -- loaded when used, after Django is set up

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, text)
    document.save()
    return SimpleUploadedFile("fictional.pdf", buffer.getvalue(), content_type="application/pdf")


def _gap_evidence():
    from actionplan.services import item_post_update  # noqa: PLC0415 -- loaded when used, after Django is set up

    item = model("actionplan.ActionItem").objects.filter(parent=None).order_by("pk").first()
    item_post_update(
        item=item,
        actor=user("coordinator@demo.example"),
        reason="Fictional update made by the quality checks, with a public source.",
        expected_version=item.version,
        evidence_title="Fictional source",
        evidence_url="https://www.alberta.ca/",
        evidence_file=_fictional_pdf("Fictional minutes made by the quality checks"),
    )


def _gap_registry_source():
    from publications.services import source_add  # noqa: PLC0415 -- loaded when used, after Django is set up

    entry = model("publications.RegistryEntry").objects.order_by("pk").first()
    source_add(
        entry=entry, actor=user("editor@demo.example"), title="Fictional court record", url="https://www.alberta.ca/"
    )
    public = model("publications.RegistryEntry").objects.filter(status="published").order_by("pk").first()
    for target in filter(None, [entry, public]):
        source_add(
            entry=target,
            actor=user("editor@demo.example"),
            title="Fictional decision (PDF)",
            upload=_fictional_pdf("Fictional decision made by the quality checks"),
        )


def _gap_sign_in_records():
    """A failed and a successful sign-in through the real form (axes rows), then authenticator devices for the
    personas that need them, an enrolment link an administrator sent, and an API token (hashed) for a persona
    allowed one (accounts with a one-time password get none)."""
    from django.test import Client  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.urls import reverse  # noqa: PLC0415 -- loaded when used, after Django is set up

    from taskforce.accounts.services import api_token_issue, otp_enrolment_issue  # noqa: PLC0415 -- loaded when used, after Django is set up
    from taskforce.roles import requires_otp  # noqa: PLC0415 -- loaded when used, after Django is set up
    from taskforce.testing.auth import confirmed_device  # noqa: PLC0415 -- loaded when used, after Django is set up

    client = Client()
    client.post(reverse("accounts:login"), {"username": "nobody@demo.example", "password": "not-the-password"})
    client.post(reverse("accounts:login"), {"username": "member@demo.example", "password": PASSWORD})
    for email in filter(None, PERSONAS.values()):
        account = user(email)
        if requires_otp(account):
            confirmed_device(account)
    otp_enrolment_issue(user=user("handler@demo.example"), actor=user("admin@demo.example"))
    api_token_issue(user=user(PERSONAS[API_TOKEN_PERSONA]))


def _gap_hotline_label():
    hotline = _first("tips.Hotline")
    model("tips.HotlineLabel").objects.create(hotline=hotline, name="Fictional label")


def _gap_axes_failure_log():
    """Axes keeps this log only when AXES_ENABLE_ACCESS_FAILURE_LOG is on; its admin page is checked all the same."""
    model("axes.AccessFailureLog").objects.create(
        username="nobody@demo.example", ip_address="127.0.0.1", user_agent="quality checks", path_info="/en/"
    )


def _gap_subscription():
    from publications.services import subscription_request  # noqa: PLC0415 -- loaded when used, after Django is set up

    subscription_request(email="subscriber@demo.example", language="en")


def _gap_assessment():
    from firstcontact import selectors, services  # noqa: PLC0415 -- loaded when used, after Django is set up

    version = selectors.version_current()
    outcome = selectors.assessment_evaluate(version=version, answers={}, province="AB", city="Edmonton", full_done=True)
    services.assessment_save(provider=user("member@demo.example"), outcome=outcome)


def _gap_audit_rows():
    """One row of each audit table the demo seed does not write: an item edit, a registry review step (a fictional
    draft sent for review) and a training assignment event."""
    from actionplan.services import item_edit  # noqa: PLC0415 -- loaded when used, after Django is set up
    from publications.services import entry_create, entry_submit_for_review  # noqa: PLC0415 -- loaded when used, after Django is set up
    from publications.tests.factories import entry_data  # noqa: PLC0415 -- loaded when used, after Django is set up
    from training.services import assignment_create  # noqa: PLC0415 -- loaded when used, after Django is set up

    coordinator = user("coordinator@demo.example")
    item = model("actionplan.ActionItem").objects.filter(parent=None).order_by("pk").last()
    item_edit(item=item, actor=coordinator, expected_version=item.version, fields={"weight": item.weight + 1})
    editor = user("editor@demo.example")
    draft = entry_create(actor=editor, data=entry_data(legal_name="Fictional Review Step Ltd."), is_fictional=True)
    entry_submit_for_review(entry=draft, actor=editor, version=draft.version)
    course = model("training.Course").objects.filter(is_open=False).exclude(current_version=None).first()
    assignment_create(
        actor=user("trainer@demo.example"),
        course=course,
        organization=user("trainer@demo.example").memberships.first().organization,
        required=False,
    )


def _gap_partner_client():
    """A partner organization's API client that reads the statistics and submits values for one indicator, with a
    key (issued by the coordinator, as on its page)."""
    from taskforce.partners import partner_client_create, partner_key_issue  # noqa: PLC0415 -- loaded when used, after Django is set up

    coordinator = user("coordinator@demo.example")
    client = partner_client_create(
        actor=coordinator,
        organization=model("taskforce.Organization").objects.order_by("pk").first(),
        name="Fictional partner client of the quality checks",
        can_read_statistics=True,
        can_submit_values=True,
        indicators=model("actionplan.Indicator").objects.order_by("pk")[:1],
    )
    partner_key_issue(actor=coordinator, client=client)


GAPS: list[tuple[str, Callable[[], None]]] = [
    ("taskforce.PartnerClient", _gap_partner_client),
    ("actionplan.ItemEdit", _gap_audit_rows),
    ("knox.AuthToken", _gap_sign_in_records),
    ("axes.AccessFailureLog", _gap_axes_failure_log),
    ("actionplan.Evidence", _gap_evidence),
    ("publications.RegistrySource", _gap_registry_source),
    ("tips.TipFile", _gap_tip_with_file),
    ("tips.HotlineLabel", _gap_hotline_label),
    ("actionplan.ProgressReport", _gap_progress_report),
    ("training.Certificate", _gap_certificate),
    ("training.ScormState", _gap_scorm_state),
    ("publications.Subscription", _gap_subscription),
    ("firstcontact.Assessment", _gap_assessment),
]


def fill_demo_gaps() -> list[str]:
    """Create what the demo seed lacks; returns the problems met (each names the model and the error)."""
    from django.db import transaction  # noqa: PLC0415 -- loaded when used, after Django is set up

    problems = []
    for label, make in GAPS:
        if model(label).objects.exists():
            continue
        try:
            with transaction.atomic():
                make()
        except Exception as exc:  # reported by test_urlmap, not hidden
            problems.append(f"could not make a {label} for the samples: {type(exc).__name__}: {exc}")
    # The onboarding links' tokens, made now and kept with the data (the walks roll their own changes back).
    _ONBOARDING_TOKENS.clear()
    for kind in ("invitation", "signup"):
        _onboarding_link(kind)()
    return problems

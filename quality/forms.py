"""Forms found in a page's HTML, and the bad values to feed them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile

TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", "textarea", ""}
MB = 1024 * 1024

# Markers of the HTML/script payload: found raw (with "<") in a page, they mean stored text was not escaped.
XSS_PAYLOAD = "<script>alert('q-xss')</script><img src=x onerror=alert('q-xss')>\"'><b>q-bold</b>"
XSS_RAW_MARKERS = ("<script>alert('q-xss')", "<img src=x onerror=", "<b>q-bold</b>")

TEXT_PAYLOADS = {
    "html-script": XSS_PAYLOAD,
    "sql": "1' OR '1'='1'; DROP TABLE taskforce_user; -- ",
    "unicode": "Zoë ẞ ǅ 👩🏽‍⚕️ \u202eevil\u202c \ufeff \u200b 𝕿𝖊𝖘𝖙 ﷽ 中文 עברית",
    "nul-byte": "before\x00after",
    "huge": ("Fictional long text " * (MB // 20 + 10))[: MB + 100],
}
MALFORMED = {
    "email": "not@an@email",
    "url": "javascript:alert(1)",
    "date": "2026-02-30",
    "datetime-local": "2026-13-45T25:61",
    "time": "25:61",
    "number": "1e999",
    "range": "-99999999999999999999",
    "tel": "☎☎☎",
    "checkbox": "maybe",
    "radio": "zzz-not-a-choice",
    "select": "zzz-not-a-choice",
    "hidden": "99999999999999999999",
}
WRONG_TYPE = "not-a-number-☃"


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    page: str
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.method, self.action, tuple(sorted({f.name for f in self.fields})))

    def __str__(self) -> str:
        return (
            f"{self.method.upper()} {self.action} (form on {self.page}; fields {sorted({f.name for f in self.fields})})"
        )


class _Parser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self._form = Form(
                self.page,
                urlsplit(action).path + (f"?{urlsplit(action).query}" if urlsplit(action).query else ""),
                (a.get("method") or "get").lower(),
                a.get("enctype", ""),
            )
            self.forms.append(self._form)
        if self._form is None or "name" not in a or "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if a.get("name"):
                    self._form.fields.append(Field(a["name"], "submit", a.get("value", "")))
                return
            self._form.fields.append(
                Field(a["name"], kind, a.get("value", ""), checked="checked" in a, multiple="multiple" in a)
            )
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form.fields.append(Field(a["name"], "submit", a.get("value", "")))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_forms(html: str, page: str) -> list[Form]:
    parser = _Parser(page)
    parser.feed(html)
    return [f for f in parser.forms if f.action.startswith("/")]


def _png(size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image  # noqa: PLC0415 -- loaded when used, after Django is set up

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def baseline(form: Form) -> dict[str, list]:
    """What an untouched form sends: its values, checked boxes, first real option."""
    data: dict[str, list] = {}
    first_submit = True
    for f in form.fields:
        if f.kind == "submit":
            if first_submit:
                data.setdefault(f.name, []).append(f.value)
                first_submit = False
        elif f.kind in ("checkbox", "radio"):
            if f.checked:
                data.setdefault(f.name, []).append(f.value or "on")
        elif f.kind == "select":
            value = f.value or next((o for o in f.options if o), "")
            data.setdefault(f.name, []).append(value)
        elif f.kind != "file":
            data.setdefault(f.name, []).append(f.value)
    return data


def variants(form: Form):
    """(label, data, files) for each kind of bad input the form is fed."""
    base = baseline(form)
    fillable = [f for f in form.fields if f.kind not in ("submit", "file") and f.name != "csrfmiddlewaretoken"]
    text_fields = [f for f in fillable if f.kind in TEXT_TYPES]
    file_fields = [f for f in form.fields if f.kind == "file"]

    yield "empty", {**base, **{f.name: [""] for f in fillable}}, {}
    yield "missing-fields", {k: v for k, v in base.items() if k == "csrfmiddlewaretoken"}, {}
    for label, payload in TEXT_PAYLOADS.items():
        if text_fields:
            yield label, {**base, **{f.name: [payload] for f in text_fields}}, {}
    if fillable:
        yield "malformed", {**base, **{f.name: [MALFORMED.get(f.kind, WRONG_TYPE)] for f in fillable}}, {}
        yield "wrong-type", {**base, **{f.name: [WRONG_TYPE, "2"] for f in fillable}}, {}
    for f in file_fields:
        weird = "..\\../\u202egnp.exe<script>alert(1)</script> Zoë 👩🏽.png"
        yield "file-weird-name", base, {f.name: SimpleUploadedFile(weird, _png(), content_type="image/png")}
        yield "file-huge", base, {f.name: SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (MB + MB // 2))}
        yield "file-empty", base, {f.name: SimpleUploadedFile("empty.png", b"", content_type="image/png")}
        yield "file-disguised", base, {f.name: SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a picture")}
        yield "file-sql-name", base, {f.name: SimpleUploadedFile("x'; DROP TABLE tips_tip;--.png", _png())}

"""Tips in every language (issue 18): a tip written in any language is taken and routed as usual, the handler
sees the language the reporter used, and the directory says which hotlines answer in which languages."""

import pytest
from django.core.exceptions import ValidationError

from tips import services
from tips.models import Delivery, Hotline, Tip

from .factories import opened_with_escrow, receipt_code, report_post, tip_data

pytestmark = pytest.mark.django_db

ARABIC = "العمال محبوسون في المزرعة ليلاً، وصاحب العمل يحتفظ بجوازات سفرهم. 12 شخصاً."
CHINESE = "餐馆老板拿走了工人的护照，他们每天工作十六个小时。"


def _receivers(tip) -> set[str]:
    return set(Delivery.objects.filter(tip=tip).values_list("hotline__slug", flat=True))


def test_a_tip_written_in_arabic_on_the_arabic_page_is_taken_and_routed_like_an_english_one(
    client, hotlines, escrow_keys
):
    english = report_post(client, what_happened="Workers locked in at night.", province="MB")
    assert english.status_code == 200 and receipt_code(english)
    response = report_post(client, url="/ar/tips/report/", what_happened=ARABIC, province="MB", city="وينيبيغ")
    assert response.status_code == 200
    assert receipt_code(response)
    first, second = Tip.objects.order_by("id")
    opened = opened_with_escrow(second, escrow_keys)
    assert opened.what_happened == ARABIC and opened.city == "وينيبيغ"
    assert (first.language, second.language) == ("en", "ar")
    assert _receivers(second) == _receivers(first) != set()


def test_the_handler_sees_the_reporters_language_and_the_text_is_tagged_with_it(client, hotlines, handler_client):
    report_post(client, url="/zh-hans/tips/report/", what_happened=CHINESE)
    tip = Tip.objects.get()
    html = handler_client.get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()
    assert '<span lang="zh-hans" dir="ltr">简体中文</span> (Simplified Chinese)' in html
    assert 'id="tip-text" lang="zh-hans" dir="auto"' in html and CHINESE in html
    inbox = handler_client.get("/en/tips/staff/inbox/").content.decode()
    assert 'class="badge text-bg-info reporter-language" lang="zh-hans"' in inbox


def test_a_tip_from_elsewhere_or_in_an_unknown_language_says_so(client, hotlines, handler_client):
    receipt = services.tip_submit(form_data=tip_data(), language="xx")
    assert receipt.tip.language == ""
    html = handler_client.get(f"/en/tips/staff/inbox/{receipt.tip.id}/").content.decode()
    assert 'id="tip-language">not known</dd>' in html


def test_the_directory_names_each_language_in_its_own_script_and_says_who_answers_in_yours(client, hotlines):
    manitoba = Hotline.objects.get(slug="manitoba-human-trafficking-hotline")
    manitoba.languages = "en fr uk"
    manitoba.save()
    html = client.get("/uk/hotlines/").content.decode()
    assert '<span lang="uk" dir="ltr">Українська</span>' in html
    assert html.count("answers-in-your-language") == 2  # the national line (interpreters) and Manitoba
    html = client.get("/ar/hotlines/").content.decode()
    assert 'lang="ar" dir="rtl"' in html and "bootstrap.rtl.min.css" in html
    assert html.count("answers-in-your-language") == 1  # only the national line, through interpreters


def test_a_hotline_cannot_list_a_language_the_portal_does_not_know(hotlines):
    hotline = Hotline.objects.get(slug="chrysalis-network")
    hotline.languages = "en klingon"
    with pytest.raises(ValidationError) as refused:
        hotline.full_clean()
    assert "klingon" in str(refused.value)
    hotline.languages = "en es"
    hotline.full_clean()


def test_a_phone_number_in_arabic_text_is_set_apart_left_to_right(client, hotlines, handler_client):
    report_post(client, url="/ar/tips/report/", what_happened="رقم المدير 416-555-0199 في شركة Green Valley <b>")
    tip = Tip.objects.get()
    html = handler_client.get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()
    assert 'رقم المدير <span dir="ltr">416-555-0199</span> في شركة Green Valley &lt;b&gt;' in html


def test_a_phone_number_in_a_translated_lesson_is_set_apart_too():
    from taskforce.markdown import markdown_to_html  # noqa: PLC0415 -- used by this test only

    html = str(markdown_to_html("اتصل على الرقم **1-833-900-1010** [هنا](tel:18339001010) في 2026-12-02."))
    assert '<strong><span dir="ltr">1-833-900-1010</span></strong>' in html
    assert 'href="tel:18339001010"' in html and '<span dir="ltr">2026-12-02</span>' in html

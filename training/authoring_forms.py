"""Forms of course writing in the portal (training/authoring.py does the writes)."""

import uuid

import filetype
from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from i18nfield.forms import I18nTextarea, I18nTextInput

from taskforce.forms import SourceFirstI18nFormField
from taskforce.language import text_data
from taskforce.markdown import check_markdown
from taskforce.uploads import EXTENSIONS, JPEG, PNG, clean_upload

from . import captions, conf
from .models import Audience, Course, Lesson, Module, Question

VIDEO_KINDS = {"video/mp4": "mp4", "video/webm": "webm"}


class CourseForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "content_warning",
            "audiences",
            "estimated_minutes",
            "pass_mark",
            "max_attempts",
            "retake_wait_hours",
            "validity_months",
        ]
        field_classes = {
            "title": SourceFirstI18nFormField,
            "summary": SourceFirstI18nFormField,
            "content_warning": SourceFirstI18nFormField,
        }

    def __init__(self, *args, organizations=None, **kwargs):
        """With `organizations` (a new course), the form asks which of them writes it."""
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("Written by"), queryset=organizations, empty_label=None
            )


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title"]
        field_classes = {"title": SourceFirstI18nFormField}


class LessonForm(forms.ModelForm):
    """A lesson: its text in Markdown (previewed as the learner will see it), a picture with its description, and a
    video with its transcript (captions are added on the lesson's page)."""

    image_file = forms.FileField(
        label=_("Picture (JPEG or PNG)"),
        required=False,
        help_text=_("It replaces the lesson's picture. Describe it below for people who cannot see it."),
    )
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)
    video_file = forms.FileField(
        label=_("Video (MP4 or WebM)"),
        required=False,
        help_text=_("It replaces the lesson's video. Add captions in English before you publish."),
    )

    class Meta:
        model = Lesson
        fields = ["title", "body", "image_alt", "transcript"]
        field_classes = {
            "title": SourceFirstI18nFormField,
            "body": SourceFirstI18nFormField,
            "image_alt": SourceFirstI18nFormField,
            "transcript": SourceFirstI18nFormField,
        }

    def _markdown(self, name):
        """A Markdown text checked in every language it is written in (taskforce.markdown.check_markdown)."""
        value = self.cleaned_data.get(name)
        for text in text_data(value).values():
            check_markdown(text)
        return value

    def clean_body(self):
        return self._markdown("body")

    def clean_transcript(self):
        return self._markdown("transcript")

    def clean_image_file(self):
        upload = self.cleaned_data.get("image_file")
        if not upload:
            return None
        cleaned = clean_upload(upload, max_bytes=conf.lesson_image_max_bytes(), kinds=(JPEG, PNG))
        return ContentFile(cleaned.data, name=f"{uuid.uuid4().hex}.{EXTENSIONS[cleaned.content_type]}")

    def clean_video_file(self):
        upload = self.cleaned_data.get("video_file")
        if not upload:
            return None
        if upload.size > conf.lesson_video_max_bytes():
            raise forms.ValidationError(
                _("The video is too large: at most %(mb)s MB.") % {"mb": conf.lesson_video_max_bytes() // 2**20}
            )
        upload.seek(0)
        kind = filetype.guess(upload.read(8192))
        upload.seek(0)
        if kind is None or kind.mime not in VIDEO_KINDS:
            raise forms.ValidationError(_("Please send an MP4 or WebM video."), code="kind")
        upload.name = f"{uuid.uuid4().hex}.{VIDEO_KINDS[kind.mime]}"
        return upload

    def clean(self):
        data = super().clean()
        has_image = bool(data.get("image_file")) or (bool(self.instance.image) and not data.get("remove_image"))
        source = settings.LANGUAGE_CODE
        if has_image and not text_data(data.get("image_alt")).get(source):
            language = get_language_info(source)["name_translated"]
            self.add_error(
                "image_alt",
                _("Describe the picture in %(language)s at least, for people who cannot see it.")
                % {"language": language},
            )
        has_video = bool(data.get("video_file")) or bool(self.instance.video)
        if has_video and not text_data(data.get("transcript")).get(source):
            self.add_error("transcript", _("A lesson with a video needs its transcript."))
        return data

    def apply_files(self, lesson: Lesson) -> None:
        """Put the checked files on the lesson (saved by the service with the rest)."""
        if self.cleaned_data.get("remove_image"):
            lesson.image = ""
        if self.cleaned_data.get("image_file"):
            lesson.image = self.cleaned_data["image_file"]
        if self.cleaned_data.get("video_file"):
            lesson.video = self.cleaned_data["video_file"]


class CaptionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=captions.languages)
    file = forms.FileField(label=_("Captions (WebVTT file)"), help_text=_("A .vtt file in UTF-8, timed to the video."))


class QuestionForm(forms.ModelForm):
    place = forms.ChoiceField(label=_("Where it is asked"))

    class Meta:
        model = Question
        fields = ["kind", "text"]
        field_classes = {"text": SourceFirstI18nFormField}

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.modules = {str(m.id): m for m in course.modules.order_by("order", "id")}
        self.fields["place"].choices = [("final", _("The final assessment"))] + [
            (key, _("The knowledge check of “%(module)s”") % {"module": module.title})
            for key, module in self.modules.items()
        ]
        self.fields["place"].initial = str(self.instance.module_id) if self.instance.module_id else "final"

    def module(self) -> Module | None:
        return self.modules.get(self.cleaned_data["place"])


class ChoiceForm(forms.Form):
    text = SourceFirstI18nFormField(label=_("Answer"), required=False, max_length=500, widget=I18nTextInput)
    is_correct = forms.BooleanField(label=_("This answer is correct"), required=False)
    feedback = SourceFirstI18nFormField(
        label=_("Feedback shown to a learner who chose it"), required=False, widget=I18nTextarea
    )

    def clean(self):
        data = super().clean()
        if not self.is_blank() and not text_data(data.get("text")).get(settings.LANGUAGE_CODE):
            language = get_language_info(settings.LANGUAGE_CODE)["name_translated"]
            self.add_error(
                "text",
                _("Write it in %(language)s at least: other languages fall back to it.") % {"language": language},
            )
        return data

    def is_blank(self) -> bool:
        return not any(text_data((self.cleaned_data or {}).get("text")).values())


ChoiceFormSet = forms.formset_factory(ChoiceForm, extra=0, min_num=4, max_num=8, validate_max=True)


def choices_of(formset) -> list[dict]:
    """The answers written in the formset, blank rows left out."""
    return [
        {
            "text": form.cleaned_data["text"],
            "is_correct": form.cleaned_data["is_correct"],
            "feedback": form.cleaned_data["feedback"],
        }
        for form in formset
        if form.cleaned_data and not form.is_blank()
    ]

"""The admin's page for SCORM packages: a package is added (imported) for a course, then only looked at."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import scorm, scorm_services
from .models import Course, ScormPackage


class ScormImportForm(forms.ModelForm):
    package = forms.FileField(
        label=_("SCORM package (.zip)"),
        help_text=_(
            "A SCORM 1.2 or SCORM 2004 package with imsmanifest.xml at its root. It becomes the course's new "
            "published version."
        ),
    )

    class Meta:
        model = ScormPackage
        fields = ["course"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(is_open=False)

    def clean_package(self):
        upload = self.cleaned_data["package"]
        scorm.read_package(upload)  # the clear refusal, on the form, before anything is stored
        return upload


@admin.register(ScormPackage)
class ScormPackageAdmin(admin.ModelAdmin):
    list_display = ["course", "version", "title", "launch", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["course", "uploaded_by"]
    readonly_fields = [
        "course",
        "version",
        "title",
        "launch",
        "mastery_score",
        "sha256",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    exclude = ["file_names", "storage_prefix"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            return ScormImportForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_exclude(self, request, obj=None):
        return self.exclude if obj is not None else None

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ["course", "package"]

    def has_change_permission(self, request, obj=None):
        return False  # a package is never changed: import a new one

    def has_delete_permission(self, request, obj=None):
        return False  # enrolments and their results point at it

    def save_model(self, request, obj, form, change):
        created = scorm_services.scorm_package_import(
            course=form.cleaned_data["course"], upload=form.cleaned_data["package"], actor=request.user
        )
        for field in ScormPackage._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

"""What every admin page of the portal shares: corrections to Django's own admin widgets, whose markup fails
axe-core (WCAG 2.1 A/AA) as it comes (the browser crawl in quality/ visits every add and change form), and the
scheme assumed for links typed without one."""

from django import forms
from django.contrib import admin
from django.contrib.admin import options
from django.db import models
from django.forms.models import BaseInlineFormSet
from i18nfield import fields as i18n_fields
from i18nfield import forms as i18n_forms

from .forms import SourceFirstI18nFormField

# Every admin form, inlines included, edits a translated text in each language of settings.LANGUAGES with
# django-i18nfield's widgets, not as the raw JSON the admin's TextField widget would show. Set when the admin
# modules are imported (they import this one), before any ModelAdmin copies these defaults.
options.FORMFIELD_FOR_DBFIELD_DEFAULTS[i18n_fields.I18nCharField] = {
    "widget": i18n_forms.I18nTextInput,
    "form_class": SourceFirstI18nFormField,
}
options.FORMFIELD_FOR_DBFIELD_DEFAULTS[i18n_fields.I18nTextField] = {
    "widget": i18n_forms.I18nTextarea,
    "form_class": SourceFirstI18nFormField,
}

# Plain checkboxes rather than Django's filter widget: its script gives a <span> an aria-label, which ARIA
# forbids on an element without a role (aria-prohibited-attr), and it needs a script to be used at all.
CHECKBOXES_FOR_MANY = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

# An address typed without a scheme becomes an https:// one (Django 6's default, asked for now).
HTTPS_FOR_LINKS = {models.URLField: {"assume_scheme": "https"}}


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline shows each field's label once, as a column heading; the boxes in its rows have no
    label of their own. Give each the column's words, so that a screen reader names the box it is in."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", str(field.label or name))


class TabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet


class ReadOnlyAdminMixin:
    """Shown for reference only: records written by the portal's services (history, change logs, access logs,
    attempts). Nobody adds or edits them here; `allow_delete = True` keeps the delete button where removing a
    record is allowed (it is never allowed for an append-only log)."""

    allow_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and super().has_delete_permission(request, obj)

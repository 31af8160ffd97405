from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from taskforce.templatetags import portal_text

from .. import reader
from ..models import Audience

register = template.Library()


@register.filter
def tr(value):
    """The current language's text of a frozen {language code: text} value, marked where it fell back."""
    return portal_text.tr(value)


@register.filter
def audience_label(code):
    return dict(Audience.choices).get(code, code)


@register.filter
def percent(value):
    """A percentage as each language writes it: 80% in English, 80 % in French."""
    return _("%(value)s%%") % {"value": value}


@register.filter
def media_url(stored):
    """The address of a file a version froze (reader.media_url)."""
    return reader.media_url(stored)


@register.simple_tag
def caption_tracks(lesson):
    """The caption tracks of a frozen lesson's video, the page's language shown by default."""
    return reader.caption_tracks(lesson, get_language())

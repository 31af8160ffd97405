"""`{% load portal_links %}` then `{% absolute_url "tips:follow_up" %}` or `{% absolute_url path %}`: the
absolute link of taskforce.links, for mails and other text read away from the portal."""

from django import template

from taskforce import links

register = template.Library()


@register.simple_tag
def absolute_url(path_or_name, *args, **kwargs):
    return links.absolute_url(path_or_name, *args, **kwargs)

"""Atom feeds: registry additions, corrections, appeals and delistings; and the task force's publications."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taskforce.links import absolute_url

from . import conf, selectors
from .models import RegistryChange

K = RegistryChange.Kind


class TextAtomFeed(Atom1Feed):
    """Atom whose summaries are `type="text"`: what editors typed reaches feed readers as characters, never as
    markup to render (Django's own Atom feed declares them HTML)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PortalFeed(Feed):
    """Every link from SITE_URL (taskforce.links), like the CSV, the API and mail: never the Host of the request
    at hand (Django's Feed would prefix that to relative links). Summaries are text; ids are not links."""

    feed_type = TextAtomFeed
    item_guid_is_permalink = False
    list_url_name = feed_url_name = ""

    def link(self):
        return absolute_url(self.list_url_name)

    def feed_url(self):
        return absolute_url(self.feed_url_name)


class RegistryFeed(PortalFeed):
    title = gettext_lazy("Business registry: additions, corrections and delistings")
    list_url_name, feed_url_name = "publications:registry_list", "publications:registry_feed"
    subtitle = gettext_lazy("Businesses named for knowingly facilitating human trafficking, and every change.")

    def items(self):
        return selectors.registry_feed_changes(limit=conf.feed_items())

    def item_title(self, change: RegistryChange):
        names = {"name": change.entry.legal_name, "id": change.entry.public_id}
        if change.kind == K.DELISTING:  # a delisted business is not named again, here or anywhere
            return _("Delisted: entry %(id)s") % names
        if change.kind == K.ADDITION:
            return _("Added: %(name)s (%(id)s)") % names
        if change.kind == K.APPEAL:
            return _("Appeal status changed: %(name)s (%(id)s)") % names
        return _("Corrected: %(name)s (%(id)s)") % names

    def item_description(self, change: RegistryChange):
        if change.kind == K.DELISTING:
            return change.reason
        if change.kind == K.ADDITION:
            return change.entry.summary
        return f"{change.field_label}: {change.old_display} → {change.new_display}. {change.reason}"

    def item_link(self, change: RegistryChange):
        return absolute_url("publications:registry_entry", change.entry.public_id) + f"#change-{change.pk}"

    def item_guid(self, change: RegistryChange):
        return f"registry-change-{change.pk}"

    def item_pubdate(self, change: RegistryChange):
        return change.changed_at


class PublicationFeed(PortalFeed):
    title = gettext_lazy("Human Trafficking Task Force: reports and news")
    list_url_name, feed_url_name = "publications:publication_list", "publications:publication_feed"
    subtitle = gettext_lazy("Reports, news, bulletins and progress reports of the task force.")

    def items(self):
        return selectors.publications_public()[: conf.feed_items()]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item.link_url)

    def item_guid(self, item):
        return f"publication-{item.pk}"

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time(9)))

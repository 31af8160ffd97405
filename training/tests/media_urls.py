"""The portal's addresses with uploaded files served the way `make run` serves them (taskforce/urls.py, when
DEBUG), so that tests load lesson media from our own origin. MEDIA_ROOT is read per request: tests change it."""

from django.conf import settings
from django.urls import path
from django.views.static import serve

from taskforce.urls import urlpatterns as portal_urlpatterns


def _media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*portal_urlpatterns, path("media/<path:path>", _media)]

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import media, views

handler400 = "taskforce.views.error_400"
handler403 = "taskforce.views.error_403"
handler404 = "taskforce.views.error_404"
handler500 = "taskforce.views.error_500"

admin.site.site_header = "Human Trafficking Task Force — administration"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("taskforce.api_urls")),
    # Public media (training, publications) from our own origin, from the local disk or the shared bucket
    # (taskforce/media.py); behind nginx with files on the local disk, nginx answers these itself.
    path("media/<path:path>", media.public_media, name="public_media"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("browse-safely/", views.browse_safely, name="browse_safely"),
    path("accounts/", include("taskforce.accounts.urls")),
    path("staff/", include("taskforce.staff_urls")),
    path("", include("actionplan.urls")),
    path("", include("tips.urls")),
    path("", include("training.urls")),
    path("", include("publications.urls")),
    path("", include("firstcontact.urls")),
    path("", include("opendata.urls")),
)

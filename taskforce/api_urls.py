from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("actionplan.api_urls")),
    path("", include("tips.api_urls")),
    path("", include("training.api_urls")),
    path("", include("publications.api_urls")),
    path("", include("firstcontact.api_urls")),
    path("", include("opendata.api_urls")),
]
